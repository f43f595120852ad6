#include "adequacy_system.hpp"

#include <cmath>

#include "gat/adequacy/weekly_load_model.hpp"
#include "gat/core/error.hpp"
#include "gat/io/adequacy_inputs.hpp"

namespace gat::runs {

namespace {

const exec::InputFile* find_input(const exec::StudySpec& spec, const std::string& name) {
  for (const auto& in : spec.inputs)
    if (in.name == name) return &in;
  return nullptr;
}

}  // namespace

AdequacySystem read_adequacy_system(const exec::StudySpec& spec) {
  const auto* model = find_input(spec, "load_model");
  const auto* hourly = find_input(spec, "load");
  const double peak_mw = spec.params.at("peak_mw").get<double>();
  if (model == nullptr && hourly == nullptr)
    throw UsageError("gat " + spec.command + " needs --load-model DIR --peak-mw MW or --load FILE");
  if (model != nullptr && hourly != nullptr)
    throw UsageError("--load-model and --load: give the load one way");
  if (model != nullptr && !(peak_mw > 0))
    throw UsageError("--load-model needs --peak-mw, the annual peak (MW)");
  if (hourly != nullptr && peak_mw != 0)
    throw UsageError("--peak-mw applies only with --load-model");
  AdequacySystem s;
  s.units = io::read_unit_types(spec.input("units").path);
  if (model != nullptr) {
    const auto m = io::read_weekly_load_model(model->path, peak_mw);
    s.load_mw = adequacy::hourly_load_mw(m);
    s.daily_peak_mw = adequacy::daily_peak_mw(m);
  } else {
    s.load_mw = io::read_hourly_load(hourly->path);
    if (s.load_mw.size() % 24 == 0) s.daily_peak_mw = adequacy::daily_peak_mw(s.load_mw);
  }
  if (const auto* r = find_input(spec, "renewables"))
    s.renewables = io::read_renewables(r->path, s.load_mw.size());
  s.net_load_mw = adequacy::net_load_mw(s.load_mw, s.renewables);
  return s;
}

std::vector<InputSpec> adequacy_system_inputs() {
  return {{"units", "--units", true,
           "CSV of unit types: capacity_mw, units, forced_outage_rate and/or mttf_h, mttr_h"},
          {"load_model", "--load-model", false,
           "Folder with weekly_peak.csv, daily_peak.csv, hourly_peak.csv (as tests/data/rts79)"},
          {"load", "--load", false, "CSV of hourly system load: hour, load_mw"},
          {"renewables", "--renewables", false,
           "CSV of renewable plants: plant, capacity_mw, weather_year, hour, capacity_factor"}};
}

std::vector<Option> adequacy_system_options(const std::string& years_help) {
  return {{.key = "peak_mw",
           .flag = "--peak-mw",
           .type = OptionType::kNumber,
           .default_value = 0.0,
           .unit = "MW",
           .help = "Annual peak load of --load-model",
           .min = 0},
          {.key = "method",
           .flag = "--method",
           .type = OptionType::kText,
           .default_value = "all",
           .help = "COPT (exact), state sampling, sequential Monte Carlo, or all",
           .choices = {"all", "copt", "states", "sequential"}},
          {.key = "step_mw",
           .flag = "--step-mw",
           .type = OptionType::kNumber,
           .default_value = 1.0,
           .unit = "MW",
           .help = "COPT capacity step",
           .min = 0,
           .min_exclusive = true},
          {.key = "years",
           .flag = "--years",
           .type = OptionType::kInt,
           .default_value = 1000,
           .help = years_help,
           .min = 1},
          {.key = "seed",
           .flag = "--seed",
           .type = OptionType::kInt,
           .default_value = 0,
           .help = "Key of the counter-based generator (Philox4x32-10): year y's draws depend "
                   "on (seed, y) alone",
           .min = 0,
           .seed = true}};
}

std::vector<std::string> monte_carlo_methods(const std::string& method) {
  std::vector<std::string> out;
  for (const char* m : {"states", "sequential"})
    if (method == "all" || method == m) out.emplace_back(m);
  return out;
}

}  // namespace gat::runs
