// gat adequacy indices: reliability indices of a generating system (units by type with rates
// or MTTF/MTTR) against a weekly/daily/hourly load model, by the exact COPT, state sampling and
// sequential Monte Carlo (adequacy/copt.hpp, capacity.hpp, sequential.hpp); with renewable
// plants by weather year (renewables.hpp) and the ELCC of the plants or of a candidate unit
// (elcc.hpp).
#include <algorithm>
#include <numeric>

#include "adequacy_elcc.hpp"
#include "cli.hpp"
#include "gat/adequacy/capacity_sample.hpp"
#include "gat/adequacy/copt.hpp"
#include "gat/adequacy/sequential.hpp"
#include "gat/core/error.hpp"
#include "gat/core/run_id.hpp"
#include "gat/io/adequacy_inputs.hpp"
#include "gat/io/arrow/adequacy_year_table.hpp"
#include "progress.hpp"

namespace gat::cli {

namespace {

struct IndicesArgs {
  std::string units;
  std::string load_model;
  std::string load;
  double peak_mw = 0;
  std::string method = "all";
  double step_mw = 1.0;
  std::size_t years = 1000;
  std::size_t min_years = 100;
  double target_cov = 0.0;
  std::uint64_t seed = 0;
  std::string threads = "auto";
  std::string renewables;
  bool elcc = false;
  std::string elcc_unit;          // "MW,FOR[,MTTR_h]"
  std::vector<double> candidate;  // parsed from elcc_unit
  OutputOptions output;
};

// "9.386 (se 0.072, 95 % CI 9.244–9.527, CoV 0.8 %)"
std::string with_ci(const adequacy::Estimate& e, int decimals) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.*f (se %.*f, 95 %% CI %.*f–%.*f, CoV %.1f %%)", decimals,
                e.mean, decimals, e.std_error, decimals, e.ci95_low(), decimals, e.ci95_high(),
                100 * e.coefficient_of_variation());
  return buf;
}

void run_indices(const IndicesArgs& a) {
  Stopwatch clock;
  const auto limit = limit_threads(a.threads);
  const auto units = io::read_unit_types(a.units);
  std::vector<double> load, daily_peaks;
  if (!a.load_model.empty()) {
    if (!(a.peak_mw > 0)) throw UsageError("--load-model needs --peak-mw, the annual peak (MW)");
    const auto model = io::read_weekly_load_model(a.load_model, a.peak_mw);
    load = adequacy::hourly_load_mw(model);
    daily_peaks = adequacy::daily_peak_mw(model);
  } else {
    load = io::read_hourly_load(a.load);
    if (load.size() % 24 == 0) daily_peaks = adequacy::daily_peak_mw(load);
  }
  const auto renewables = a.renewables.empty() ? adequacy::Renewables{}
                                               : io::read_renewables(a.renewables, load.size());
  const auto net = adequacy::net_load_mw(load, renewables);
  const double peak = *std::max_element(load.begin(), load.end());
  const bool all = a.method == "all";
  auto* s = summary_stream(a.output);
  const double installed = std::accumulate(units.p_mw.begin(), units.p_mw.end(), 0.0);
  std::fprintf(s, "gat adequacy indices  %zu units, %s MW installed; %zu hours, peak %s MW\n",
               units.size(), thousands(installed, 0).c_str(), load.size(),
               thousands(peak, 0).c_str());
  if (!renewables.plants.empty())
    std::fprintf(s, "  renewables   %zu plant(s), %s MW, %zu weather year(s)\n",
                 renewables.plants.size(), thousands(renewables.capacity_mw(), 0).c_str(),
                 renewables.weather_years.size());
  std::vector<std::filesystem::path> inputs{a.units, a.load_model.empty() ? a.load : a.load_model};
  if (!a.renewables.empty()) inputs.emplace_back(a.renewables);
  const auto run_id =
      core::make_run_id({"adequacy indices",
                         {{"elcc", a.elcc ? "1" : ""},
                          {"elcc_unit", a.elcc_unit},
                          {"method", a.method},
                          {"min_years", std::to_string(a.min_years)},
                          {"peak_mw", a.load_model.empty() ? "" : std::to_string(a.peak_mw)},
                          {"seed", std::to_string(a.seed)},
                          {"step_mw", std::to_string(a.step_mw)},
                          {"target_cov", std::to_string(a.target_cov)},
                          {"years", std::to_string(a.years)}},
                         inputs});
  std::vector<io::NamedTable> tables;
  if (all || a.method == "copt") {
    const adequacy::Copt copt(units, a.step_mw);
    const auto hourly = adequacy::copt_indices(copt, net);  // averaged over weather years
    std::fprintf(s, "  COPT         LOLE %.4f h, LOLP %.6f, EUE %s MWh", hourly.lole, hourly.lolp,
                 thousands(hourly.eue, 2).c_str());
    if (!daily_peaks.empty() && renewables.plants.empty())  // whole days: daily-peak LOLE too
      std::fprintf(s, "; daily peaks: LOLE %.4f days",
                   adequacy::copt_indices(copt, daily_peaks, 0.0).lole);
    std::fprintf(s, "\n");
  }
  if (all || a.method == "states") {
    adequacy::CapacityOptions o;
    o.seed = a.seed;
    o.n_scenarios = a.years;
    std::vector<double> lol, unserved;
    if (renewables.plants.empty()) {
      const auto r = adequacy::capacity_check(units, load, o);
      lol.assign(r.raw.scenario_lol_hours.begin(), r.raw.scenario_lol_hours.end());
      unserved = r.raw.scenario_unserved_mwh;
    } else {  // a weather year per sampled year: against a kept sample of the units' capacity
      auto y = adequacy::year_indices(adequacy::sample_capacity(units, load.size(), a.years, a.seed,
                                                                adequacy::Sampling::states),
                                      net);
      lol = std::move(y.lol_hours);
      unserved = std::move(y.unserved_mwh);
    }
    const auto lole = adequacy::estimate_mean(lol);
    std::fprintf(s, "  states       %zu years: LOLE %s h, EUE %s MWh, LOLP %.6f\n", a.years,
                 with_ci(lole, 3).c_str(), with_ci(adequacy::estimate_mean(unserved), 1).c_str(),
                 lole.mean / static_cast<double>(load.size()));
    tables.push_back(io::adequacy_year_table("states", lol, unserved, {}, run_id));
  }
  if (all || a.method == "sequential") {
    adequacy::SequentialOptions o;
    o.seed = a.seed;
    o.max_years = a.years;
    o.min_years = a.min_years;
    o.target_cov = a.target_cov;
    const auto r = adequacy::sequential_monte_carlo(units, net, o);
    std::fprintf(s, "  sequential   %zu years%s: LOLE %s h, EUE %s MWh, LOLF %s /yr, LOLD %.2f h\n",
                 r.years, r.reached_target ? " (target CoV reached)" : "",
                 with_ci(r.lole_h, 3).c_str(), with_ci(r.eue_mwh, 1).c_str(),
                 with_ci(r.lolf, 3).c_str(), r.lold_h);
    tables.push_back(io::adequacy_year_table("sequential", r.year_lol_hours, r.year_unserved_mwh,
                                             r.year_events, run_id));
  }
  if (a.elcc)
    report_elcc({a.method, a.years, a.seed, a.step_mw, a.elcc_unit, a.candidate}, units, load,
                renewables, s);
  if (!tables.empty()) {
    if (tables.size() == 2) {  // one table, the methods one after the other
      auto combined = arrow::ConcatenateTables({tables[0].table, tables[1].table});
      if (!combined.ok()) throw Error(combined.status().ToString());
      tables = {{"adequacy_years", *combined}};
    }
    std::fprintf(s, "  run          %s: %s\n", run_id.c_str(),
                 emit_tables(tables, a.output, "adequacy_years").c_str());
  }
  std::fprintf(s, "  time         %.3f s (%d threads)\n", clock.lap(), thread_count());
}

}  // namespace

void add_adequacy_indices_command(CLI::App& app) {
  auto a = std::make_shared<IndicesArgs>();
  auto* cmd =
      app.get_subcommand("adequacy")
          ->add_subcommand(
              "indices",
              "LOLE, LOLP, EUE, LOLF, LOLD of units against a weekly load model: COPT and MC");
  cmd->add_option("--units", a->units,
                  "CSV of unit types: capacity_mw, units, forced_outage_rate and/or mttf_h, mttr_h")
      ->required();
  auto* model = cmd->add_option(
      "--load-model", a->load_model,
      "Folder with weekly_peak.csv, daily_peak.csv, hourly_peak.csv (as tests/data/rts79)");
  auto* load = cmd->add_option("--load", a->load, "CSV of hourly system load: hour, load_mw");
  model->excludes(load);
  cmd->add_option("--peak-mw", a->peak_mw, "Annual peak load of --load-model (MW)");
  cmd->add_option("--method", a->method, "copt, states, sequential or all (all)")
      ->check(CLI::IsMember({"all", "copt", "states", "sequential"}));
  cmd->add_option("--step-mw", a->step_mw, "COPT capacity step (1 MW)");
  cmd->add_option("--years", a->years, "Monte Carlo years (most years for sequential) (1000)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--min-years", a->min_years, "Sequential: years before the CoV may stop (100)");
  cmd->add_option("--target-cov", a->target_cov,
                  "Sequential: stop when the LOLE's coefficient of variation is at most this")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--seed", a->seed, "Seed of the counter-based generator (0)");
  cmd->add_option(
      "--renewables", a->renewables,
      "CSV of renewable plants: plant, capacity_mw, weather_year, hour, capacity_factor");
  cmd->add_flag("--elcc", a->elcc,
                "Report the ELCC (MW) of the renewables, or of --elcc-unit, by each method");
  cmd->add_option(
      "--elcc-unit", a->elcc_unit,
      "Candidate unit MW,FOR[,MTTR_h]: report its ELCC (implies --elcc; sequential needs MTTR)");
  add_threads_option(cmd, a->threads);
  add_output_options(cmd, a->output);
  cmd->footer(R"(Examples:
  gat adequacy indices --units units.csv --load-model rts79/ --peak-mw 2850 -o out/
                                              COPT, state sampling and sequential Monte Carlo
  gat adequacy indices --units units.csv --load year.csv --method sequential --target-cov 0.02 --years 100000 -o out/
                                              chronological, until LOLE's CoV is 2 %
  gat adequacy indices --units units.csv --load-model rts79/ --peak-mw 2850 --renewables pv.csv --elcc -o out/
                                              with solar plants by weather year, and their ELCC
  gat adequacy indices --units units.csv --load-model rts79/ --peak-mw 2850 --elcc-unit 100,0.04,50 --elcc -o out/
                                              ELCC of a candidate 100 MW unit at FOR 0.04, MTTR 50 h)");
  cmd->callback([a] {
    if (a->load_model.empty() && a->load.empty())
      throw UsageError("adequacy indices needs --load-model DIR --peak-mw MW or --load FILE");
    if (a->elcc && a->renewables.empty() && a->elcc_unit.empty())
      throw UsageError("--elcc needs --renewables FILE or --elcc-unit MW,FOR[,MTTR_h]");
    if (!a->elcc_unit.empty()) {
      a->candidate = parse_candidate(a->elcc_unit, a->method == "all" || a->method == "sequential");
      a->elcc = true;
    }
    run_indices(*a);
  });
}

}  // namespace gat::cli
