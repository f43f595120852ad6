// Load profiles for time-series studies: a table with one row per hour,
//
//   hour   int    the hour's label (any integers, unique)
//   scale  float  factor applied to every in-service load of the case in that hour
//
// read from CSV (header row) or Parquet. Rows keep the file's order.
#pragma once

#include <filesystem>
#include <vector>

#include "gat/opf/rolling_dc_opf.hpp"

namespace gat::io {

// Throws InputError naming the file (and the CSV line) for a missing column, a non-finite or
// negative scale, or a repeated hour.
std::vector<opf::ProfileHour> read_scale_profile(const std::filesystem::path& file);

}  // namespace gat::io
