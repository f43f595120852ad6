// The chronological load model of the IEEE Reliability Test System (IEEE RTS Task Force, IEEE
// Trans. PAS-98, 1979, Tables 1–3): the load in hour h of day d of week w is
//   L = L_peak × weekly_w × daily_d × hourly_{season(w), day type(d)}(h)
// with the factors in percent of the annual, weekly and daily peak. The RTS has 52 weeks of 7
// days (8,736 hours, 364 days), three seasons and weekday/weekend hourly shapes; any number of
// weeks and seasons is accepted here.
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

namespace gat::adequacy {

struct WeeklyLoadModel {
  double annual_peak_mw = 0;
  std::vector<double> weekly_peak_pct;     // of the annual peak, one per week
  std::vector<std::size_t> week_season;    // index into the hourly shapes, one per week
  std::array<double, 7> daily_peak_pct{};  // of the weekly peak, day 0 first
  std::array<bool, 7> weekend{};
  std::vector<std::string> season_names;
  std::vector<std::array<double, 24>> weekday_hourly_pct;  // of the daily peak, per season
  std::vector<std::array<double, 24>> weekend_hourly_pct;

  // ModelError naming the week or season when the tables do not fit together.
  void validate() const;
};

// weeks × 7 × 24 hourly loads (MW), week by week, day by day, hour 0 = midnight to 1 am.
std::vector<double> hourly_load_mw(const WeeklyLoadModel& model);

// weeks × 7 daily peak loads L_peak × weekly × daily (MW): the load model of the RTS's
// "daily peak" LOLE (days/yr).
std::vector<double> daily_peak_mw(const WeeklyLoadModel& model);

// The largest load of each 24-hour day of an hourly profile (hour 0 = midnight). ModelError
// when the profile is not whole days.
std::vector<double> daily_peak_mw(std::span<const double> hourly_load_mw);

}  // namespace gat::adequacy
