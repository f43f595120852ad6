// Reading a profile file (Parquet or CSV) into the hours of a study (core::Scenario): the one
// reader behind every --profile (batch pf, batch pf dc, batch mismatch, nminus1, opf dc,
// adequacy screen). Format: docs/schemas/batch_pf.md ("profile"); the `hour,scale` files of
// `gat opf dc --profile` are its system-wide shape. Errors in the file are InputErrors naming
// the file and the row (1-based data row; CSV line = row + 1).
#pragma once

#include <filesystem>

#include "gat/core/network.hpp"
#include "gat/core/scenario.hpp"

namespace gat::io {

core::Scenario read_scenario(const std::filesystem::path& file, const core::Network& net);

}  // namespace gat::io
