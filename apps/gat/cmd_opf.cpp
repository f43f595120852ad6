// gat opf dc|ac CASE
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>

#include "cli.hpp"
#include "gat/core/run_id.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/opf_tables.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "gat/opf/ac_opf.hpp"
#include "gat/opf/dc_opf.hpp"
#include "gat/opf/lp_solver.hpp"
#include "gat/opf/nlp_solver.hpp"
#include "gat/opf/rolling_dc_opf.hpp"
#include "progress.hpp"

namespace gat::cli {

namespace {

using opf::BindingConstraint;

struct OpfOptions {
  std::string case_name;
  std::string profile;
  std::vector<std::string> solver_options;  // k=v
  std::string start = "flat";
  std::string qp_solver = "highs";
  std::size_t chunk_hours = 0;
  std::string threads = "auto";
  OutputOptions output;
};

std::vector<std::pair<std::string, std::string>> parse_solver_options(
    const std::vector<std::string>& kv) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& s : kv) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--solver-option expects key=value, got '" + s + "'");
    out.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> run_params(const OpfOptions& o) {
  std::vector<std::pair<std::string, std::string>> p{{"format", o.output.format}};
  for (const auto& kv : o.solver_options) p.emplace_back("solver_option", kv);
  if (!o.profile.empty()) p.emplace_back("chunk_hours", std::to_string(o.chunk_hours));
  std::sort(p.begin(), p.end());
  return p;
}

std::string describe(const core::Network& net, const BindingConstraint& b) {
  using Kind = BindingConstraint::Kind;
  char buf[160];
  switch (b.kind) {
    case Kind::kBranchFlow:
    case Kind::kBranchAngle:
      std::snprintf(buf, sizeof buf, "%-28s %s %s", net.describe_branch(b.element).c_str(),
                    b.kind == Kind::kBranchFlow ? "flow " : "angle",
                    b.kind == Kind::kBranchFlow ? (b.side > 0 ? "from->to" : "to->from")
                                                : (b.side > 0 ? "max" : "min"));
      break;
    case Kind::kGenP:
    case Kind::kGenQ:
      std::snprintf(buf, sizeof buf, "generator %-4d (bus %lld)       %s %s", b.element + 1,
                    static_cast<long long>(net.buses.id[net.gens.bus[b.element]]),
                    b.kind == Kind::kGenP ? "P" : "Q", b.side > 0 ? "max" : "min");
      break;
    case Kind::kBusVm:
      std::snprintf(buf, sizeof buf, "bus %-24lld V %s",
                    static_cast<long long>(net.buses.id[b.element]), b.side > 0 ? "max" : "min");
      break;
  }
  return buf;
}

void print_binding(std::FILE* s, const core::Network& net,
                   const std::vector<BindingConstraint>& binding) {
  std::size_t lines = 0;
  for (const auto& b : binding) lines += b.kind == BindingConstraint::Kind::kBranchFlow;
  std::fprintf(s, "  binding      %zu constraints (%zu branch flow limits)\n", binding.size(),
               lines);
  for (std::size_t i = 0; i < std::min<std::size_t>(8, binding.size()); ++i) {
    const auto& b = binding[i];
    std::fprintf(s, "    %-44s %10.3f at %10.3f   shadow price %s\n", describe(net, b).c_str(),
                 b.value, b.limit, thousands(b.shadow_price, 3).c_str());
  }
}

void print_prices(std::FILE* s, const core::Network& net, const std::vector<double>& lmp,
                  const char* name) {
  std::size_t lo = 0, hi = 0;
  bool any = false;
  for (std::size_t i = 0; i < lmp.size(); ++i) {
    if (std::isnan(lmp[i])) continue;
    if (!any || lmp[i] < lmp[lo]) lo = i;
    if (!any || lmp[i] > lmp[hi]) hi = i;
    any = true;
  }
  if (!any) return;
  std::fprintf(s, "  %-12s %.4f $/MWh at bus %lld .. %.4f $/MWh at bus %lld\n", name, lmp[lo],
               static_cast<long long>(net.buses.id[lo]), lmp[hi],
               static_cast<long long>(net.buses.id[hi]));
}

// "HiGHS 1.16.0" or "Ipopt 3.11.9": the back end that solved, for the summary.
std::string solver_label(std::string_view backend) {
  if (backend == "ipopt") return "Ipopt " + opf::nlp_solver_version("ipopt");
  return "HiGHS " + opf::lp_solver_version("highs");
}

void print_header(std::FILE* s, const char* what, const core::Network& net) {
  std::fprintf(s, "gat opf %s  %s  (%zu buses, %zu branches, %zu generators)\n", what,
               net.name.c_str(), net.n_buses(), net.n_branches(), net.n_gens());
}

void print_status(std::FILE* s, opf::OpfStatus status, const std::string& message,
                  const std::string& solver, std::int64_t iterations) {
  const bool say = !message.empty() && status != opf::OpfStatus::kOptimal;
  std::fprintf(s, "  status       %s (%s, %lld iterations)%s%s\n",
               std::string(opf::to_string(status)).c_str(), solver.c_str(),
               static_cast<long long>(iterations), say ? ": " : "", say ? message.c_str() : "");
}

void run_dc_single(const OpfOptions& o, const core::Network& net, const core::Topology& topo,
                   double t_read) {
  Stopwatch clock;
  opf::DcOpfOptions options;
  options.solver_options = parse_solver_options(o.solver_options);
  options.qp_solver = o.qp_solver;
  const auto r = opf::solve_dc_opf(net, topo, options);
  const double t_solve = clock.lap();
  const auto run_id =
      core::make_run_id({"opf dc", run_params(o), {std::filesystem::path(net.source)}});
  const auto written = emit_tables(io::dc_opf_tables(net, topo, r, run_id), o.output, "bus");
  const double t_write = clock.lap();

  auto* s = summary_stream(o.output);
  print_header(s, "dc", net);
  print_status(s, r.status, r.message, solver_label(r.solver), r.iterations);
  for (const auto& n : r.notes) std::fprintf(s, "  note         %s\n", n.c_str());
  if (r.status == opf::OpfStatus::kOptimal) {
    std::fprintf(s, "  objective    %s $/h\n", thousands(r.objective, 2).c_str());
    print_prices(s, net, r.lmp, "LMP");
    print_binding(s, net, r.binding);
  }
  std::fprintf(s, "  run          %s: %s\n", run_id.c_str(), written.c_str());
  std::fprintf(s, "  time         read %.3f s, build %.3f s, solve %.3f s, write %.3f s\n", t_read,
               r.build_time_s, r.solve_time_s, t_write);
  (void)t_solve;
  if (r.status != opf::OpfStatus::kOptimal)
    throw PartialResult("DC-OPF " + std::string(opf::to_string(r.status)) + ": " + r.message);
}

void run_dc_rolling(const OpfOptions& o, const core::Network& net, const core::Topology& topo,
                    double t_read) {
  Stopwatch clock;
  const auto hours = io::read_scenario(o.profile, net);
  opf::RollingDcOpfOptions options;
  options.dc.solver_options = parse_solver_options(o.solver_options);
  options.dc.qp_solver = o.qp_solver;
  options.chunk_hours = o.chunk_hours;
  io::RollingDcOpfRecorder recorder(net, hours.n_hours());
  const auto outcomes = opf::solve_rolling_dc_opf(
      net, topo, hours, options,
      [&](std::size_t i, const opf::DcOpfResult& r) { recorder.record(i, r); });
  const double t_solve = clock.lap();
  auto params = run_params(o);
  const auto run_id = core::make_run_id(
      {"opf dc", params, {std::filesystem::path(net.source), std::filesystem::path(o.profile)}});
  const auto written = emit_tables(recorder.tables(outcomes, run_id), o.output, "hour");
  const double t_write = clock.lap();

  std::size_t solved = 0, hot = 0;
  std::int64_t iterations = 0;
  double cost = 0, lp_time = 0;
  std::map<std::string, std::size_t> by_solver;  // optimal hours per back end
  for (const auto& h : outcomes) {
    if (h.status != opf::OpfStatus::kOptimal) continue;
    ++solved;
    ++by_solver[h.solver];
    hot += h.hot_started;
    iterations += h.iterations;
    cost += h.objective;
    lp_time += h.solve_time_s;
  }
  auto* s = summary_stream(o.output);
  print_header(s, "dc --profile", net);
  std::fprintf(s, "  hours        %zu, %zu optimal, %zu hot-started from a basis\n",
               hours.n_hours(), solved, hot);
  std::fprintf(s, "  cost         %s $ over the optimal hours\n", thousands(cost, 2).c_str());
  std::string solvers;
  for (const auto& [name, n] : by_solver)
    solvers += (solvers.empty() ? "" : ", ") + solver_label(name) + ": " + std::to_string(n) +
               (n == 1 ? " hour" : " hours");
  std::fprintf(s, "  iterations   %.1f per hour (%s)\n",
               solved ? static_cast<double>(iterations) / static_cast<double>(solved) : 0.0,
               solvers.empty() ? solver_label("highs").c_str() : solvers.c_str());
  for (const auto& h : outcomes) {
    if (h.status != opf::OpfStatus::kOptimal)
      std::fprintf(s, "    hour %lld: %s %s\n", static_cast<long long>(h.hour),
                   std::string(opf::to_string(h.status)).c_str(), h.message.c_str());
  }
  std::fprintf(s, "  run          %s: %s\n", run_id.c_str(), written.c_str());
  std::fprintf(
      s, "  time         read %.3f s, solve %.3f s (LP %.3f s summed over hours), write %.3f s\n",
      t_read, t_solve, lp_time, t_write);
  if (solved != hours.n_hours()) throw PartialResult("not every hour's DC-OPF is optimal");
}

void run_dc(const OpfOptions& o) {
  const auto limit = limit_threads(o.threads);
  Stopwatch clock;
  const auto net = load_network(o.case_name);
  const auto topo = core::analyze_topology(net);
  const double t_read = clock.lap();
  if (o.profile.empty()) {
    run_dc_single(o, net, topo, t_read);
  } else {
    run_dc_rolling(o, net, topo, t_read);
  }
}

void run_ac(const OpfOptions& o) {
  Stopwatch clock;
  const auto net = load_network(o.case_name);
  const auto topo = core::analyze_topology(net);
  const double t_read = clock.lap();
  opf::AcOpfOptions options;
  options.solver_options = parse_solver_options(o.solver_options);
  options.start = opf::parse_ac_start(o.start);
  const auto r = opf::solve_ac_opf(net, topo, options);
  clock.lap();
  auto params = run_params(o);
  params.emplace_back("start", o.start);
  std::sort(params.begin(), params.end());
  const auto run_id = core::make_run_id({"opf ac", params, {std::filesystem::path(net.source)}});
  const auto written = emit_tables(io::ac_opf_tables(net, topo, r, run_id), o.output, "bus");
  const double t_write = clock.lap();

  auto* s = summary_stream(o.output);
  print_header(s, "ac", net);
  print_status(s, r.status, r.message, "Ipopt " + opf::nlp_solver_version(), r.iterations);
  for (const auto& n : r.notes) std::fprintf(s, "  note         %s\n", n.c_str());
  if (r.status == opf::OpfStatus::kOptimal) {
    std::fprintf(s, "  objective    %s $/h\n", thousands(r.objective, 2).c_str());
    print_prices(s, net, r.lam_p, "LMP (P)");
    print_binding(s, net, r.binding);
  }
  std::fprintf(s, "  run          %s: %s\n", run_id.c_str(), written.c_str());
  std::fprintf(s,
               "  time         read %.3f s, build %.3f s (start: %s), solve %.3f s, write %.3f s\n",
               t_read, r.build_time_s, o.start.c_str(), r.solve_time_s, t_write);
  if (r.status != opf::OpfStatus::kOptimal)
    throw PartialResult("AC-OPF " + std::string(opf::to_string(r.status)) + ": " + r.message);
}

void add_common(CLI::App* cmd, OpfOptions& o) {
  add_case_argument(cmd, o.case_name);
  cmd->add_option("--solver-option", o.solver_options,
                  "Solver option key=value, repeatable (HiGHS for dc, Ipopt for ac)");
  add_output_options(cmd, o.output);
}

}  // namespace

void add_opf_command(CLI::App& app) {
  auto* opf = app.add_subcommand("opf", "Optimal power flow");
  opf->require_subcommand(1);
  opf->footer(R"(Examples:
  gat opf dc case2869pegase -o out/           DC-OPF with LMPs (HiGHS)
  gat opf ac case300 -o out/                  AC-OPF (Ipopt))");

  auto dc = std::make_shared<OpfOptions>();
  auto* dc_cmd = opf->add_subcommand(
      "dc", "DC-OPF (B-theta, HiGHS) with LMPs, as MATPOWER's rundcopf; --profile for hours");
  add_common(dc_cmd, *dc);
  dc_cmd->add_option("--profile", dc->profile,
                     "Hourly load profile (CSV or Parquet: hour, scale): rolling DC-OPF");
  dc_cmd->add_option("--chunk-hours", dc->chunk_hours,
                     "With --profile: consecutive hours per parallel chunk (default: automatic)");
  add_threads_option(dc_cmd, dc->threads);
  dc_cmd
      ->add_option("--qp-solver", dc->qp_solver,
                   "Solver for quadratic costs: highs (active set, falls back to ipopt on "
                   "failure) or ipopt (interior point)")
      ->check(CLI::IsMember({"highs", "ipopt"}));
  dc_cmd->get_option("--chunk-hours")->needs(dc_cmd->get_option("--profile"));
  dc_cmd->footer(R"(Examples:
  gat opf dc case2869pegase -o out/           DC-OPF with LMPs (HiGHS)
  gat opf dc case118 --profile hours.csv -o out/   rolling DC-OPF, one LP per hour)");
  dc_cmd->callback([dc] { run_dc(*dc); });

  auto ac = std::make_shared<OpfOptions>();
  auto* ac_cmd = opf->add_subcommand("ac", "AC-OPF (polar, Ipopt), as MATPOWER's runopf");
  add_common(ac_cmd, *ac);
  ac_cmd
      ->add_option("--start", ac->start,
                   "Starting point: flat (MATPOWER's default), dc (DC-OPF), case")
      ->check(CLI::IsMember({"flat", "dc", "case"}));
  ac_cmd->footer(R"(Examples:
  gat opf ac case300 -o out/                  AC-OPF (Ipopt)
  gat opf ac case118 --start dc -o out/       from the DC-OPF's solution)");
  ac_cmd->callback([ac] { run_ac(*ac); });
}

}  // namespace gat::cli
