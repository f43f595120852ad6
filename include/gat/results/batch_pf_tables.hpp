// Batch power-flow results as tables with an `hour` column (schemas: docs/schemas/batch_pf.md).
#pragma once

#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/io/arrow/table.hpp"
#include "gat/pf/batch_power_flow.hpp"

namespace gat::results {

using io::NamedTable;

inline constexpr int kBatchPfSchemaVersion = 1;

// "hour_status": one row per hour (converged, iterations, mismatch, totals, voltage range).
NamedTable batch_status_table(const core::Network& net, const pf::BatchResult& result,
                              const std::string& run_id);

// "bus" (vm, va) and "branch" (flows) rows for every hour and element, as far as the result
// kept them.
std::vector<NamedTable> batch_hour_tables(const core::Network& net, const pf::BatchResult& result,
                                          const std::string& run_id);

}  // namespace gat::results
