#include "gat/io/adequacy_inputs.hpp"

#include <algorithm>
#include <cmath>

#include "csv_text.hpp"
#include "gat/core/error.hpp"

namespace gat::io {

adequacy::Units read_unit_types(const std::filesystem::path& file) {
  const CsvText t(file);
  const bool has_for = t.has_column("forced_outage_rate");
  const bool has_times = t.has_column("mttf_h") || t.has_column("mttr_h");
  if (!has_for && !has_times)
    throw InputError(file.string(), 1, "needs forced_outage_rate or mttf_h and mttr_h");
  adequacy::Units units;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string name =
        t.has_column("unit_type") ? "unit type " + t.text(r, "unit_type") + ": " : "";
    const double capacity = t.number(r, "capacity_mw");
    if (!(capacity >= 0.0) || !std::isfinite(capacity))
      t.fail(r, name + "capacity_mw must be a finite number >= 0");
    const double count = t.has_column("units") ? t.number(r, "units") : 1.0;
    if (!(count >= 1.0) || count != std::floor(count) || count > 1e6)
      t.fail(r, name + "units must be a positive integer");
    double rate = has_for ? t.number(r, "forced_outage_rate") : 0.0;
    const auto check_rate = [&] {
      if (!(rate >= 0.0 && rate < 1.0))
        t.fail(r, name + "forced outage rate " + std::to_string(rate) + " is outside [0, 1)");
    };
    check_rate();
    double mttr = 0.0;
    if (has_times) {
      const double mttf = t.number(r, "mttf_h");
      mttr = t.number(r, "mttr_h");
      if (!(mttf > 0.0) || !std::isfinite(mttf)) t.fail(r, name + "mttf_h must be > 0");
      if (!(mttr > 0.0) || !std::isfinite(mttr)) t.fail(r, name + "mttr_h must be > 0");
      const double from_times = mttr / (mttf + mttr);
      if (has_for && std::abs(rate - from_times) > 1e-6)
        t.fail(r, name + "forced_outage_rate " + t.text(r, "forced_outage_rate") +
                      " but MTTR/(MTTF+MTTR) = " + std::to_string(from_times));
      if (!has_for) rate = from_times;
    }
    check_rate();
    for (int i = 0; i < static_cast<int>(count); ++i) {
      units.gen.push_back(-1);
      units.p_mw.push_back(capacity);
      units.forced_outage_rate.push_back(rate);
      if (has_times) units.mttr_h.push_back(mttr);
    }
  }
  return units;
}

namespace {

std::array<double, 24> hourly_column(const CsvText& t, const std::string& column) {
  std::array<double, 24> pct{};
  for (std::size_t r = 0; r < 24; ++r) {
    if (t.number(r, "hour") != static_cast<double>(r))
      t.fail(r, "hour " + t.text(r, "hour") + ", expected " + std::to_string(r));
    pct[r] = t.number(r, column);
  }
  return pct;
}

}  // namespace

adequacy::WeeklyLoadModel read_weekly_load_model(const std::filesystem::path& folder,
                                                 double annual_peak_mw) {
  adequacy::WeeklyLoadModel m;
  m.annual_peak_mw = annual_peak_mw;
  const CsvText weekly(folder / "weekly_peak.csv");
  for (std::size_t r = 0; r < weekly.rows(); ++r) {
    m.weekly_peak_pct.push_back(weekly.number(r, "percent_of_annual_peak"));
    const auto& season = weekly.text(r, "season");
    auto it = std::find(m.season_names.begin(), m.season_names.end(), season);
    if (it == m.season_names.end()) it = m.season_names.insert(it, season);
    m.week_season.push_back(static_cast<std::size_t>(it - m.season_names.begin()));
  }
  const CsvText daily(folder / "daily_peak.csv");
  if (daily.rows() != 7)
    throw InputError((folder / "daily_peak.csv").string(), 0,
                     std::to_string(daily.rows()) + " days, expected 7");
  for (std::size_t d = 0; d < 7; ++d) {
    m.daily_peak_pct[d] = daily.number(d, "percent_of_weekly_peak");
    const auto& type = daily.text(d, "day_type");
    if (type != "weekday" && type != "weekend")
      daily.fail(d, "day_type '" + type + "' is neither weekday nor weekend");
    m.weekend[d] = type == "weekend";
  }
  const CsvText hourly(folder / "hourly_peak.csv");
  if (hourly.rows() != 24)
    throw InputError((folder / "hourly_peak.csv").string(), 0,
                     std::to_string(hourly.rows()) + " hours, expected 24");
  for (const auto& season : m.season_names) {
    m.weekday_hourly_pct.push_back(hourly_column(hourly, season + "_weekday"));
    m.weekend_hourly_pct.push_back(hourly_column(hourly, season + "_weekend"));
  }
  m.validate();
  return m;
}

std::vector<double> read_hourly_load(const std::filesystem::path& file) {
  const CsvText t(file);
  std::vector<double> load;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (t.number(r, "hour") != static_cast<double>(r))
      t.fail(r, "hour " + t.text(r, "hour") + ", expected " + std::to_string(r) +
                    " (hours 0, 1, ... in order, none missing)");
    const double l = t.number(r, "load_mw");
    if (!(l >= 0.0) || !std::isfinite(l)) t.fail(r, "load_mw must be a finite number >= 0");
    load.push_back(l);
  }
  if (load.empty()) throw InputError(file.string(), 0, "no hours");
  return load;
}

adequacy::Renewables read_renewables(const std::filesystem::path& file, std::size_t hours) {
  const CsvText t(file);
  adequacy::Renewables r;
  std::vector<std::vector<std::string>> plant_years;  // weather-year labels per plant
  std::vector<std::vector<std::size_t>> last_row;     // per plant and weather year
  for (std::size_t row = 0; row < t.rows(); ++row) {
    const auto& name = t.text(row, "plant");
    auto plant = std::find_if(r.plants.begin(), r.plants.end(),
                              [&](const auto& p) { return p.name == name; });
    const double capacity = t.number(row, "capacity_mw");
    if (!(capacity >= 0.0) || !std::isfinite(capacity))
      t.fail(row, "plant " + name + ": capacity_mw must be a finite number >= 0");
    if (plant == r.plants.end()) {
      r.plants.push_back({name, capacity, {}});
      plant_years.emplace_back();
      last_row.emplace_back();
      plant = r.plants.end() - 1;
    } else if (capacity != plant->capacity_mw) {
      t.fail(row, "plant " + name + ": capacity_mw " + t.text(row, "capacity_mw") +
                      " differs from its first row's");
    }
    const auto i = static_cast<std::size_t>(plant - r.plants.begin());
    const auto& year = t.text(row, "weather_year");
    auto& years = plant_years[i];
    const auto w =
        static_cast<std::size_t>(std::find(years.begin(), years.end(), year) - years.begin());
    if (w == years.size()) {
      years.push_back(year);
      plant->capacity_factor.emplace_back();
      last_row[i].push_back(row);
    }
    auto& series = plant->capacity_factor[w];
    if (t.number(row, "hour") != static_cast<double>(series.size()))
      t.fail(row, "plant " + name + ", weather year " + year + ": hour " + t.text(row, "hour") +
                      ", expected " + std::to_string(series.size()) +
                      " (hours 0, 1, ... in order, none missing)");
    const double cf = t.number(row, "capacity_factor");
    if (!(cf >= 0.0 && cf <= 1.0))
      t.fail(row, "plant " + name + ": capacity_factor " + t.text(row, "capacity_factor") +
                      " is outside [0, 1]");
    series.push_back(cf);
    last_row[i][w] = row;
  }
  if (r.plants.empty()) throw InputError(file.string(), 0, "no plants");
  r.weather_years = plant_years.front();
  for (std::size_t i = 0; i < r.plants.size(); ++i) {
    if (plant_years[i] != r.weather_years)
      throw InputError(file.string(), 0,
                       "plant " + r.plants[i].name + " has other weather years than plant " +
                           r.plants.front().name + " (every plant needs the same, in order)");
    for (std::size_t w = 0; w < r.weather_years.size(); ++w)
      if (r.plants[i].capacity_factor[w].size() != hours)
        t.fail(last_row[i][w], "plant " + r.plants[i].name + ", weather year " +
                                   r.weather_years[w] + ": " +
                                   std::to_string(r.plants[i].capacity_factor[w].size()) +
                                   " hours, the load has " + std::to_string(hours));
  }
  return r;
}

}  // namespace gat::io
