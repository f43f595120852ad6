// gat pf: the command group; `pf dc` and `pf ac` are studies (src/runs/pf_study.cpp), their
// commands made by study_command.cpp.
#include "cli.hpp"

namespace gat::cli {

void add_pf_command(CLI::App& app) {
  auto* pf = app.add_subcommand("pf", "Power flow");
  pf->require_subcommand(1);
  pf->footer(R"(Examples:
  gat pf dc case9241pegase -o out/            DC power flow, Parquet tables in out/
  gat pf ac case2383wp --q-limits -o out/     AC power flow (Newton), generator Q limits enforced)");
}

}  // namespace gat::cli
