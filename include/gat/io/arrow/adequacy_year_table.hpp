// The per-sampled-year table of `gat adequacy indices` (docs/schemas/adequacy.md).
#pragma once

#include <span>
#include <string>

#include "gat/io/arrow/table.hpp"

namespace gat::io {

inline constexpr int kAdequacyYearsSchemaVersion = 1;

// "adequacy_years": method, year, lol_hours, unserved_mwh, events (null when the method does
// not define events: state sampling).
NamedTable adequacy_year_table(const std::string& method, std::span<const double> lol_hours,
                               std::span<const double> unserved_mwh, std::span<const double> events,
                               const std::string& run_id);

}  // namespace gat::io
