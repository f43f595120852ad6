// Adequacy inputs that are not a network: generating units by type and the weekly/daily/hourly
// load model (adequacy/weekly_load_model.hpp), as CSV. tests/data/rts79/ holds the IEEE RTS
// 1979 in these formats.
#pragma once

#include <filesystem>

#include "gat/adequacy/capacity.hpp"
#include "gat/adequacy/renewables.hpp"
#include "gat/adequacy/weekly_load_model.hpp"

namespace gat::io {

// Units by type, one row per type: capacity_mw, units (how many identical units; 1 when the
// column is absent), and forced_outage_rate or mttf_h and mttr_h or all three (then they must
// agree: FOR = MTTR / (MTTF + MTTR) to 1e-6). Optional unit_type names the row. Every unit
// gets gen = −1. InputError file:line for a rate outside [0, 1), MTTF or MTTR ≤ 0, a count that
// is not a positive integer, a negative capacity.
adequacy::Units read_unit_types(const std::filesystem::path& file);

// The load model from three CSVs in `folder`: weekly_peak.csv (week, percent_of_annual_peak,
// season), daily_peak.csv (day, percent_of_weekly_peak, day_type weekday|weekend: 7 rows),
// hourly_peak.csv (hour 0–23 and a column <season>_weekday and <season>_weekend for every
// season named in weekly_peak.csv: 24 rows).
adequacy::WeeklyLoadModel read_weekly_load_model(const std::filesystem::path& folder,
                                                 double annual_peak_mw);

// System load per hour (CSV: hour, load_mw), hours 0, 1, … in order. InputError file:line for a
// missing, repeated or out-of-order hour, or a load that is negative or not a number.
std::vector<double> read_hourly_load(const std::filesystem::path& file);

// Renewable plants (CSV, docs/schemas/adequacy.md): plant, capacity_mw, weather_year, hour,
// capacity_factor; one row per plant × weather year × hour, each series' hours 0, 1, … in
// order. Every plant has the same weather years in the same order, every series `hours` hours
// (the load's). InputError file:line for a capacity factor outside [0, 1] or not a number, a
// capacity that is negative or differs between a plant's rows, a missing or out-of-order hour,
// a series of the wrong length; file:0 naming the plant for a weather year set that differs.
adequacy::Renewables read_renewables(const std::filesystem::path& file, std::size_t hours);

}  // namespace gat::io
