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

namespace gat::results {

using io::NamedTable;

// 2: table base_violations; violations, contingencies, top and ac_violations hold only the
// post-contingency violations a ViolationFilter reports (new, or worse than before the outage).
inline constexpr int kNminus1SchemaVersion = 2;

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

}  // namespace gat::results
