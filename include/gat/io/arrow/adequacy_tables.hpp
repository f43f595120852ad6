// Inputs and outputs of the adequacy screen (adequacy/capacity.hpp) as tables.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "gat/adequacy/capacity.hpp"
#include "gat/io/arrow/table.hpp"

namespace gat::io {

inline constexpr int kAdequacySchemaVersion = 1;

// Forced outage rates (CSV or Parquet): columns `gen` (the generator's 1-based row in the
// case) and `for` (in [0, 1]). Units not in the file keep their rate; a row naming a
// generator that is not a unit (out of service, no P_max) is an InputError.
void read_forced_outage_rates(const std::filesystem::path& file, const core::Network& net,
                              adequacy::Units& units);

// Tables "adequacy_hours" (hour, load_mw, lol_scenarios, lolp, unserved_mwh_mean) and
// "adequacy_scenarios" (scenario, lol_hours, unserved_mwh).
std::vector<NamedTable> adequacy_tables(std::span<const std::int32_t> hours,
                                        std::span<const double> load_mw,
                                        const adequacy::CapacityResult& result,
                                        std::size_t n_scenarios, const std::string& run_id);

}  // namespace gat::io
