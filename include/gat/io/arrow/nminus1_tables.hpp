// Inputs and outputs of contingency screening as tables (schemas: docs/schemas/nminus1.md).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "gat/contingency/ac_verify.hpp"
#include "gat/contingency/dc_screen.hpp"
#include "gat/contingency/outage.hpp"
#include "gat/core/network.hpp"
#include "gat/io/arrow/table.hpp"

namespace gat::io {

// 2: table base_violations; violations, contingencies, top and ac_violations hold only the
// post-contingency violations a ViolationFilter reports (new, or worse than before the outage).
inline constexpr int kNminus1SchemaVersion = 2;

// A contingency list (CSV or Parquet). Each row names one branch, by `branch_id` (its row in
// the case) or by `from_bus`, `to_bus` and optionally `ckt` (the n-th branch joining the two
// buses, either direction, in case order; needed when several do). Rows that share a value of
// the optional `contingency` column form one multi-element outage (N-2 and beyond), in order
// of first appearance; without that column every row is one single-branch outage.
// Throws InputError naming file and row for anything it cannot resolve.
std::vector<contingency::Outage> read_contingencies(const std::filesystem::path& file,
                                                    const core::Network& net);

// Tables "violations", "contingencies", "top" and "base_violations" of a DC screen. hours: the
// label of each hour index (the profile's `hour` values, or {0}).
std::vector<NamedTable> dc_screen_tables(const core::Network& net,
                                         std::span<const contingency::Outage> outages,
                                         const contingency::DcScreenResult& result,
                                         std::span<const std::int64_t> hours,
                                         const std::string& run_id);

// Tables "ac_cases" (one row per verified contingency and hour) and "ac_violations".
std::vector<NamedTable> ac_verify_tables(const core::Network& net,
                                         std::span<const contingency::Outage> outages,
                                         const contingency::AcVerifyResult& result,
                                         std::span<const std::int64_t> hours,
                                         const std::string& run_id);

// Tables "ac_base_cases" (one row per hour: how its base case was solved) and
// "ac_base_violations" (the limits its base case violates). hours: base's hour labels.
std::vector<NamedTable> ac_base_tables(const core::Network& net,
                                       const contingency::AcBaseCases& base,
                                       std::span<const std::int64_t> hours,
                                       const std::string& run_id);

}  // namespace gat::io
