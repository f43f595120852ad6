// The forced outage rates input of the adequacy screen (adequacy/capacity.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "gat/adequacy/capacity.hpp"
#include "gat/io/arrow/table.hpp"

namespace gat::io {

// Forced outage rates (CSV or Parquet): columns `gen` (the generator's 1-based row in the
// case) and `for` (in [0, 1]). Units not in the file keep their rate; a row naming a
// generator that is not a unit (out of service, no P_max) is an InputError.
void read_forced_outage_rates(const std::filesystem::path& file, const core::Network& net,
                              adequacy::Units& units);

}  // namespace gat::io
