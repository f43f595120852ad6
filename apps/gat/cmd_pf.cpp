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
#include "gat/pf/dc_power_flow.hpp"

namespace gat::cli {

namespace {

struct DcOptions {
  std::string case_name;
  OutputOptions output;
};

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
  std::fprintf(s,
               "  load         %s MW    generation %s MW    shunts %s MW\n",
               thousands(load).c_str(), thousands(gen).c_str(), thousands(gen - load, 2).c_str());

  std::size_t lo = 0, hi = 0;
  for (std::size_t i = 0; i < net.n_buses(); ++i) {
    if (std::isnan(r.va_rad[i])) continue;
    if (std::isnan(r.va_rad[lo]) || r.va_rad[i] < r.va_rad[lo]) lo = i;
    if (std::isnan(r.va_rad[hi]) || r.va_rad[i] > r.va_rad[hi]) hi = i;
  }
  constexpr double kDeg = 180.0 / std::numbers::pi;
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
  const auto run_id = core::make_run_id(
      {"pf dc", {}, {std::filesystem::path(net.source)}});
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

}  // namespace

void add_pf_command(CLI::App& app) {
  auto* pf = app.add_subcommand("pf", "Power flow");
  pf->require_subcommand(1);

  auto dc = std::make_shared<DcOptions>();
  auto* cmd = pf->add_subcommand("dc", "DC power flow (B' theta = P), as MATPOWER's rundcpf");
  cmd->add_option("case", dc->case_name, "Case name (case118), .m file")->required();
  add_output_options(cmd, dc->output);
  cmd->callback([dc] { run_dc(*dc); });
}

}  // namespace gat::cli
