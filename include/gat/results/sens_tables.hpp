// PTDF and LODF as tables (schemas: docs/schemas/sens.md). Long layout: one row per
// (branch, bus) or (outage, branch) entry, ids as in the case.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/io/arrow/table.hpp"
#include "gat/sens/dc_model.hpp"
#include "gat/sens/lodf.hpp"

namespace gat::results {

using io::NamedTable;

inline constexpr int kSensSchemaVersion = 1;

// Table "ptdf": active branches × energized buses, entries with |value| < min_abs left out.
NamedTable ptdf_table(const core::Network& net, const sens::DcModel& model,
                      const sens::DenseMatrix& ptdf, double min_abs, const std::string& run_id);

// Tables "lodf" (active outage × active branch; null for islanding outages) and
// "lodf_outages" (one row per active outage: islanding flag), of the outages of branches
// `outages` (dense indices): column j of `lodf` is that of outages[j], its rows every branch
// (sens::lodf_columns(model, outages, all branches)). Inactive outages are left out.
std::vector<NamedTable> lodf_tables(const core::Network& net, const sens::DcModel& model,
                                    std::span<const std::int32_t> outages,
                                    const sens::LodfColumns& lodf, double min_abs,
                                    const std::string& run_id);

}  // namespace gat::results
