// A synthetic but plausible solar plant for the RTS tests, written as a renewables CSV
// (docs/schemas/adequacy.md): 364 days × 24 h from January 1 (the RTS's year). Day length
// 12 ± 3 h over the year (longest at day 172), sun up symmetric about noon, output a half sine
// over the day scaled by a clear-sky peak of 0.55 ± 0.2 capacity factor (summer high). Weather
// year "clear" is that; "cloudy" scales each day by a factor in [0.3, 1] from a fixed pattern.
#pragma once

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>

namespace gat_test {

inline double solar_cf(std::size_t hour, bool cloudy) {
  const std::size_t day = hour / 24;
  const double season = std::cos(2 * std::numbers::pi * (static_cast<double>(day) - 172) / 365);
  const double day_length = 12 + 3 * season;
  const double t = static_cast<double>(hour % 24) + 0.5 - (12 - day_length / 2);
  if (t <= 0 || t >= day_length) return 0.0;
  const double clouds = cloudy ? 0.3 + 0.7 * static_cast<double>((day * 7919) % 100) / 99 : 1.0;
  return (0.55 + 0.2 * season) * std::sin(std::numbers::pi * t / day_length) * clouds;
}

// Writes plant "pv" of capacity_mw with the clear (and, when two_years, the cloudy) weather year.
inline std::filesystem::path write_solar_csv(const std::filesystem::path& file, double capacity_mw,
                                             bool two_years, std::size_t hours = 8736) {
  std::ofstream out(file);
  out << "plant,capacity_mw,weather_year,hour,capacity_factor\n";
  for (int w = 0; w < (two_years ? 2 : 1); ++w)
    for (std::size_t h = 0; h < hours; ++h)
      out << "pv," << capacity_mw << ',' << (w == 0 ? "clear" : "cloudy") << ',' << h << ','
          << solar_cf(h, w == 1) << '\n';
  return file;
}

}  // namespace gat_test
