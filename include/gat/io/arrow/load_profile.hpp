// Reading an hourly load profile (Parquet or CSV) for `gat batch pf` (named apart from
// read_load_profile of nminus1_tables.hpp, which returns the screening profile: the two
// would otherwise be one symbol to the linker); the format is
// docs/schemas/batch_pf.md ("profile"). Errors in the file are InputErrors naming the file and
// the row (1-based data row; CSV line = row + 1).
#pragma once

#include <filesystem>

#include "gat/core/network.hpp"
#include "gat/pf/load_profile.hpp"

namespace gat::io {

pf::LoadProfile read_pf_load_profile(const std::filesystem::path& file, const core::Network& net);

}  // namespace gat::io
