// gat pf dc|ac CASE
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>

#include "cli.hpp"
#include "gat/core/run_id.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/pf_tables.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/ac_power_flow.hpp"
#include "gat/pf/dc_power_flow.hpp"

namespace gat::cli {

namespace {

struct DcOptions {
  std::string case_name;
  OutputOptions output;
};

struct AcOptions {
  std::string case_name;
  OutputOptions output;
  bool q_limits = false;
  int q_limit_mode = 1;
  std::string algorithm = "nr";
  std::string fdpf_variant = "xb";
  std::string start = "case";
  double tol = 1e-8;
  int max_iter = 0;
};

constexpr double kDeg = 180.0 / std::numbers::pi;

void print_dc_summary(std::FILE* s, const core::Network& net, const core::Topology& topo,
                      const pf::DcPfResult& r) {
  const double base = net.base_mva;
  double load = 0, gen = 0;
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    if (net.loads.in_service[l] && !std::isnan(r.va_rad[net.loads.bus[l]]))
      load += net.loads.p_pu[l] * base;
  }
  for (double p : r.gen_p_pu) gen += std::isnan(p) ? 0.0 : p * base;
  std::size_t solved = 0;
  for (const auto& o : r.islands) solved += o.status == pf::IslandStatus::kSolved;
  std::fprintf(s, "  islands      %zu, %zu solved\n", topo.islands.size(), solved);
  for (std::size_t i = 0; i < r.islands.size(); ++i) {
    if (r.islands[i].status != pf::IslandStatus::kSolved) {
      std::fprintf(s, "    island %zu: %s\n", i, r.islands[i].message.c_str());
    }
  }
  std::fprintf(s, "  load         %s MW    generation %s MW    shunts %s MW\n",
               thousands(load).c_str(), thousands(gen).c_str(), thousands(gen - load, 2).c_str());

  std::size_t lo = 0, hi = 0;
  for (std::size_t i = 0; i < net.n_buses(); ++i) {
    if (std::isnan(r.va_rad[i])) continue;
    if (std::isnan(r.va_rad[lo]) || r.va_rad[i] < r.va_rad[lo]) lo = i;
    if (std::isnan(r.va_rad[hi]) || r.va_rad[i] > r.va_rad[hi]) hi = i;
  }
  if (!std::isnan(r.va_rad[lo])) {
    std::fprintf(s, "  angles       %.2f deg at bus %lld .. %.2f deg at bus %lld\n",
                 r.va_rad[lo] * kDeg, static_cast<long long>(net.buses.id[lo]), r.va_rad[hi] * kDeg,
                 static_cast<long long>(net.buses.id[hi]));
  }

  std::vector<std::pair<double, std::size_t>> loading;
  for (std::size_t k = 0; k < net.n_branches(); ++k) {
    const double rate = net.branches.rate_a_pu[k];
    if (rate > 0 && !std::isnan(r.pf_pu[k])) loading.emplace_back(std::abs(r.pf_pu[k]) / rate, k);
  }
  const auto top = std::min<std::size_t>(5, loading.size());
  std::partial_sort(loading.begin(), loading.begin() + static_cast<std::ptrdiff_t>(top),
                    loading.end(), std::greater<>());
  std::size_t over = 0;
  for (const auto& [x, k] : loading) over += x > 1.0;
  std::fprintf(s, "  overloads    %zu of %zu rated branches above rate A\n", over, loading.size());
  for (std::size_t i = 0; i < top; ++i) {
    const auto k = loading[i].second;
    std::fprintf(s, "    %-28s %8.1f MW  %6.1f %% of %.0f MVA\n", net.describe_branch(k).c_str(),
                 r.pf_pu[k] * base, 100 * loading[i].first, net.branches.rate_a_pu[k] * base);
  }
}

void run_dc(const DcOptions& o) {
  Stopwatch clock;
  const auto net = load_network(o.case_name);
  const auto topo = core::analyze_topology(net);
  const double t_read = clock.lap();
  const auto result = pf::solve_dc_power_flow(net, topo);
  const double t_solve = clock.lap();
  const auto run_id = core::make_run_id({"pf dc", {}, {std::filesystem::path(net.source)}});
  const auto written = emit_tables(io::dc_pf_tables(net, topo, result, run_id), o.output, "branch");
  const double t_write = clock.lap();

  auto* s = summary_stream(o.output);
  std::fprintf(s, "gat pf dc  %s  (%zu buses, %zu branches, %zu generators)\n", net.name.c_str(),
               net.n_buses(), net.n_branches(), net.n_gens());
  print_dc_summary(s, net, topo, result);
  std::fprintf(s, "  run          %s: %s\n", run_id.c_str(), written.c_str());
  std::fprintf(s, "  time         read %.3f s, solve %.3f s, write %.3f s\n", t_read, t_solve,
               t_write);
  if (!result.all_solved()) {
    throw PartialResult("results written, but not every island was solved (see the island table)");
  }
}

void print_islands(std::FILE* s, const core::Topology& topo,
                   const std::vector<pf::IslandOutcome>& islands, double base_mva) {
  std::size_t solved = 0;
  for (const auto& o : islands) solved += o.status == pf::IslandStatus::kSolved;
  std::fprintf(s, "  islands      %zu, %zu solved\n", topo.islands.size(), solved);
  for (std::size_t i = 0; i < islands.size(); ++i) {
    const auto& o = islands[i];
    if (o.status == pf::IslandStatus::kSolved) continue;
    std::fprintf(s, "    island %zu: %s", i, o.message.c_str());
    if (topo.islands[i].solvable())
      std::fprintf(s, " (%d iterations, mismatch %.3g MVA)", o.iterations,
                   o.max_mismatch_pu * base_mva);
    std::fprintf(s, "\n");
  }
}

void print_ac_voltages(std::FILE* s, const core::Network& net, const pf::AcPfResult& r) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < net.n_buses(); ++i) {
    if (!std::isnan(r.vm_pu[i])) order.push_back(i);
  }
  if (order.empty()) return;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return r.vm_pu[a] < r.vm_pu[b]; });
  auto bus = [&](std::size_t i) { return static_cast<long long>(net.buses.id[i]); };
  std::fprintf(s, "  voltages     %.4f p.u. at bus %lld .. %.4f p.u. at bus %lld\n",
               r.vm_pu[order.front()], bus(order.front()), r.vm_pu[order.back()],
               bus(order.back()));
  std::size_t low = 0, high = 0;
  for (auto i : order) {
    low += r.vm_pu[i] < net.buses.vmin_pu[i] - 1e-9;
    high += r.vm_pu[i] > net.buses.vmax_pu[i] + 1e-9;
  }
  std::fprintf(s, "    outside [Vmin, Vmax]: %zu low, %zu high; lowest:", low, high);
  for (std::size_t k = 0; k < std::min<std::size_t>(5, order.size()); ++k) {
    std::fprintf(s, " %lld (%.4f)", bus(order[k]), r.vm_pu[order[k]]);
  }
  std::fprintf(s, "\n");
}

void print_ac_loading(std::FILE* s, const core::Network& net, const pf::AcPfResult& r) {
  const double base = net.base_mva;
  std::vector<std::pair<double, std::size_t>> loading;
  for (std::size_t k = 0; k < net.n_branches(); ++k) {
    const double rate = net.branches.rate_a_pu[k];
    const double mva =
        std::max(std::hypot(r.pf_pu[k], r.qf_pu[k]), std::hypot(r.pt_pu[k], r.qt_pu[k]));
    if (rate > 0 && !std::isnan(mva)) loading.emplace_back(mva / rate, k);
  }
  const auto top = std::min<std::size_t>(5, loading.size());
  std::partial_sort(loading.begin(), loading.begin() + static_cast<std::ptrdiff_t>(top),
                    loading.end(), std::greater<>());
  std::size_t over = 0;
  for (const auto& [x, k] : loading) over += x > 1.0;
  std::fprintf(s, "  overloads    %zu of %zu rated branches above rate A\n", over, loading.size());
  for (std::size_t i = 0; i < top; ++i) {
    const auto k = loading[i].second;
    std::fprintf(s, "    %-28s %8.1f MW %8.1f MVAr  %6.1f %% of %.0f MVA\n",
                 net.describe_branch(k).c_str(), r.pf_pu[k] * base, r.qf_pu[k] * base,
                 100 * loading[i].first, net.branches.rate_a_pu[k] * base);
  }
}

void print_ac_summary(std::FILE* s, const core::Network& net, const core::Topology& topo,
                      const pf::AcPfOptions& options, const pf::AcPfResult& r) {
  const double base = net.base_mva;
  std::fprintf(s, "  solver       %s, tol %g p.u.%s: %s in %d iterations, max mismatch %.3g MVA\n",
               std::string(pf::to_string(options.algorithm)).c_str(), options.tol_pu,
               options.q_limits ? ", Q limits" : "", r.all_solved() ? "converged" : "NOT CONVERGED",
               r.iterations, r.max_mismatch_pu * base);
  print_islands(s, topo, r.islands, base);
  double pd = 0, qd = 0, pg = 0, qg = 0;
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    if (!net.loads.in_service[l] || std::isnan(r.vm_pu[net.loads.bus[l]])) continue;
    pd += net.loads.p_pu[l] * base;
    qd += net.loads.q_pu[l] * base;
  }
  std::size_t at_limit = 0;
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    if (std::isnan(r.gen_p_pu[g])) continue;
    pg += r.gen_p_pu[g] * base;
    qg += r.gen_q_pu[g] * base;
    at_limit += r.gen_at_q_limit[g];
  }
  const double pl = r.losses_p_pu() * base, ql = r.losses_q_pu() * base;
  std::fprintf(s, "  load         %s MW  %s MVAr\n", thousands(pd).c_str(), thousands(qd).c_str());
  std::fprintf(s, "  generation   %s MW  %s MVAr", thousands(pg).c_str(), thousands(qg).c_str());
  if (options.q_limits) std::fprintf(s, "  (%zu generators held at a Q limit)", at_limit);
  std::fprintf(s, "\n  losses       %s MW (%.2f %% of load)  %s MVAr\n", thousands(pl, 2).c_str(),
               pd > 0 ? 100 * pl / pd : 0.0, thousands(ql, 2).c_str());
  print_ac_voltages(s, net, r);
  print_ac_loading(s, net, r);
}

pf::AcPfOptions to_pf_options(const AcOptions& o) {
  pf::AcPfOptions p;
  if (o.algorithm == "fdpf") {
    p.algorithm = o.fdpf_variant == "bx" ? pf::AcAlgorithm::kFastDecoupledBX
                                         : pf::AcAlgorithm::kFastDecoupledXB;
  }
  p.tol_pu = o.tol;
  p.max_iter = o.max_iter;
  p.q_limits = o.q_limits ? o.q_limit_mode : 0;
  p.start = o.start == "flat" ? pf::StartPoint::kFlat : pf::StartPoint::kCase;
  return p;
}

void run_ac(const AcOptions& o) {
  Stopwatch clock;
  const auto net = load_network(o.case_name);
  const auto topo = core::analyze_topology(net);
  const double t_read = clock.lap();
  const auto options = to_pf_options(o);
  const auto result = pf::solve_ac_power_flow(net, topo, options);
  const double t_solve = clock.lap();
  const auto run_id =
      core::make_run_id({"pf ac",
                         {{"algorithm", std::string(pf::to_string(options.algorithm))},
                          {"format", o.output.format},
                          {"max_iter", std::to_string(options.effective_max_iter())},
                          {"q_limits", std::to_string(options.q_limits)},
                          {"start", o.start},
                          {"tol", std::to_string(options.tol_pu)}},
                         {std::filesystem::path(net.source)}});
  const auto written = emit_tables(io::ac_pf_tables(net, topo, result, run_id), o.output, "bus");
  const double t_write = clock.lap();

  auto* s = summary_stream(o.output);
  std::fprintf(s, "gat pf ac  %s  (%zu buses, %zu branches, %zu generators)\n", net.name.c_str(),
               net.n_buses(), net.n_branches(), net.n_gens());
  print_ac_summary(s, net, topo, options, result);
  std::fprintf(s, "  run          %s: %s\n", run_id.c_str(), written.c_str());
  std::fprintf(s, "  time         read %.3f s, solve %.3f s, write %.3f s\n", t_read, t_solve,
               t_write);
  if (!result.all_solved()) {
    throw PartialResult("results written, but not every island converged (see the island table)");
  }
}

}  // namespace

void add_pf_command(CLI::App& app) {
  auto* pf = app.add_subcommand("pf", "Power flow");
  pf->require_subcommand(1);
  pf->footer(R"(Examples:
  gat pf dc case9241pegase -o out/            DC power flow, Parquet tables in out/
  gat pf ac case2383wp --q-limits -o out/     AC power flow (Newton), generator Q limits enforced)");

  auto dc = std::make_shared<DcOptions>();
  auto* cmd = pf->add_subcommand("dc", "DC power flow (B' theta = P), as MATPOWER's rundcpf");
  add_case_argument(cmd, dc->case_name);
  add_output_options(cmd, dc->output);
  cmd->footer(R"(Examples:
  gat pf dc case9241pegase -o out/            DC power flow, Parquet tables in out/
  gat pf dc grid.raw -o out/ --format csv     a PSS/E case, CSV tables
  gat pf dc case118 -o - --table branch       branch flows as CSV on standard output)");
  cmd->callback([dc] { run_dc(*dc); });

  auto ac = std::make_shared<AcOptions>();
  auto* acc =
      pf->add_subcommand("ac", "AC power flow (Newton-Raphson or fast-decoupled), as runpf");
  add_case_argument(acc, ac->case_name);
  auto* q_limits = acc->add_flag(
      "--q-limits", ac->q_limits,
      "Enforce generator Q limits (PV buses at a limit become PQ), as pf.enforce_q_lims");
  acc->add_option("--q-limit-mode", ac->q_limit_mode,
                  "With --q-limits: 1 converts every violating generator at once (MATPOWER's "
                  "default), 2 the worst")
      ->check(CLI::Range(1, 2))
      ->needs(q_limits);
  auto* algorithm =
      acc->add_option("--algorithm", ac->algorithm, "nr (Newton-Raphson, default) or fdpf")
          ->check(CLI::IsMember({"nr", "fdpf"}));
  only_with(acc->add_option("--fdpf-variant", ac->fdpf_variant,
                            "Fast-decoupled variant: xb (default) or bx")
                ->check(CLI::IsMember({"xb", "bx"})),
            algorithm, "fdpf");
  acc->add_option("--tol", ac->tol, "Convergence tolerance on the max P/Q mismatch, p.u. (1e-8)")
      ->check(positive_number());
  acc->add_option("--max-iter", ac->max_iter,
                  "Iteration limit (default: 10 for Newton, 30 for fast-decoupled)")
      ->check(positive_number());
  acc->add_option("--start", ac->start, "Start point: case (default) or flat")
      ->check(CLI::IsMember({"case", "flat"}));
  add_output_options(acc, ac->output);
  acc->footer(R"(Examples:
  gat pf ac case2383wp --q-limits -o out/     AC power flow (Newton), generator Q limits enforced
  gat pf ac case300 --algorithm fdpf -o out/  fast-decoupled (XB)
  gat pf ac case118 -o - --table bus          bus voltages as CSV on standard output)");
  acc->callback([ac] { run_ac(*ac); });
}

}  // namespace gat::cli
