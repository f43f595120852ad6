#include "gat/adequacy/weekly_load_model.hpp"

#include <algorithm>
#include <cmath>

#include "gat/core/error.hpp"

namespace gat::adequacy {

void WeeklyLoadModel::validate() const {
  if (!(annual_peak_mw >= 0.0) || !std::isfinite(annual_peak_mw))
    throw ModelError("load model", "the annual peak must be a finite number of MW >= 0");
  if (week_season.size() != weekly_peak_pct.size())
    throw ModelError("load model", std::to_string(weekly_peak_pct.size()) + " weekly peaks but " +
                                       std::to_string(week_season.size()) + " week seasons");
  if (weekday_hourly_pct.size() != season_names.size() ||
      weekend_hourly_pct.size() != season_names.size())
    throw ModelError("load model", "every season needs a weekday and a weekend hourly shape");
  const auto check_pct = [](double x, const std::string& where) {
    if (!(x >= 0.0) || !std::isfinite(x))
      throw ModelError(where, "percentage " + std::to_string(x) + " must be finite and >= 0");
  };
  for (std::size_t w = 0; w < weekly_peak_pct.size(); ++w) {
    const std::string week = "week " + std::to_string(w + 1);
    check_pct(weekly_peak_pct[w], week);
    if (week_season[w] >= season_names.size())
      throw ModelError(week, "season index " + std::to_string(week_season[w]) + " of " +
                                 std::to_string(season_names.size()) + " seasons");
  }
  for (std::size_t d = 0; d < 7; ++d) check_pct(daily_peak_pct[d], "day " + std::to_string(d + 1));
  for (std::size_t s = 0; s < season_names.size(); ++s) {
    for (std::size_t h = 0; h < 24; ++h) {
      check_pct(weekday_hourly_pct[s][h], season_names[s] + " weekday hour " + std::to_string(h));
      check_pct(weekend_hourly_pct[s][h], season_names[s] + " weekend hour " + std::to_string(h));
    }
  }
}

std::vector<double> daily_peak_mw(const WeeklyLoadModel& m) {
  m.validate();
  std::vector<double> peaks;
  peaks.reserve(m.weekly_peak_pct.size() * 7);
  for (double weekly : m.weekly_peak_pct) {
    for (double daily : m.daily_peak_pct)
      peaks.push_back(m.annual_peak_mw * (weekly / 100.0) * (daily / 100.0));
  }
  return peaks;
}

std::vector<double> daily_peak_mw(std::span<const double> hourly) {
  if (hourly.size() % 24 != 0)
    throw ModelError("load profile",
                     std::to_string(hourly.size()) + " hours are not whole days: no daily peaks");
  std::vector<double> peaks;
  for (std::size_t h = 0; h < hourly.size(); h += 24)
    peaks.push_back(*std::max_element(hourly.begin() + static_cast<std::ptrdiff_t>(h),
                                      hourly.begin() + static_cast<std::ptrdiff_t>(h + 24)));
  return peaks;
}

std::vector<double> hourly_load_mw(const WeeklyLoadModel& m) {
  const auto peaks = daily_peak_mw(m);
  std::vector<double> load;
  load.reserve(peaks.size() * 24);
  for (std::size_t day = 0; day < peaks.size(); ++day) {
    const std::size_t season = m.week_season[day / 7];
    const auto& shape =
        m.weekend[day % 7] ? m.weekend_hourly_pct[season] : m.weekday_hourly_pct[season];
    for (double pct : shape) load.push_back(peaks[day] * (pct / 100.0));
  }
  return load;
}

}  // namespace gat::adequacy
