// gat opf: the parent of the OPF studies (opf dc, opf ac: src/runs/opf_*_study.cpp), whose
// commands come from their declarations (study_command.cpp).
#include "cli.hpp"

namespace gat::cli {

void add_opf_command(CLI::App& app) {
  auto* opf = app.add_subcommand("opf", "Optimal power flow");
  opf->require_subcommand(1);
  opf->footer(R"(Examples:
  gat opf dc case2869pegase -o out/           DC-OPF with LMPs (HiGHS)
  gat opf dc case118 --profile hours.csv -o out/   rolling DC-OPF, one per hour
  gat opf ac case300 -o out/                  AC-OPF (Ipopt))");
}

}  // namespace gat::cli
