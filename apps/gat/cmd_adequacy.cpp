// gat adequacy: the parent of the adequacy studies (screen, indices, elcc), whose commands come
// from their declarations (src/runs/adequacy_*_study.cpp, study_command.cpp).
#include "cli.hpp"

namespace gat::cli {

void add_adequacy_command(CLI::App& app) {
  auto* adequacy = app.add_subcommand("adequacy", "Resource adequacy");
  adequacy->require_subcommand(1);
  adequacy->footer(R"(Examples:
  gat adequacy screen case_ACTIVSg2000 --scenarios 1000 --hours 8760 --seed 7 -o out/
                                              Monte Carlo capacity check (add --gpu)
  gat adequacy indices --units units.csv --load-model rts79/ --peak-mw 2850 -o out/
                                              LOLE, EUE, LOLF of a generating system
  gat adequacy elcc --units units.csv --load-model rts79/ --peak-mw 2850 --renewables pv.csv -o out/
                                              ELCC of solar plants)");
}

}  // namespace gat::cli
