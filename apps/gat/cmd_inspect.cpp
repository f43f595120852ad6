// gat inspect summary|buses|branches|generators CASE
#include <algorithm>
#include <memory>
#include <tuple>

#include "cli.hpp"
#include "gat/core/summary.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/network_tables.hpp"

namespace gat::cli {

namespace {

void print_summary(const core::Network& net, const core::Topology& topo) {
  const auto s = core::summarize(net, topo);
  auto count = [&](core::BusType t) {
    auto it = s.buses_by_type.find(t);
    return it == s.buses_by_type.end() ? std::size_t{0} : it->second;
  };
  std::printf("%s  (%s)\n", net.name.c_str(), net.source.c_str());
  std::printf("  base         %g MVA\n", net.base_mva);
  std::printf("  buses        %zu  (PQ %zu, PV %zu, REF %zu, isolated %zu), %zu areas\n", s.n_buses,
              count(core::BusType::kPQ), count(core::BusType::kPV), count(core::BusType::kRef),
              count(core::BusType::kIsolated), s.n_areas);
  std::printf("  branches     %zu  (%zu in service, %zu transformers, %zu phase shifters)\n",
              s.n_branches, s.n_branches_in_service, s.n_transformers, s.n_phase_shifters);
  std::printf("  generators   %zu  (%zu in service: %s MW scheduled of %s MW capacity)\n", s.n_gens,
              s.n_gens_in_service, thousands(s.gen_p_mw).c_str(), thousands(s.gen_pmax_mw).c_str());
  std::printf("  loads        %zu  (%s MW, %s MVAr)\n", s.n_loads, thousands(s.load_p_mw).c_str(),
              thousands(s.load_q_mvar).c_str());
  std::printf("  shunts       %zu\n", s.n_shunts);
  std::printf("  costs        %zu rows\n", s.n_cost_rows);
  std::printf("  islands      %zu", s.n_islands);
  if (s.n_islands_without_generation)
    std::printf(" (%zu without generation)", s.n_islands_without_generation);
  std::printf("\n");
  for (std::size_t i = 0; i < topo.islands.size(); ++i) {
    const auto& island = topo.islands[i];
    if (!island.note.empty()) {
      std::printf("    island %zu (%zu buses): %s\n", i, island.buses.size(), island.note.c_str());
    }
  }
  std::printf("  voltage      ");
  int shown = 0;
  for (auto it = s.buses_by_kv.rbegin(); it != s.buses_by_kv.rend() && shown < 8; ++it, ++shown) {
    std::printf("%s%g kV x%zu", shown ? ", " : "", it->first, it->second);
  }
  if (s.buses_by_kv.size() > 8) std::printf(", ... (%zu levels)", s.buses_by_kv.size());
  std::printf("\n");
}

}  // namespace

void add_inspect_command(CLI::App& app) {
  auto* inspect = app.add_subcommand("inspect", "Look inside a case");
  inspect->require_subcommand(1);
  inspect->footer(R"(Examples:
  gat inspect summary case118                 what a case holds (name, .m, .raw or .gat)
  gat inspect branches grid.gat               branch table as CSV on standard output)");
  auto case_name = std::make_shared<std::string>();
  auto* summary = inspect->add_subcommand("summary", "Counts, totals, islands and voltage levels");
  add_case_argument(summary, *case_name);
  summary->footer(R"(Examples:
  gat inspect summary case118                 what a case holds (name, .m, .raw or .gat)
  gat inspect summary grid.raw                a PSS/E case)");
  summary->callback([case_name] {
    const auto net = load_network(*case_name);
    print_summary(net, core::analyze_topology(net));
  });
  using TableFn = io::NamedTable (*)(const core::Network&);
  const std::tuple<const char*, const char*, TableFn> tables[] = {
      {"buses", "Bus table (loads and shunts summed per bus)", &io::inspect_bus_table},
      {"branches", "Branch table (lines and transformers)", &io::inspect_branch_table},
      {"generators", "Generator table", &io::inspect_gen_table}};
  for (const auto& [name, help, fn] : tables) {
    auto* cmd = inspect->add_subcommand(name, help);
    auto options = std::make_shared<OutputOptions>();
    options->out = "-";
    add_case_argument(cmd, *case_name);
    cmd->add_option("-o,--out", options->out, "Folder for the table, or '-' (default) for stdout")
        ->check(output_folder());
    cmd->add_option("--format", options->format, "parquet, csv (default on stdout) or json")
        ->check(CLI::IsMember({"parquet", "csv", "json"}));
    const std::string table = name;  // clang 14 cannot capture a structured binding
    auto example = [&table](const std::string& args, const std::string& what) {
      const std::string line = "gat inspect " + table + " " + args;
      return "\n  " + line + std::string(44 - std::min<std::size_t>(43, line.size()), ' ') + what;
    };
    cmd->footer("Examples:" + example("grid.gat", "as CSV on standard output") +
                example("case118 -o out/", "out/" + table + ".parquet"));
    cmd->callback([case_name, options, fn = fn, name = std::string(name)] {
      const auto net = load_network(*case_name);
      const std::string line = emit_tables({fn(net)}, *options, name);
      if (options->out != "-") std::printf("%s\n", line.c_str());
    });
  }
}

}  // namespace gat::cli
