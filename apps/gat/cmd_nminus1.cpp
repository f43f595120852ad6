// gat nminus1 dc|ac CASE: contingency screening over hours.
#include <algorithm>
#include <memory>

#include "cli.hpp"
#include "gat/contingency/dc_screen.hpp"
#include "gat/core/run_id.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/nminus1_tables.hpp"
#include "progress.hpp"

namespace gat::cli {

namespace {

struct Nminus1Options {
  std::string case_name;
  std::string contingencies;  // file; empty: every in-service branch
  std::string profile;        // file; empty: the case as one hour
  std::size_t top = 5;
  std::string rating = "a";
  double threshold_pct = 100;
  bool no_prune = false;
  std::string threads = "auto";
  GpuOptions gpu;
  OutputOptions output;
};

struct Study {
  core::Network net;
  core::Topology topo;
  std::vector<contingency::Outage> outages;
  contingency::LoadProfile profile;
  std::vector<std::int32_t> hours;
  std::vector<double> p_bus;
};

Study load_study(const Nminus1Options& o) {
  Study s{load_network(o.case_name), {}, {}, {}, {}, {}};
  s.topo = core::analyze_topology(s.net);
  s.outages = o.contingencies.empty() ? contingency::all_branch_outages(s.net)
                                      : io::read_contingencies(o.contingencies, s.net);
  if (!o.profile.empty()) s.profile = io::read_load_profile(o.profile, s.net);
  s.hours = s.profile.hours.empty() ? std::vector<std::int32_t>{0} : s.profile.hours;
  s.p_bus = contingency::hourly_injections(s.net, s.profile);
  return s;
}

core::StudyIdentity identity(const Nminus1Options& o, const core::Network& net) {
  core::StudyIdentity id{"nminus1 dc",
                         {{"format", o.output.format},
                          {"prune", o.no_prune ? "no" : "yes"},
                          {"rating", o.rating},
                          {"threshold_pct", std::to_string(o.threshold_pct)},
                          {"top", std::to_string(o.top)}},
                         {std::filesystem::path(net.source)}};
  if (!o.contingencies.empty()) id.inputs.emplace_back(o.contingencies);
  if (!o.profile.empty()) id.inputs.emplace_back(o.profile);
  return id;
}

void print_worst(std::FILE* s, const Study& st, const contingency::DcScreenResult& r) {
  std::vector<const contingency::Violation*> worst;
  for (const auto& v : r.violations) worst.push_back(&v);
  const auto n = std::min<std::size_t>(10, worst.size());
  std::partial_sort(worst.begin(), worst.begin() + static_cast<std::ptrdiff_t>(n), worst.end(),
                    [](const auto* a, const auto* b) { return a->loading() > b->loading(); });
  if (n == 0) return;
  std::fprintf(s, "  worst %zu\n    %-14s %-26s %6s %9s %9s %8s %8s\n", n, "outage", "branch",
               "hour", "pre MW", "post MW", "rate", "loading");
  const double base = st.net.base_mva;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& v = *worst[i];
    std::fprintf(s, "    %-14s %-26s %6d %9.1f %9.1f %8.1f %7.1f%%\n",
                 contingency::describe(st.net, st.outages[v.contingency]).c_str(),
                 st.net.describe_branch(v.branch).c_str(), st.hours[v.hour], v.pre_pu * base,
                 v.post_pu * base, v.limit_pu * base, 100 * v.loading());
  }
}

void print_dc_summary(std::FILE* s, const Nminus1Options& o, const Study& st,
                      const contingency::DcScreenResult& r) {
  const auto& stats = r.stats;
  std::fprintf(s, "gat nminus1 dc  %s  (%zu buses, %zu branches)\n", st.net.name.c_str(),
               st.net.n_buses(), st.net.n_branches());
  std::fprintf(
      s, "  hours         %zu%s\n", st.hours.size(),
      o.profile.empty() ? " (the case as given)" : (" (profile " + o.profile + ")").c_str());
  std::fprintf(s,
               "  contingencies %zu: %zu screened, %zu islanding (flagged, not screened), %zu not "
               "in service\n",
               st.outages.size(), stats.n_screened, stats.n_islanding,
               st.outages.size() - stats.n_screened - stats.n_islanding);
  std::fprintf(s, "  monitored     %zu branches with rate %s\n", stats.n_monitored,
               o.rating.c_str());
  std::int64_t with = 0;
  for (const auto& c : r.contingencies) with += c.n_violations > 0;
  std::fprintf(s, "  violations    %zu above %.0f %% of rating, from %lld contingencies\n",
               r.violations.size(), o.threshold_pct, static_cast<long long>(with));
  print_worst(s, st, r);
}

void run_dc(const Nminus1Options& o) {
  Stopwatch clock;
  const auto limit = limit_threads(o.threads);
  const auto device = open_gpu(o.gpu);
  const auto st = load_study(o);
  const double t_read = clock.lap();
  contingency::DcScreenOptions options;
  options.rating = contingency::parse_rating(o.rating);
  options.threshold = o.threshold_pct / 100.0;
  options.top_k = o.top;
  options.prune = !o.no_prune;
  options.device = device.get();
  options.precision = o.gpu.parsed();
  Progress progress("screening contingencies");
  options.progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
  const auto r =
      contingency::screen_dc(st.net, st.topo, st.outages, st.p_bus, st.hours.size(), options);
  progress.finish();
  const double t_screen = clock.lap();
  const auto run_id = core::make_run_id(identity(o, st.net));
  const auto written = emit_tables(io::dc_screen_tables(st.net, st.outages, r, st.hours, run_id),
                                   o.output, "violations");
  auto* s = summary_stream(o.output);
  print_dc_summary(s, o, st, r);
  std::fprintf(s, "  run           %s: %s\n", run_id.c_str(), written.c_str());
  std::fprintf(
      s,
      "  time          read %.3f s, screen %.3f s (%d threads; model %.3f, base flows %.3f, "
      "LODF + check %.3f), write %.3f s\n",
      t_read, t_screen, thread_count(), r.stats.seconds_model, r.stats.seconds_base,
      r.stats.seconds_screen, clock.lap());
  if (device) {
    const auto& d = r.stats.device;
    std::fprintf(s,
                 "  gpu           %s: flows %.3f s, LODF %.3f s, plan %.3f s, screen %.3f s, "
                 "re-check %.3f s (%s candidates), transfers %.3f s\n",
                 describe_device(*device, options.precision).c_str(), d.seconds_flows,
                 d.seconds_lodf, d.seconds_plan, d.seconds_screen, d.seconds_recheck,
                 thousands(static_cast<double>(d.candidates), 0).c_str(),
                 d.seconds_upload + d.seconds_download);
  }
  std::fprintf(
      s, "  rate          %s contingency-hours/s\n",
      thousands(static_cast<double>(r.stats.n_screened * st.hours.size()) / t_screen, 0).c_str());
}

void add_common(CLI::App* cmd, Nminus1Options& o) {
  cmd->add_option("case", o.case_name, "Case name (case118), .m file")->required();
  cmd->add_option(
      "--contingencies", o.contingencies,
      "CSV/Parquet list: branch_id, or from_bus,to_bus[,ckt]; optional contingency "
      "column groups rows into multi-element outages (default: every in-service branch)");
  cmd->add_option("--profile", o.profile,
                  "CSV/Parquet load profile: hour,scale or hour,bus_id,p_mw (default: the case)");
  cmd->add_option("--top", o.top, "Worst contingencies kept per monitored branch and hour");
  cmd->add_option("--rating", o.rating, "Branch rating to check: a, b or c")
      ->check(CLI::IsMember({"a", "b", "c"}));
  cmd->add_option("--threshold", o.threshold_pct,
                  "Keep post-contingency loadings above this % of rating");
  add_threads_option(cmd, o.threads);
  add_gpu_options(cmd, o.gpu);
  add_output_options(cmd, o.output);
}

}  // namespace

void add_nminus1_command(CLI::App& app) {
  auto* n1 = app.add_subcommand("nminus1", "Contingency screening (N-1, N-k) over hours");
  n1->require_subcommand(1);
  auto dc = std::make_shared<Nminus1Options>();
  auto* cmd = n1->add_subcommand("dc", "DC screening with outage distribution factors");
  add_common(cmd, *dc);
  cmd->add_flag("--no-prune", dc->no_prune, "Check every hour of every pair (no bound pruning)");
  cmd->callback([dc] { run_dc(*dc); });
}

}  // namespace gat::cli
