// Capacity outage probability table (COPT): the exact distribution of the capacity on forced
// outage for independent two-state units (Billinton & Allan, "Reliability Evaluation of Power
// Systems", ch. 2). It is the independent reference for the Monte Carlo estimates
// (adequacy/capacity.hpp) in the generation-only case.
//
// Capacities are rounded to a step s (MW): c_u = round(P_max,u / s). Adding unit u with forced
// outage rate q_u to the table of the units before it is the recursive convolution
//   p'(k) = (1 − q_u) p(k) + q_u p(k − c_u),            p(k) = P(outage = k·s), p(<0) = 0,
// exact when every capacity is a multiple of s (the RTS's are, at s = 1 MW). With C = Σ c_u·s
// installed, available capacity A = C − X, and a load L:
//   P(A < L) = Σ_{k·s > C − L} p(k)                       loss-of-load probability in that period
//   E[max(0, L − A)] = Σ_{k·s > C − L} p(k) (L − C + k·s)  expected unserved power
// and over periods t (hours, or days with the daily peak loads)
//   LOLE = Σ_t P(A < L_t)   (periods/period set),   EUE = Σ_t E[max(0, L_t − A)] · Δt.
#pragma once

#include <span>
#include <vector>

#include "gat/adequacy/capacity.hpp"

namespace gat::adequacy {

class Copt {
 public:
  // Throws ModelError naming the unit for a rate outside [0, 1) or a capacity below zero, and
  // UsageError for a step that is not positive.
  explicit Copt(const Units& units, double step_mw = 1.0);

  double step_mw() const { return step_mw_; }
  double installed_mw() const { return step_mw_ * static_cast<double>(p_.size() - 1); }
  // P(outage = k·step) for k = 0 … installed/step.
  std::span<const double> outage_probability() const { return p_; }
  // P(outage ≥ k·step).
  double outage_at_least(std::size_t k) const { return k < tail_.size() ? tail_[k] : 0.0; }

  double loss_of_load_probability(double load_mw) const;  // P(A < L)
  double expected_unserved_mw(double load_mw) const;      // E[max(0, L − A)]

 private:
  std::size_t first_short_state(double load_mw) const;  // smallest k with C − k·s < L
  double step_mw_;
  std::vector<double> p_;
  std::vector<double> tail_;         // P(X ≥ k·s)
  std::vector<double> tail_outage_;  // Σ_{j ≥ k} p(j)·j·s
};

struct CoptIndices {
  double lole = 0;  // expected periods with loss of load over the profile
  double lolp = 0;  // lole / number of periods
  double eue = 0;   // Σ_t E[max(0, L_t − A)] × period_h (MWh when period_h is in h)
};

// Indices over a load profile of equal periods of period_h hours (1 for hourly loads; for
// daily peak loads LOLE is in days and EUE is not an energy, so pass period_h = 0 to skip it).
CoptIndices copt_indices(const Copt& copt, std::span<const double> load_mw, double period_h = 1.0);

}  // namespace gat::adequacy
