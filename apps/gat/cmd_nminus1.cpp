// gat nminus1: the parent of the contingency studies (nminus1 dc, nminus1 ac: study_command.cpp
// makes them from their declarations in src/runs/).
#include "cli.hpp"

namespace gat::cli {

void add_nminus1_command(CLI::App& app) {
  auto* n1 = app.add_subcommand("nminus1", "Contingency screening (N-1, N-k) over hours");
  n1->require_subcommand(1);
  n1->footer(R"(Examples:
  gat nminus1 dc case_ACTIVSg10k -o out/      N-1 DC screening of every branch
  gat nminus1 ac case118 --profile hours.csv -o out/
                                              AC re-solve of what the DC screen flags)");
}

}  // namespace gat::cli
