// Load profiles for batch studies: one row per hour, every load scaled by that hour's factor.
//
//   hour,scale        (CSV with a header, or Parquet with these two columns)
//   0,0.82
//   1,0.79
//
// hour is an integer label (unique; rows are studied in file order), scale multiplies every
// in-service load's P and Q. Schema: docs/schemas/profile.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace gat::io {

struct LoadProfile {
  std::string source;
  std::vector<std::int64_t> hour;
  std::vector<double> scale;

  std::size_t size() const { return hour.size(); }
};

// Throws InputError naming the file (and the line, for CSV) for a missing column, a value
// that is not a number, a non-finite or negative scale, or a repeated hour.
LoadProfile read_load_profile(const std::filesystem::path& file);

}  // namespace gat::io
