// gat adequacy indices: LOLE, LOLP, EUE, LOLF, LOLD of a generating system by the exact COPT,
// state sampling and sequential Monte Carlo (adequacy/copt.hpp, capacity.hpp, sequential.hpp;
// docs/methods/adequacy.md), as a study.
//
// Axis "scenario": the sampled years, 0 … years − 1 (none for --method copt). A chunk samples
// its years by each Monte Carlo method asked for; year y's draws depend on (seed, y) alone
// (Philox4x32-10 keyed by the seed, the year in the counter), so a year is the same in any
// chunk and `gat runs replay RUN --scenario y` recomputes it alone. Tables
// (docs/schemas/adequacy.md), both partial, made by reduce() once every year is done:
//   adequacy_years    one row per method and sampled year: each chunk writes its years; the
//                     reduce orders them by method and year and ends the sequential years
//                     where --target-cov stops the run (sequential_stop: the batches of 50
//                     years that sequential_monte_carlo would run, whatever the chunks)
//   adequacy_indices  the COPT's exact indices (computed in the reduce: they need no
//                     scenario), each Monte Carlo index with its standard error, 95 %
//                     interval and CoV over the years, and the system studied
// Every index is a function of the per-year values in year order, so any chunking gives the
// same bits.
#include <algorithm>
#include <numeric>

#include "adequacy_system.hpp"
#include "gat/adequacy/capacity_sample.hpp"
#include "gat/adequacy/copt.hpp"
#include "gat/adequacy/sequential.hpp"
#include "gat/core/error.hpp"
#include "gat/runs/result_tables.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

// A method's per-year values in year order.
struct Years {
  std::vector<double> lol_hours, unserved_mwh, events;
  std::vector<std::int64_t> rows;  // where they are in the partial table
};

class AdequacyIndicesStudy final : public Study {
 public:
  explicit AdequacyIndicesStudy(const exec::StudySpec& spec)
      : system_(read_adequacy_system(spec)),
        method_(spec.params.at("method").get<std::string>()),
        monte_carlo_(monte_carlo_methods(method_)),
        years_(spec.params.at("years").get<std::int64_t>()),
        seed_(spec.seeds.at("seed").get<std::uint64_t>()),
        step_mw_(spec.params.at("step_mw").get<double>()),
        run_id_(spec.run_id()) {
    stop_.max_years = static_cast<std::size_t>(years_);
    stop_.min_years = spec.params.at("min_years").get<std::size_t>();
    stop_.target_cov = spec.params.at("target_cov").get<double>();
    if (stop_.target_cov > 1.0) throw UsageError("--target-cov must lie in [0, 1]");
    const bool sequential =
        std::find(monte_carlo_.begin(), monte_carlo_.end(), "sequential") != monte_carlo_.end();
    if (sequential && system_.units.mttr_h.size() != system_.units.size())
      throw UsageError("sequential Monte Carlo needs mttf_h and mttr_h for every unit type");
  }

  std::vector<exec::Axis> axes() const override {
    return {{"scenario", monte_carlo_.empty() ? 0 : years_}};
  }
  std::vector<TableInfo> tables() const override {
    return {{"adequacy_years", "lol_hours", true}, {"adequacy_indices", "", true}};
  }
  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override;
  std::vector<io::NamedTable> reduce(const PartialReader& partial) const override;

 private:
  adequacy::YearIndices sample(const std::string& method, std::size_t first, std::size_t n) const;
  void add_copt(IndexRows& rows) const;
  void add_system(IndexRows& rows) const;

  AdequacySystem system_;
  std::string method_;
  std::vector<std::string> monte_carlo_;
  std::int64_t years_;
  std::uint64_t seed_;
  double step_mw_;
  adequacy::SequentialOptions stop_;
  std::string run_id_;
};

adequacy::YearIndices AdequacyIndicesStudy::sample(const std::string& method, std::size_t first,
                                                   std::size_t n) const {
  if (method == "sequential")
    return adequacy::sequential_years(system_.units, system_.net_load_mw, seed_, first, n);
  if (system_.renewables.plants.empty()) {  // the hourly sampler, no sample kept
    adequacy::CapacityOptions o;
    o.seed = seed_;
    o.first_scenario = first;
    o.n_scenarios = n;
    const auto r = adequacy::capacity_check(system_.units, system_.load_mw, o);
    return {{r.raw.scenario_lol_hours.begin(), r.raw.scenario_lol_hours.end()},
            r.raw.scenario_unserved_mwh,
            {}};
  }
  // A weather year per sampled year: against a kept sample of the units' capacity.
  return adequacy::year_indices(adequacy::sample_capacity(system_.units, system_.load_mw.size(), n,
                                                          seed_, adequacy::Sampling::states, first),
                                system_.net_load_mw);
}

std::vector<io::NamedTable> AdequacyIndicesStudy::run(const exec::ChunkSpec& chunk) const {
  const auto* r = chunk.range("scenario");
  std::vector<adequacy::YearIndices> years;
  for (const auto& m : monte_carlo_)
    years.push_back(
        sample(m, static_cast<std::size_t>(r->begin), static_cast<std::size_t>(r->size())));
  return {results::adequacy_years_table(monte_carlo_, years, static_cast<std::size_t>(r->begin),
                                        run_id_)};
}

void AdequacyIndicesStudy::add_system(IndexRows& rows) const {
  const auto& s = system_;
  rows.add("system", "units", static_cast<double>(s.units.size()), "");
  rows.add("system", "installed_mw", std::accumulate(s.units.p_mw.begin(), s.units.p_mw.end(), 0.0),
           "MW");
  rows.add("system", "hours", static_cast<double>(s.load_mw.size()), "h");
  rows.add("system", "peak_mw", *std::max_element(s.load_mw.begin(), s.load_mw.end()), "MW");
  if (s.renewables.plants.empty()) return;
  rows.add("system", "renewable_plants", static_cast<double>(s.renewables.plants.size()), "");
  rows.add("system", "renewable_mw", s.renewables.capacity_mw(), "MW");
  rows.add("system", "weather_years", static_cast<double>(s.renewables.weather_years.size()), "");
}

void AdequacyIndicesStudy::add_copt(IndexRows& rows) const {
  const adequacy::Copt copt(system_.units, step_mw_);
  const auto hourly = adequacy::copt_indices(copt, system_.net_load_mw);  // over weather years
  rows.add("copt", "lole", hourly.lole, "h");
  rows.add("copt", "lolp", hourly.lolp, "");
  rows.add("copt", "eue", hourly.eue, "MWh");
  if (!system_.daily_peak_mw.empty() && system_.renewables.plants.empty())  // whole days
    rows.add("copt", "lole_daily_peak",
             adequacy::copt_indices(copt, system_.daily_peak_mw, 0.0).lole, "days");
}

std::vector<io::NamedTable> AdequacyIndicesStudy::reduce(const PartialReader& partial) const {
  IndexRows rows;
  add_system(rows);
  if (method_ == "all" || method_ == "copt") add_copt(rows);
  auto t = partial("adequacy_years");
  if (!t) return {rows.table(run_id_)};
  t = t->CombineChunks().ValueOrDie();
  const auto& method =
      static_cast<const arrow::StringArray&>(*t->GetColumnByName("method")->chunk(0));
  const auto& year = static_cast<const arrow::Int64Array&>(*t->GetColumnByName("year")->chunk(0));
  const auto& lol =
      static_cast<const arrow::Int64Array&>(*t->GetColumnByName("lol_hours")->chunk(0));
  const auto& unserved =
      static_cast<const arrow::DoubleArray&>(*t->GetColumnByName("unserved_mwh")->chunk(0));
  const auto& events =
      static_cast<const arrow::Int64Array&>(*t->GetColumnByName("events")->chunk(0));
  std::vector<std::int64_t> order(static_cast<std::size_t>(t->num_rows()));
  std::iota(order.begin(), order.end(), 0);
  const auto rank = [&](std::int64_t r) {  // states before sequential, then by year
    return std::pair{method.GetView(r) == "sequential", year.Value(r)};
  };
  std::sort(order.begin(), order.end(),
            [&](std::int64_t a, std::int64_t b) { return rank(a) < rank(b); });
  std::vector<std::int64_t> kept;
  const double hours = static_cast<double>(system_.load_mw.size());
  for (const auto& m : monte_carlo_) {
    Years y;
    for (auto r : order) {
      if (method.GetView(r) != m) continue;
      y.rows.push_back(r);
      y.lol_hours.push_back(static_cast<double>(lol.Value(r)));
      y.unserved_mwh.push_back(unserved.Value(r));
      y.events.push_back(static_cast<double>(events.Value(r)));
    }
    if (m == "sequential") {  // where --target-cov stops the run
      const auto n = adequacy::sequential_stop(y.lol_hours, stop_).years;
      for (auto* v : {&y.lol_hours, &y.unserved_mwh, &y.events}) v->resize(n);
      y.rows.resize(n);
    }
    kept.insert(kept.end(), y.rows.begin(), y.rows.end());
    const auto lole = adequacy::estimate_mean(y.lol_hours);
    rows.add(m, "lole", lole, "h");
    rows.add(m, "eue", adequacy::estimate_mean(y.unserved_mwh), "MWh");
    auto lolp = lole;  // LOLE / hours, with its error
    lolp.mean /= hours;
    lolp.std_error /= hours;
    rows.add(m, "lolp", lolp, "");
    if (m != "sequential") continue;
    const auto lolf = adequacy::estimate_mean(y.events);
    rows.add(m, "lolf", lolf, "1/yr");
    rows.add(m, "lold", lolf.mean > 0.0 ? lole.mean / lolf.mean : 0.0, "h");
  }
  return {{"adequacy_years", take_rows(t, kept)}, rows.table(run_id_)};
}

}  // namespace

StudyType adequacy_indices_study() {
  auto options = adequacy_system_options(
      "Monte Carlo years (sequential: at most this many, see --target-cov)");
  options.push_back({.key = "min_years",
                     .flag = "--min-years",
                     .type = OptionType::kInt,
                     .default_value = 100,
                     .help = "Sequential: years before the CoV may stop the run",
                     .min = 0});
  options.push_back({.key = "target_cov",
                     .flag = "--target-cov",
                     .type = OptionType::kNumber,
                     .default_value = 0.0,
                     .help = "Sequential: stop at the first batch of 50 years after which the "
                             "LOLE's coefficient of variation is at most this (0: never)",
                     .min = 0});
  return {
      .command = "adequacy indices",
      .summary = "LOLE, LOLP, EUE, LOLF, LOLD of units against a weekly load model: COPT and MC",
      .inputs = adequacy_system_inputs(),
      .options = std::move(options),
      .axes = {fixed_axis("scenario", "--chunk-years",
                          "Sampled years (the scenario axis) per chunk (default 250)", 250)},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<AdequacyIndicesStudy>(spec);
      },
      .highlights = adequacy_indices_highlights,
      .examples = R"(Examples:
  gat adequacy indices --units units.csv --load-model rts79/ --peak-mw 2850 -o out/
                                              COPT, state sampling and sequential Monte Carlo
  gat adequacy indices --units units.csv --load year.csv --method sequential --target-cov 0.02 --years 100000 -o out/
                                              chronological, until LOLE's CoV is 2 %
  gat adequacy indices --units units.csv --load-model rts79/ --peak-mw 2850 --renewables pv.csv -o out/
                                              with solar plants by weather year
  gat adequacy indices --units units.csv --load-model rts79/ --peak-mw 2850 --years 10000 --chunk-years 500 --executor process
                                              20 chunks of years in child processes)",
  };
}

}  // namespace gat::runs
