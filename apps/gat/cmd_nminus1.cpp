// gat nminus1 dc|ac CASE: contingency screening over hours.
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "batch_options.hpp"
#include "cli.hpp"
#include "gat/contingency/ac_verify.hpp"
#include "gat/contingency/dc_screen.hpp"
#include "gat/core/run_id.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/nminus1_tables.hpp"
#include "gat/io/arrow/scenario.hpp"
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
  bool all = false;       // ac: verify every pair, not only those the DC screen flags
  bool q_limits = false;  // ac: enforce generator Q limits
  double tol = 1e-8;      // ac: mismatch tolerance, p.u.
  int max_iter = 0;       // ac: Newton iterations (0: MATPOWER's 10)
  double min_increase_pct = 1;
  bool all_violations = false;
  std::string threads = "auto";
  GpuOptions gpu;
  OutputOptions output;
};

struct Study {
  core::Network net;
  core::Topology topo;
  std::vector<contingency::Outage> outages;
  core::Scenario profile;
  std::vector<std::int64_t> hours;
  std::vector<double> p_bus;
};

Study load_study(const Nminus1Options& o) {
  auto net = load_network(o.case_name);
  auto profile =
      o.profile.empty() ? core::Scenario::case_hour(net) : io::read_scenario(o.profile, net);
  Study s{std::move(net), {}, {}, std::move(profile), {}, {}};
  s.topo = core::analyze_topology(s.net);
  s.outages = o.contingencies.empty() ? contingency::all_branch_outages(s.net)
                                      : io::read_contingencies(o.contingencies, s.net);
  for (std::size_t h = 0; h < s.profile.n_hours(); ++h) s.hours.push_back(s.profile.hour_id(h));
  s.p_bus = contingency::hourly_injections(s.profile);
  return s;
}

core::StudyIdentity identity(const char* command, const Nminus1Options& o,
                             const core::Network& net) {
  core::StudyIdentity id{command,
                         {{"all", o.all ? "yes" : "no"},
                          {"all_violations", o.all_violations ? "yes" : "no"},
                          {"min_increase_pct", std::to_string(o.min_increase_pct)},
                          {"format", o.output.format},
                          {"max_iter", std::to_string(o.max_iter)},
                          {"prune", o.no_prune ? "no" : "yes"},
                          {"q_limits", o.q_limits ? "yes" : "no"},
                          {"rating", o.rating},
                          {"threshold_pct", std::to_string(o.threshold_pct)},
                          {"tol", std::to_string(o.tol)},
                          {"top", std::to_string(o.top)}},
                         {std::filesystem::path(net.source)}};
  if (!o.contingencies.empty()) id.inputs.emplace_back(o.contingencies);
  if (!o.profile.empty()) id.inputs.emplace_back(o.profile);
  return id;
}

contingency::ViolationFilter report(const Nminus1Options& o) {
  return {o.min_increase_pct, o.all_violations};
}

contingency::DcScreenResult screen(const Nminus1Options& o, const Study& st) {
  const auto device = open_gpu(o.gpu);
  contingency::DcScreenOptions options;
  options.device = device.get();
  options.precision = o.gpu.parsed();
  options.rating = contingency::parse_rating(o.rating);
  options.threshold = o.threshold_pct / 100.0;
  options.top_k = o.top;
  options.prune = !o.no_prune;
  options.report = report(o);
  Progress progress("DC screening: contingencies");
  options.progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
  return contingency::screen_dc(st.net, st.topo, st.outages, st.p_bus, st.hours.size(), options);
}

void print_ac_summary(std::FILE* s, const Nminus1Options& o, const Study& st,
                      const contingency::AcVerifyResult& r, std::size_t n_dc_pairs) {
  std::fprintf(s, "gat nminus1 ac  %s  (%zu buses, %zu branches)\n", st.net.name.c_str(),
               st.net.n_buses(), st.net.n_branches());
  std::size_t base_ok = 0;
  for (auto c : r.base_converged) base_ok += c;
  std::fprintf(s, "  hours         %zu, base case converged in %zu\n", st.hours.size(), base_ok);
  if (o.all) {
    std::fprintf(s, "  cases         %zu (every contingency in every hour: --all)\n",
                 r.outcomes.size());
  } else {
    std::fprintf(s,
                 "  cases         %zu (contingency, hour) pairs flagged by the DC screen of %zu\n",
                 r.outcomes.size(), n_dc_pairs);
  }
  std::map<std::string_view, std::size_t> by_status;
  for (const auto& c : r.outcomes) ++by_status[contingency::to_string(c.status)];
  std::string statuses;
  for (const auto& [name, n] : by_status) {
    statuses += (statuses.empty() ? "" : ", ") + std::string(name) + " " + std::to_string(n);
  }
  std::fprintf(s, "  AC solves     %s\n", statuses.c_str());
  const auto count = [&](const std::vector<contingency::AcViolation>& found, const char* what,
                         const char* which) {
    std::size_t kinds[3] = {0, 0, 0};
    for (const auto& v : found) ++kinds[static_cast<int>(v.kind)];
    std::fprintf(s,
                 "  %-13s %zu %s: branch flow above %.0f %% of rate %s %zu, voltage high %zu, "
                 "low %zu\n",
                 what, found.size(), which, o.threshold_pct, o.rating.c_str(), kinds[0], kinds[1],
                 kinds[2]);
  };
  count(r.base_violations, "pre-contingency", "in the base cases (table ac_base_violations)");
  count(r.violations, "violations",
        o.all_violations ? "post-contingency (every one: --all-violations)"
                         : "post-contingency, new or worse than before the outage");
  std::vector<const contingency::AcViolation*> worst;
  for (const auto& v : r.violations)
    if (v.kind == contingency::AcViolationKind::kBranchFlow) worst.push_back(&v);
  const auto n = std::min<std::size_t>(10, worst.size());
  std::partial_sort(
      worst.begin(), worst.begin() + static_cast<std::ptrdiff_t>(n), worst.end(),
      [](const auto* a, const auto* b) { return a->value / a->limit > b->value / b->limit; });
  if (n > 0) {
    std::fprintf(s, "  worst %zu branch flows\n    %-14s %-26s %6s %9s %9s %8s %8s\n", n, "outage",
                 "branch", "hour", "base MVA", "post MVA", "rate", "loading");
  }
  const double base = st.net.base_mva;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& v = *worst[i];
    std::fprintf(s, "    %-14s %-26s %6lld %9.1f %9.1f %8.1f %7.1f%%\n",
                 contingency::describe(st.net, st.outages[v.contingency]).c_str(),
                 st.net.describe_branch(v.element).c_str(),
                 static_cast<long long>(st.hours[v.hour]), v.base_value * base, v.value * base,
                 v.limit * base, 100 * v.value / v.limit);
  }
}

void run_ac(const Nminus1Options& o) {
  Stopwatch clock;
  const auto limit = limit_threads(o.threads);
  const auto st = load_study(o);
  const double t_read = clock.lap();
  std::vector<io::NamedTable> tables;
  std::vector<contingency::AcCase> cases;
  std::size_t n_pairs = 0;
  const auto run_id = core::make_run_id(identity("nminus1 ac", o, st.net));
  if (o.all) {
    cases = contingency::all_cases(st.outages.size(), st.hours.size());
  } else {
    const auto dc = screen(o, st);
    cases = contingency::flagged_cases(dc);
    n_pairs = dc.stats.n_screened * st.hours.size();
    tables = io::dc_screen_tables(st.net, st.outages, dc, st.hours, run_id);
  }
  const double t_dc = clock.lap();
  contingency::AcVerifyOptions options;
  options.rating = contingency::parse_rating(o.rating);
  options.threshold = o.threshold_pct / 100.0;
  options.report = report(o);
  options.pf.tol_pu = o.tol;
  options.pf.max_iter = o.max_iter;
  options.pf.q_limits = o.q_limits ? 1 : 0;
  Progress progress("AC verification: cases");
  options.progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
  const auto r = contingency::verify_ac(st.net, st.topo, st.outages, st.profile, cases, options);
  progress.finish();
  const double t_ac = clock.lap();
  for (auto& t : io::ac_verify_tables(st.net, st.outages, r, st.hours, run_id))
    tables.push_back(std::move(t));
  const auto written = emit_tables(tables, o.output, "ac_violations");
  auto* s = summary_stream(o.output);
  print_ac_summary(s, o, st, r, n_pairs);
  std::fprintf(s, "  run           %s: %s\n", run_id.c_str(), written.c_str());
  const double per_case =
      r.outcomes.empty() ? 0.0
                         : 1e3 * r.seconds_contingencies / static_cast<double>(r.outcomes.size());
  std::fprintf(s,
               "  time          read %.3f s, DC screen %.3f s, AC %.3f s (%d threads; base %.3f s, "
               "%.2f ms per case), write %.3f s\n",
               t_read, t_dc, t_ac, r.threads, r.seconds_base, per_case, clock.lap());
  bool all_base = true;
  for (auto c : r.base_converged) all_base = all_base && c;
  if (!all_base)
    throw PartialResult("results written, but the base case did not converge in every hour");
}

void add_common(CLI::App* cmd, Nminus1Options& o) {
  add_case_argument(cmd, o.case_name);
  cmd->add_option(
      "--contingencies", o.contingencies,
      "CSV/Parquet list: branch_id, or from_bus,to_bus[,ckt]; optional contingency "
      "column groups rows into multi-element outages (default: every in-service branch)");
  cmd->add_option(
      "--profile", o.profile,
      "CSV/Parquet load profile (docs/schemas/batch_pf.md; default: the case as one hour)");
  cmd->add_option("--top", o.top, "Worst contingencies kept per monitored branch and hour");
  cmd->add_option("--rating", o.rating, "Branch rating to check: a, b or c")
      ->check(CLI::IsMember({"a", "b", "c"}));
  cmd->add_option("--threshold", o.threshold_pct,
                  "Keep post-contingency loadings above this % of rating");
  add_violation_filter_options(cmd, o.min_increase_pct, o.all_violations);
  add_threads_option(cmd, o.threads);
  add_gpu_options(cmd, o.gpu);
  add_output_options(cmd, o.output);
}

}  // namespace

void add_violation_filter_options(CLI::App* cmd, double& min_increase_pct, bool& all_violations) {
  auto* all = cmd->add_flag("--all-violations", all_violations,
                            "Report every post-contingency violation, also those already there "
                            "before the outage and not worse");
  cmd->add_option("--min-increase-pct", min_increase_pct,
                  "A branch above its limit before the outage is reported after it only when "
                  "its loading grew by more than this % of the pre-contingency loading (1)")
      ->check(CLI::Validator(
          [](std::string& text) {
            double pct = -1;
            return CLI::detail::lexical_cast(text, pct) && pct >= 0 && std::isfinite(pct)
                       ? std::string()
                       : "must be a number >= 0, got " + text;
          },
          "PCT >= 0"))
      ->excludes(all);
}

void add_nminus1_command(CLI::App& app) {
  auto* n1 = app.add_subcommand("nminus1", "Contingency screening (N-1, N-k) over hours");
  n1->require_subcommand(1);
  n1->footer(R"(Examples:
  gat nminus1 dc case_ACTIVSg10k -o out/      N-1 DC screening of every branch
  gat nminus1 ac case118 --profile hours.csv -o out/
                                              AC re-solve of what the DC screen flags)");

  auto ac = std::make_shared<Nminus1Options>();
  auto* acmd = n1->add_subcommand(
      "ac", "AC verification: the DC screen's flagged contingencies re-solved with AC Newton");
  acmd->footer(R"(Examples:
  gat nminus1 ac case118 -o out/              AC re-solve of the contingencies the DC screen flags
  gat nminus1 ac case300 --all --q-limits -o out/
                                              every contingency, generator Q limits enforced)");
  add_common(acmd, *ac);
  acmd->add_flag("--all", ac->all, "Verify every contingency in every hour, not only flagged ones");
  acmd->add_flag("--q-limits", ac->q_limits, "Enforce generator reactive power limits");
  acmd->add_option("--tol", ac->tol, "Newton mismatch tolerance, p.u. (MATPOWER: 1e-8)");
  acmd->add_option("--max-iter", ac->max_iter, "Newton iterations (default 10, as MATPOWER)");
  acmd->callback([ac] { run_ac(*ac); });
}

}  // namespace gat::cli
