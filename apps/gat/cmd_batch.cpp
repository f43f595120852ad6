// gat batch: the parent of the studies over the hours of a profile (batch pf, batch pf dc,
// batch mismatch: study_command.cpp makes them from their declarations in src/runs/).
#include "cli.hpp"

namespace gat::cli {

void add_batch_command(CLI::App& app) {
  auto* batch =
      app.add_subcommand("batch", "Studies over the hours of a profile, in chunks that resume");
  batch->require_subcommand(1);
  batch->footer(R"(Examples:
  gat batch pf case2383wp --profile hours.parquet -o out/
                                              AC power flow for every hour of a load profile
  gat batch pf dc case118 --profile hours.csv --executor process --max-procs 8
                                              DC power flow per hour, in child processes
  gat batch mismatch case2383wp --profile hours.csv -o out/
                                              which hours the base case already solves)");
}

}  // namespace gat::cli
