// gat batch mismatch's table (schema: docs/schemas/batch_mismatch.md).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "gat/accel/problems.hpp"
#include "gat/core/network.hpp"
#include "gat/io/arrow/table.hpp"

namespace gat::results {

inline constexpr int kBatchMismatchSchemaVersion = 1;

// "mismatch": one row per hour, its largest P and Q mismatch (MW, MVAr) at one voltage state
// and the buses they are at, and whether it exceeds tol_mva (the hour needs a power flow).
io::NamedTable mismatch_table(const core::Network& net, std::span<const std::int64_t> hours,
                              const accel::MismatchOutput& r, double tol_mva,
                              const std::string& run_id);

}  // namespace gat::results
