// What `gat adequacy indices` and `gat adequacy elcc` study, declared and read once: generating
// units by type, a weekly load model with its annual peak or an hourly load, and renewable
// plants by weather year (io/adequacy_inputs.hpp); and the options both take.
#pragma once

#include <string>
#include <vector>

#include "gat/adequacy/capacity.hpp"
#include "gat/adequacy/estimate.hpp"
#include "gat/adequacy/renewables.hpp"
#include "gat/exec/chunk_spec.hpp"
#include "gat/results/adequacy_tables.hpp"
#include "gat/runs/study.hpp"

namespace gat::runs {

struct AdequacySystem {
  adequacy::Units units;
  std::vector<double> load_mw;        // hourly
  std::vector<double> daily_peak_mw;  // each day's peak; empty when the load is not whole days
  adequacy::Renewables renewables;
  std::vector<std::vector<double>> net_load_mw;  // one profile per weather year (one without)
};

// Reads the inputs the spec names (UsageError for a load given both ways or neither, or a
// load model without its peak; InputError from the readers).
AdequacySystem read_adequacy_system(const exec::StudySpec& spec);

// --units, --load-model, --load, --renewables.
std::vector<InputSpec> adequacy_system_inputs();
// --peak-mw, --method, --step-mw, --years, --seed.
std::vector<Option> adequacy_system_options(const std::string& years_help);

// Monte Carlo methods asked for by --method, in their order (states, sequential).
std::vector<std::string> monte_carlo_methods(const std::string& method);

using results::IndexRows;
using results::kAdequacySchemaVersion;

}  // namespace gat::runs
