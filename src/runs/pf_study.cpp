// gat pf dc|ac: a power flow of the case, as a one-chunk study (no axes).
//
// DC: pf::solve_dc_power_flow (MATPOWER's rundcpf); AC: pf::solve_ac_power_flow (runpf),
// parameters in pf_ac_study() below. Tables bus, branch, gen, island (docs/schemas/pf.md),
// listed with the one `-o -` prints first: branch for DC, bus for AC. A run in which an
// island was not solved is complete but its results are not whole: pf_incomplete says so
// (the command exits 3). Highlights: pf_highlights.cpp.
#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/ac_power_flow.hpp"
#include "gat/pf/dc_power_flow.hpp"
#include "gat/results/pf_tables.hpp"
#include "studies.hpp"

namespace gat::runs {

pf::AcPfOptions pf_ac_options(const nlohmann::json& p) {
  pf::AcPfOptions o;
  if (p.at("algorithm") == "fdpf") {
    o.algorithm = p.at("fdpf_variant") == "bx" ? pf::AcAlgorithm::kFastDecoupledBX
                                               : pf::AcAlgorithm::kFastDecoupledXB;
  }
  o.tol_pu = p.at("tol_pu").get<double>();
  o.max_iter = p.at("max_iter").get<int>();
  o.q_limits =
      p.at("q_limits").get<bool>() ? std::stoi(p.at("q_limit_mode").get<std::string>()) : 0;
  o.start = p.at("start") == "flat" ? pf::StartPoint::kFlat : pf::StartPoint::kCase;
  return o;
}

namespace {

class PowerFlowStudy final : public Study {
 public:
  PowerFlowStudy(const exec::StudySpec& spec, bool ac)
      : net_(io::load_case(spec.input("case").path)),
        topo_(core::analyze_topology(net_)),
        ac_(ac),
        options_(ac ? pf_ac_options(spec.params) : pf::AcPfOptions{}),
        run_id_(spec.run_id()) {}

  std::vector<exec::Axis> axes() const override { return {}; }
  std::vector<TableInfo> tables() const override {
    TableInfo bus{"bus", ac_ ? "vm_pu" : ""}, branch{"branch", "loading_pct"};
    if (ac_) return {bus, branch, {"gen", ""}, {"island", "max_mismatch_mva"}};
    return {branch, bus, {"gen", ""}, {"island", ""}};
  }
  std::vector<io::NamedTable> run(const exec::ChunkSpec&) const override {
    if (ac_)
      return results::ac_pf_tables(net_, topo_, pf::solve_ac_power_flow(net_, topo_, options_),
                                   run_id_);
    return results::dc_pf_tables(net_, topo_, pf::solve_dc_power_flow(net_, topo_), run_id_);
  }

 private:
  core::Network net_;
  core::Topology topo_;
  bool ac_;
  pf::AcPfOptions options_;
  std::string run_id_;
};

}  // namespace

StudyType pf_dc_study() {
  return {
      .command = "pf dc",
      .summary = "DC power flow (B' theta = P), as MATPOWER's rundcpf",
      .inputs = {case_input()},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<PowerFlowStudy>(spec, false);
      },
      .highlights = pf_dc_highlights,
      .incomplete = pf_incomplete,
      .examples = R"(Examples:
  gat pf dc case9241pegase -o out/            DC power flow, Parquet tables in out/
  gat pf dc grid.raw -o out/ --format csv     a PSS/E case, CSV tables
  gat pf dc case118 -o - --table bus          bus angles as CSV on standard output (default: branch))",
  };
}

std::vector<Option> ac_solver_options() {
  return {{.key = "algorithm",
           .flag = "--algorithm",
           .type = OptionType::kText,
           .default_value = "nr",
           .help = "Newton-Raphson (nr) or fast-decoupled (fdpf)",
           .choices = {"nr", "fdpf"}},
          {.key = "fdpf_variant",
           .flag = "--fdpf-variant",
           .type = OptionType::kText,
           .default_value = "xb",
           .help = "Fast-decoupled variant",
           .choices = {"xb", "bx"},
           .only_with = "algorithm=fdpf"},
          {.key = "tol_pu",
           .flag = "--tol",
           .type = OptionType::kNumber,
           .default_value = 1e-8,
           .unit = "p.u.",
           .help = "Convergence tolerance on the largest P/Q mismatch",
           .min = 0,
           .min_exclusive = true},
          {.key = "max_iter",
           .flag = "--max-iter",
           .type = OptionType::kInt,
           .default_value = 0,
           .help = "Iteration limit (0: 10 for Newton, 30 for fast-decoupled)",
           .min = 0}};
}

StudyType pf_ac_study() {
  return {
      .command = "pf ac",
      .summary = "AC power flow (Newton-Raphson or fast-decoupled), as MATPOWER's runpf",
      .inputs = {case_input()},
      .options =
          join({{{.key = "q_limits",
                  .flag = "--q-limits",
                  .type = OptionType::kBool,
                  .default_value = false,
                  .help = "Enforce generator Q limits (PV buses at a limit become PQ), as "
                          "pf.enforce_q_lims"},
                 {.key = "q_limit_mode",
                  .flag = "--q-limit-mode",
                  .type = OptionType::kText,
                  .default_value = "1",
                  .help = "1 converts every violating generator at once (MATPOWER's default), 2 "
                          "the worst one at a time",
                  .choices = {"1", "2"},
                  .only_with = "q_limits=true"}},
                ac_solver_options(),
                {{.key = "start",
                  .flag = "--start",
                  .type = OptionType::kText,
                  .default_value = "case",
                  .help = "Start point: the case's voltages, or flat (1 p.u., 0 deg)",
                  .choices = {"case", "flat"}}}}),
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<PowerFlowStudy>(spec, true);
      },
      .highlights = pf_ac_highlights,
      .incomplete = pf_incomplete,
      .examples = R"(Examples:
  gat pf ac case2383wp --q-limits -o out/     AC power flow (Newton), generator Q limits enforced
  gat pf ac case300 --algorithm fdpf -o out/  fast-decoupled (XB)
  gat pf ac case118 -o - --table branch       branch flows as CSV on standard output (default: bus))",
  };
}

}  // namespace gat::runs
