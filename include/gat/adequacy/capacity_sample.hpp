// The sampled available capacity of the conventional units, kept per (year, hour), so that one
// set of draws can be compared against several net loads: the weather years of renewable plants
// (adequacy/renewables.hpp) and the load additions of an ELCC search (adequacy/elcc.hpp).
//
// The draws are those of the two samplers: state sampling takes unit u available in (year y,
// hour h) when availability_draw(seed, y, h, u) ≥ FOR_u, as capacity_check does; sequential
// takes sequential_available_mw(units, hours, seed, y). Unit draws depend on the unit's index,
// not on the other units, so a system with units appended (a candidate plant) sees the same
// draws for the units it shares: common random numbers for free. Sampled year y uses weather
// year weather_year_draw(seed, y, n). A year is short in hour h when N_w,h − A_y,h > 1e-9 MW.
// Memory: years × hours doubles (1,000 years of 8,760 h: 70 MB).
#pragma once

#include <cstdint>
#include <vector>

#include "gat/adequacy/capacity.hpp"
#include "gat/adequacy/estimate.hpp"

namespace gat::adequacy {

enum class Sampling { states, sequential };

struct CapacitySample {
  std::uint64_t seed = 0;
  std::size_t years = 0, hours = 0;
  std::size_t first_year = 0;  // the sample holds years first_year … first_year + years − 1
  std::vector<double> available_mw;  // year-major: [y · hours + h]
};

// Years first_year … first_year + years − 1, in parallel (oneTBB); the result does not depend
// on the thread count, and a year's draws not on the range it is sampled in. Sequential
// sampling needs mttr_h for every unit (ModelError/UsageError as sequential_monte_carlo).
CapacitySample sample_capacity(const Units& units, std::size_t hours, std::size_t years,
                               std::uint64_t seed, Sampling sampling, std::size_t first_year = 0);

struct YearIndices {
  std::vector<double> lol_hours, unserved_mwh, events;  // per sampled year
};

// Each sampled year against its weather year's net load (one profile per weather year, each of
// `hours` hours) plus added_mw every hour.
YearIndices year_indices(const CapacitySample& sample,
                         const std::vector<std::vector<double>>& net_load_mw, double added_mw = 0);

// Σ_y lol_hours_y / years alone (the ELCC search's inner loop).
double mean_lol_hours(const CapacitySample& sample,
                      const std::vector<std::vector<double>>& net_load_mw, double added_mw);

}  // namespace gat::adequacy
