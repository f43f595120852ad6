// Capacity check for adequacy screening: Monte Carlo over scenarios × hours × units.
//
// Each generating unit u is, in every (scenario s, hour h), available with probability
// 1 − FOR_u and out otherwise, independently (a two-state unit, hourly draws):
//   available_u,s,h  ⇔  U(seed; s, h, u) ≥ FOR_u,     U: Philox4x32-10 (adequacy/philox.hpp)
//   capacity_s,h = Σ_u available · P_max,u   (summed in unit order),
//   shortfall_s,h = max(0, load_h − capacity_s,h).
// Per scenario: loss-of-load hours and unserved energy; per hour: the number of scenarios
// short and their unserved energy; overall LOLE = mean loss-of-load hours per scenario,
// EUE = mean unserved energy, LOLP_h = share of scenarios short in hour h. The draws depend on
// (seed, s, h, u) alone, so results do not depend on threads, GPU launch shape or how the
// scenarios are cut into chunks: per-scenario sums run over hours in order, per-hour sums over
// scenarios are exact (FixedSum); the device's sums run in the same order, so its results are
// the CPU's to the bit.
//
// MATPOWER cases carry no outage rates: every unit takes kDefaultForcedOutageRate unless a
// file gives its own (io/arrow/adequacy_tables.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "gat/accel/device.hpp"
#include "gat/adequacy/estimate.hpp"
#include "gat/adequacy/fixed_sum.hpp"
#include "gat/core/network.hpp"
#include "gat/core/scenario.hpp"

namespace gat::adequacy {

// A typical forced outage rate of thermal units (NERC GADS class averages lie between about
// 0.02 and 0.10); a documented default, not data.
inline constexpr double kDefaultForcedOutageRate = 0.05;

struct Units {
  std::vector<std::int32_t> gen;  // generator row; -1 for a unit that is not in a case
  std::vector<double> p_mw;       // rating P_max
  std::vector<double> forced_outage_rate;
  // Mean time to repair (h), for chronological sampling; empty when only rates are known.
  // The mean time to failure follows: MTTF = MTTR (1 − FOR) / FOR.
  std::vector<double> mttr_h;
  std::size_t size() const { return gen.size(); }
};

// In-service generators with P_max > 0, each with `default_for`.
Units units_from_case(const core::Network& net, double default_for = kDefaultForcedOutageRate);

// System load (MW) per hour of the scenario (Scenario::total_load_p_pu).
std::vector<double> hourly_load_mw(const core::Network& net, const core::Scenario& scenario);

struct CapacityOptions {
  std::uint64_t seed = 0;
  std::size_t first_scenario = 0;  // scenarios first_scenario … first_scenario + n_scenarios − 1
  std::size_t n_scenarios = 1000;
  std::size_t chunk_scenarios = 0;  // 0: all at once (the device) or per thread (CPU)
  bool keep_shortfall = false;
  accel::Device* device = nullptr;
};

struct CapacityResult {
  accel::CapacityOutput raw;  // per scenario and per hour, as the problem states
  // Per hour: the unserved energy summed over the scenarios, exactly (raw.hour_unserved_mwh is
  // its value), so that the sums of several scenario ranges add up to that of their union.
  std::vector<FixedSum> hour_unserved_mwh_sum;
  double lole_hours = 0;  // mean loss-of-load hours per scenario over the period
  double eue_mwh = 0;     // mean unserved energy per scenario over the period
  // The same means with their standard errors over the scenarios (each scenario one sampled
  // period, e.g. a year), and LOLP = LOLE / hours: the expected share of hours short.
  Estimate lole_h_estimate;
  Estimate eue_mwh_estimate;
  double lolp = 0;
  double seconds = 0;
  std::string backend = "cpu";
};

CapacityResult capacity_check(const Units& units, std::span<const double> load_mw,
                              const CapacityOptions& options);

// The CPU reference for one chunk of scenarios (oneTBB over scenarios).
accel::CapacityOutput capacity_check_cpu(const accel::CapacityProblem& problem);

}  // namespace gat::adequacy
