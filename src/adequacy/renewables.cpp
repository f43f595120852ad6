#include "gat/adequacy/renewables.hpp"

#include <algorithm>

#include "gat/adequacy/philox.hpp"
#include "gat/core/error.hpp"

namespace gat::adequacy {

double Renewables::capacity_mw() const {
  double sum = 0;
  for (const auto& p : plants) sum += p.capacity_mw;
  return sum;
}

std::vector<std::vector<double>> net_load_mw(std::span<const double> load_mw, const Renewables& r,
                                             double added_mw) {
  const std::size_t n_weather = r.plants.empty() ? 1 : r.weather_years.size();
  std::vector<std::vector<double>> net(n_weather);
  for (std::size_t w = 0; w < n_weather; ++w) {
    net[w].assign(load_mw.begin(), load_mw.end());
    for (double& l : net[w]) l += added_mw;
    for (const auto& plant : r.plants) {
      if (plant.capacity_factor.size() != n_weather)
        throw ModelError("renewable plant " + plant.name,
                         std::to_string(plant.capacity_factor.size()) +
                             " weather years, expected " + std::to_string(n_weather));
      const auto& cf = plant.capacity_factor[w];
      if (cf.size() != load_mw.size())
        throw ModelError("renewable plant " + plant.name,
                         std::to_string(cf.size()) + " hours of capacity factor, the load has " +
                             std::to_string(load_mw.size()));
      for (std::size_t h = 0; h < cf.size(); ++h) net[w][h] -= plant.capacity_mw * cf[h];
    }
  }
  return net;
}

std::size_t weather_year_draw(std::uint64_t seed, std::uint64_t year, std::size_t n) {
  if (n <= 1) return 0;
  const auto r =
      philox4x32_10({{0xFFFFFFFFu, 0xFFFFFFFFu, static_cast<std::uint32_t>(year),
                      static_cast<std::uint32_t>(year >> 32)}},
                    static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32));
  const auto w = static_cast<std::size_t>(to_unit(r.v[0], r.v[1]) * static_cast<double>(n));
  return std::min(w, n - 1);
}

CoptIndices copt_indices(const Copt& copt, const std::vector<std::vector<double>>& net_load_mw) {
  CoptIndices mean;
  for (const auto& load : net_load_mw) {
    const auto r = copt_indices(copt, load);
    mean.lole += r.lole;
    mean.lolp += r.lolp;
    mean.eue += r.eue;
  }
  const auto n = static_cast<double>(net_load_mw.size());
  if (n > 0) mean = {mean.lole / n, mean.lolp / n, mean.eue / n};
  return mean;
}

}  // namespace gat::adequacy
