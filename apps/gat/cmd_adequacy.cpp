// gat adequacy screen CASE: Monte Carlo capacity check over scenarios × hours × units
// (adequacy/capacity.hpp), on the CPU or a GPU.
#include <algorithm>
#include <memory>
#include <numeric>

#include "cli.hpp"
#include "gat/core/run_id.hpp"
#include "gat/io/arrow/adequacy_tables.hpp"
#include "gat/io/arrow/nminus1_tables.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "progress.hpp"

namespace gat::cli {

namespace {

struct AdequacyArgs {
  std::string case_name;
  std::size_t scenarios = 1000;
  std::size_t hours = 0;  // 0: the profile's hours (or 1 without a profile)
  std::uint64_t seed = 0;
  std::string profile;
  double default_for = adequacy::kDefaultForcedOutageRate;
  std::string for_file;
  std::size_t chunk = 0;
  std::string threads = "auto";
  GpuOptions gpu;
  OutputOptions output;
};

void run_screen(const AdequacyArgs& a) {
  Stopwatch clock;
  const auto limit = limit_threads(a.threads);
  const auto device = open_gpu(a.gpu);
  const auto net = load_network(a.case_name);
  auto units = adequacy::units_from_case(net, a.default_for);
  if (!a.for_file.empty()) io::read_forced_outage_rates(a.for_file, net, units);
  const auto profile =
      a.profile.empty() ? core::Scenario::case_hour(net) : io::read_scenario(a.profile, net);
  auto load = adequacy::hourly_load_mw(net, profile);
  std::vector<std::int32_t> hours;
  for (std::size_t h = 0; h < profile.n_hours(); ++h)
    hours.push_back(static_cast<std::int32_t>(profile.hour_id(h)));
  if (a.hours > 0) {
    if (!a.profile.empty() && a.hours > load.size())
      throw UsageError("--hours " + std::to_string(a.hours) + ": the profile has " +
                       std::to_string(load.size()));
    if (a.profile.empty()) {  // the case's load in every hour
      load.assign(a.hours, load[0]);
      hours.resize(a.hours);
      std::iota(hours.begin(), hours.end(), 0);
    }
    load.resize(a.hours);
    hours.resize(a.hours);
  }
  const double t_read = clock.lap();
  adequacy::CapacityOptions o;
  o.seed = a.seed;
  o.n_scenarios = a.scenarios;
  o.chunk_scenarios = a.chunk;
  o.device = device.get();
  const auto r = adequacy::capacity_check(units, load, o);
  const double t_run = clock.lap();

  const auto run_id = core::make_run_id({"adequacy screen",
                                         {{"default_for", std::to_string(a.default_for)},
                                          {"format", a.output.format},
                                          {"hours", std::to_string(load.size())},
                                          {"scenarios", std::to_string(a.scenarios)},
                                          {"seed", std::to_string(a.seed)}},
                                         [&] {
                                           std::vector<std::filesystem::path> inputs{
                                               std::filesystem::path(net.source)};
                                           if (!a.profile.empty()) inputs.emplace_back(a.profile);
                                           if (!a.for_file.empty()) inputs.emplace_back(a.for_file);
                                           return inputs;
                                         }()});
  const auto written = emit_tables(io::adequacy_tables(hours, load, r, a.scenarios, run_id),
                                   a.output, "adequacy_hours");
  auto* s = summary_stream(a.output);
  const double capacity = std::accumulate(units.p_mw.begin(), units.p_mw.end(), 0.0);
  const double peak = load.empty() ? 0.0 : *std::max_element(load.begin(), load.end());
  std::fprintf(s, "gat adequacy screen  %s  (%zu units, %s MW installed)\n", net.name.c_str(),
               units.size(), thousands(capacity, 0).c_str());
  std::fprintf(s,
               "  draws        %zu scenarios x %zu hours x %zu units, seed %llu (Philox4x32-10)\n",
               a.scenarios, load.size(), units.size(), static_cast<unsigned long long>(a.seed));
  std::fprintf(s, "  load         peak %s MW (%.1f %% of installed)\n", thousands(peak, 0).c_str(),
               capacity > 0 ? 100 * peak / capacity : 0.0);
  std::fprintf(s, "  LOLE         %.4f h over the %zu hours, EUE %s MWh (means over scenarios)\n",
               r.lole_hours, load.size(), thousands(r.eue_mwh, 2).c_str());
  std::fprintf(s, "  run          %s: %s\n", run_id.c_str(), written.c_str());
  std::fprintf(s, "  time         read %.3f s, capacity check %.3f s (%s)\n", t_read, t_run,
               device ? describe_device(*device, accel::Precision::kF64).c_str()
                      : (std::to_string(thread_count()) + " threads").c_str());
}

}  // namespace

void add_adequacy_command(CLI::App& app) {
  auto* adequacy = app.add_subcommand("adequacy", "Resource adequacy");
  adequacy->require_subcommand(1);
  adequacy->footer(R"(Examples:
  gat adequacy screen case_ACTIVSg2000 --scenarios 1000 --hours 8760 --seed 7 -o out/
                                              Monte Carlo capacity check (add --gpu))");
  auto a = std::make_shared<AdequacyArgs>();
  auto* cmd = adequacy->add_subcommand(
      "screen", "Monte Carlo capacity check: scenarios x hours x units, forced outages");
  add_case_argument(cmd, a->case_name);
  // Zero scenarios would report a LOLE of 0 (an adequate system) from no draws at all.
  cmd->add_option("--scenarios", a->scenarios, "Monte Carlo scenarios (1000)")
      ->check(positive_number());
  cmd->add_option("--hours", a->hours,
                  "Hours: the first H of the profile, or H hours of the case's load (default: "
                  "the profile's hours, or 1)")
      ->check(positive_number());
  cmd->add_option("--seed", a->seed, "Seed of the counter-based generator (0)");
  cmd->add_option("--profile", a->profile,
                  "CSV/Parquet load profile: hour,scale or hour,bus_id,p_mw");
  cmd->add_option("--for", a->default_for, "Forced outage rate of every unit (0.05)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--for-file", a->for_file, "CSV/Parquet with columns gen (1-based row), for");
  cmd->add_option("--chunk", a->chunk, "Scenarios per chunk (0: all at once)");
  add_threads_option(cmd, a->threads);
  add_gpu_options(cmd, a->gpu);
  add_output_options(cmd, a->output);
  cmd->footer(R"(Examples:
  gat adequacy screen case_ACTIVSg2000 --scenarios 1000 --hours 8760 --seed 7 -o out/
                                              Monte Carlo capacity check, the case's load
  gat adequacy screen case118 --profile year.csv --for-file for.csv --gpu -o out/
                                              hourly load, outage rates per unit, on a GPU)");
  cmd->callback([a] { run_screen(*a); });
}

}  // namespace gat::cli
