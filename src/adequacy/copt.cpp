#include "gat/adequacy/copt.hpp"

#include <cmath>
#include <string>

#include "gat/core/error.hpp"

namespace gat::adequacy {

namespace {

std::string unit_name(const Units& units, std::size_t u) {
  const std::string name = "unit " + std::to_string(u + 1);
  return units.gen[u] < 0 ? name
                          : name + " (generator row " + std::to_string(units.gen[u] + 1) + ")";
}

}  // namespace

Copt::Copt(const Units& units, double step_mw) : step_mw_(step_mw), p_{1.0} {
  if (!(step_mw > 0.0) || !std::isfinite(step_mw))
    throw UsageError("COPT: the capacity step must be a positive number of MW");
  for (std::size_t u = 0; u < units.size(); ++u) {
    const double q = units.forced_outage_rate[u];
    if (!(q >= 0.0 && q < 1.0))
      throw ModelError(unit_name(units, u),
                       "forced outage rate " + std::to_string(q) + " is outside [0, 1)");
    if (!(units.p_mw[u] >= 0.0) || !std::isfinite(units.p_mw[u]))
      throw ModelError(unit_name(units, u), "capacity must be a finite number of MW >= 0");
    const auto c = static_cast<std::size_t>(std::llround(units.p_mw[u] / step_mw));
    // In place from the top, so p(k − c) is still the table before this unit.
    p_.resize(p_.size() + c, 0.0);
    for (std::size_t k = p_.size(); k-- > 0;) {
      const double out = k >= c ? p_[k - c] : 0.0;
      p_[k] = (1.0 - q) * p_[k] + q * out;
    }
  }
  // Tails summed from the top: the small probabilities of deep outages are added first.
  tail_.assign(p_.size() + 1, 0.0);
  tail_outage_.assign(p_.size() + 1, 0.0);
  for (std::size_t k = p_.size(); k-- > 0;) {
    tail_[k] = tail_[k + 1] + p_[k];
    tail_outage_[k] = tail_outage_[k + 1] + p_[k] * static_cast<double>(k) * step_mw_;
  }
}

std::size_t Copt::first_short_state(double load_mw) const {
  // C − k·s < L  ⇔  k > (C − L)/s.
  const double reserve = (installed_mw() - load_mw) / step_mw_;
  if (reserve < 0.0) return 0;
  const double k = std::floor(reserve) + 1.0;
  return k >= static_cast<double>(p_.size()) ? p_.size() : static_cast<std::size_t>(k);
}

double Copt::loss_of_load_probability(double load_mw) const {
  return tail_[first_short_state(load_mw)];
}

double Copt::expected_unserved_mw(double load_mw) const {
  const std::size_t k = first_short_state(load_mw);
  return (load_mw - installed_mw()) * tail_[k] + tail_outage_[k];
}

CoptIndices copt_indices(const Copt& copt, std::span<const double> load_mw, double period_h) {
  CoptIndices r;
  for (double l : load_mw) {
    r.lole += copt.loss_of_load_probability(l);
    if (period_h > 0.0) r.eue += copt.expected_unserved_mw(l) * period_h;
  }
  r.lolp = load_mw.empty() ? 0.0 : r.lole / static_cast<double>(load_mw.size());
  return r;
}

}  // namespace gat::adequacy
