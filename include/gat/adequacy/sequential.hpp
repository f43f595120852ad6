// Sequential (chronological) Monte Carlo of generation adequacy with two-state units.
//
// Unit u alternates between up and down with exponential durations, mean MTTF_u up and MTTR_u
// down (MTTF_u = MTTR_u (1 − q_u) / q_u from its forced outage rate q_u). Each sampled year
// starts every unit in its stationary state (down with probability q_u; by memorylessness the
// residual duration is again exponential), so the years are independent and identically
// distributed and P(u up at any instant) = 1 − q_u. A unit counts as available in hour h when it
// is up at the hour's start t = h. Per year y:
//   LOL hours_y = #{h : A_h < L_h},   unserved_y = Σ_h max(0, L_h − A_h) · 1 h,
//   events_y    = number of runs of consecutive short hours (a loss-of-load event),
// and over years: LOLE, EUE, LOLF = mean events (occurrences/yr), each with its standard error
// (adequacy/estimate.hpp); LOLD = LOLE / LOLF (h per event) and LOLP = LOLE / hours.
//
// With independent units the expected LOLE and EUE equal the COPT's and the non-sequential
// sampler's; LOLF does not: chronology makes short hours cluster into events lasting about the
// repair times, where independent hourly draws would count almost every short hour as an event.
//
// Draws: Philox4x32-10 (adequacy/philox.hpp), counter (draw pair j, unit, year low, year high),
// key = seed, so a year's sample depends on (seed, year, unit) alone — not on threads or on how
// years are batched. Years run in batches of `batch_years`; after each batch the run stops when
// at least `min_years` are done and the LOLE's coefficient of variation is at most
// `target_cov`, or when `max_years` are done. The stop is decided on whole batches, so the
// number of years is the same for any thread count.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "gat/adequacy/capacity.hpp"
#include "gat/adequacy/capacity_sample.hpp"
#include "gat/adequacy/estimate.hpp"

namespace gat::adequacy {

struct SequentialOptions {
  std::uint64_t seed = 0;
  std::size_t max_years = 1000;
  std::size_t min_years = 100;
  std::size_t batch_years = 50;
  double target_cov = 0.0;  // 0: run max_years
};

struct SequentialResult {
  std::size_t years = 0;
  bool reached_target = false;  // stopped on target_cov rather than max_years
  Estimate lole_h;              // h/period
  Estimate eue_mwh;             // MWh/period
  Estimate lolf;                // events/period
  double lold_h = 0;            // LOLE / LOLF, h per event (0 without events)
  double lolp = 0;              // LOLE / hours
  // Per sampled year, for tables and plots.
  std::vector<double> year_lol_hours;
  std::vector<double> year_unserved_mwh;
  std::vector<double> year_events;
  double seconds = 0;
};

// The capacity up (MW) at the start of each hour of sampled year `year`, with the draws the
// sampler above uses. A_h is a running sum of ± unit capacities, so it can carry a rounding
// residue far below 1e-9 MW: compare loads against it with kShortfallTolerance.
std::vector<double> sequential_available_mw(const Units& units, std::size_t n_hours,
                                            std::uint64_t seed, std::uint64_t year);
inline constexpr double kShortfallTolerance = 1e-9;  // MW

// `units` needs mttr_h for every unit. ModelError naming the unit for a rate outside [0, 1) or
// an MTTR that is not positive; UsageError for options that cannot run (no years, no batch).
SequentialResult sequential_monte_carlo(const Units& units, std::span<const double> load_mw,
                                        const SequentialOptions& options);

// With renewable plants: one net-load profile per weather year (adequacy/renewables.hpp), year
// y against profile weather_year_draw(seed, y, n).
SequentialResult sequential_monte_carlo(const Units& units,
                                        const std::vector<std::vector<double>>& net_load_mw,
                                        const SequentialOptions& options);

// The building blocks of the above, for a run cut into ranges of years (runs/): years
// first … first + n − 1, each as sequential_monte_carlo samples it (the same checks).
YearIndices sequential_years(const Units& units,
                             const std::vector<std::vector<double>>& net_load_mw,
                             std::uint64_t seed, std::size_t first, std::size_t n);

// Where the run stops, given every year's LOL hours up to max_years: the first whole batch
// after which at least min_years are done and LOLE's CoV ≤ target_cov (reached_target), else
// all of them.
struct SequentialStop {
  std::size_t years = 0;
  bool reached_target = false;
};
SequentialStop sequential_stop(std::span<const double> year_lol_hours,
                               const SequentialOptions& options);

}  // namespace gat::adequacy
