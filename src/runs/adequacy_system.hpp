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

// The adequacy_indices table (docs/schemas/adequacy.md): one row per method and index.
struct IndexRows {
  std::vector<std::string> method, index, unit;
  std::vector<double> value, std_error, ci95_low, ci95_high, cov;
  std::vector<std::int64_t> samples;
  std::vector<bool> sampled;
  void add(const std::string& method, const std::string& index, double value,
           const std::string& unit);  // exact: no error, no samples
  void add(const std::string& method, const std::string& index, const adequacy::Estimate& e,
           const std::string& unit);
  io::NamedTable table(const std::string& run_id) const;
};
inline constexpr int kAdequacySchemaVersion = 1;

}  // namespace gat::runs
