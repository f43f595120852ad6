// gat sens: the command group; `sens ptdf` and `sens lodf` are studies
// (src/runs/sens_study.cpp), their commands made by study_command.cpp.
#include "cli.hpp"

namespace gat::cli {

void add_sens_command(CLI::App& app) {
  auto* sens = app.add_subcommand("sens", "DC sensitivities: PTDF and LODF matrices");
  sens->require_subcommand(1);
  sens->footer(R"(Examples:
  gat sens ptdf case118 -o out/               PTDF matrix (long layout) in out/ptdf/
  gat sens lodf case118 -o out/               LODF matrix (long layout) in out/lodf/)");
}

}  // namespace gat::cli
