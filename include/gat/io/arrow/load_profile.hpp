// Reading an hourly load profile (Parquet or CSV) for `gat batch pf`; the format is
// docs/schemas/batch_pf.md ("profile"). Errors in the file are InputErrors naming the file and
// the row (1-based data row; CSV line = row + 1).
#pragma once

#include <filesystem>

#include "gat/core/network.hpp"
#include "gat/pf/load_profile.hpp"

namespace gat::io {

pf::LoadProfile read_load_profile(const std::filesystem::path& file, const core::Network& net);

}  // namespace gat::io
