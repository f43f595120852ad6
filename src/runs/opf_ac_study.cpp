// gat opf ac: the AC-OPF of a case (opf::solve_ac_opf, polar, Ipopt, as MATPOWER's runopf), as
// a one-chunk study. Tables bus, summary, branch, gen, binding (docs/schemas/opf.md).
#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/opf/ac_opf.hpp"
#include "gat/results/opf_tables.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

class OpfAcStudy final : public Study {
 public:
  explicit OpfAcStudy(const exec::StudySpec& spec)
      : net_(io::load_case(spec.input("case").path)),
        topo_(core::analyze_topology(net_)),
        run_id_(spec.run_id()) {
    options_.start = opf::parse_ac_start(spec.params.at("start").get<std::string>());
    options_.solver_options = parse_solver_options(spec.params.at("solver_options"));
  }

  std::vector<exec::Axis> axes() const override { return {}; }
  std::vector<TableInfo> tables() const override {
    return {{"bus", "lam_p_usd_per_mwh"},
            {"summary", ""},
            {"branch", "loading_pct"},
            {"gen", "p_mw"},
            {"binding", "shadow_price"}};
  }
  std::vector<io::NamedTable> run(const exec::ChunkSpec&) const override {
    return results::ac_opf_tables(net_, topo_, opf::solve_ac_opf(net_, topo_, options_), run_id_);
  }

 private:
  core::Network net_;
  core::Topology topo_;
  std::string run_id_;
  opf::AcOpfOptions options_;
};

}  // namespace

StudyType opf_ac_study() {
  return {
      .command = "opf ac",
      .summary = "AC-OPF (polar, Ipopt), as MATPOWER's runopf",
      .inputs = {case_input()},
      .options = {solver_options_option("Ipopt"),
                  {.key = "start",
                   .flag = "--start",
                   .type = OptionType::kText,
                   .default_value = "flat",
                   .help = "Starting point: flat (MATPOWER's default), dc (the DC-OPF's "
                           "solution), case (the case's voltages and dispatch)",
                   .choices = {"flat", "dc", "case"}}},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<OpfAcStudy>(spec);
      },
      .highlights = opf_highlights,
      .incomplete = opf_incomplete,
      .examples = R"(Examples:
  gat opf ac case300 -o out/                  AC-OPF (Ipopt)
  gat opf ac case118 --start dc -o out/       from the DC-OPF's solution)",
  };
}

}  // namespace gat::runs
