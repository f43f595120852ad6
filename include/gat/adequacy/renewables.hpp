// Renewable plants as hourly capacity-factor profiles, one profile per weather year.
//
// Plant i of capacity P_i (MW) with capacity factor cf_i,w,h ∈ [0, 1] in hour h of weather year
// w produces P_i · cf_i,w,h. It has no forced outages of its own (its output already is the
// weather's availability; a plant-level outage rate would be a second, small effect that the
// profile data seldom separate from the weather). The system is then the conventional units
// against the net load
//   N_w,h = L_h + Δ − Σ_i P_i · cf_i,w,h      (Δ: a constant load addition, 0 unless for ELCC)
// which is exact because the renewable output is known once the weather year is. Each sampled
// year of the Monte Carlo draws one weather year uniformly (weather_year_draw), so the exact
// reference is the COPT's indices averaged over the weather years (copt_indices below).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gat/adequacy/copt.hpp"

namespace gat::adequacy {

struct RenewablePlant {
  std::string name;
  double capacity_mw = 0;
  std::vector<std::vector<double>> capacity_factor;  // [weather year][hour]
};

struct Renewables {
  std::vector<std::string> weather_years;  // labels, in the order of the profiles
  std::vector<RenewablePlant> plants;
  double capacity_mw() const;
};

// One net-load profile per weather year (a single one, L + Δ, without plants). ModelError
// naming the plant when a profile's length is not the load's.
std::vector<std::vector<double>> net_load_mw(std::span<const double> load_mw,
                                             const Renewables& renewables, double added_mw = 0);

// The weather year (0 … n − 1, uniform) of sampled year `year`: Philox4x32-10 on counter
// (2³²−1, 2³²−1, year): a counter neither sampler uses for unit draws, so the weather draw is
// independent of them and the same for state sampling and sequential Monte Carlo.
std::size_t weather_year_draw(std::uint64_t seed, std::uint64_t year, std::size_t n);

// The COPT indices averaged over the weather years' net loads: exact for uniform sampling.
CoptIndices copt_indices(const Copt& copt, const std::vector<std::vector<double>>& net_load_mw);

}  // namespace gat::adequacy
