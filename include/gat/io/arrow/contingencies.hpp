// Contingency lists: the outages an N-1 (or N-k) study screens.
#pragma once

#include <filesystem>
#include <vector>

#include "gat/contingency/outage.hpp"
#include "gat/core/network.hpp"

namespace gat::io {

// A contingency list (CSV or Parquet). Each row names one branch, by `branch_id` (its row in
// the case) or by `from_bus`, `to_bus` and optionally `ckt` (the n-th branch joining the two
// buses, either direction, in case order; needed when several do). Rows that share a value of
// the optional `contingency` column form one multi-element outage (N-2 and beyond), in order
// of first appearance; without that column every row is one single-branch outage.
// Throws InputError naming file and row for anything it cannot resolve.
std::vector<contingency::Outage> read_contingencies(const std::filesystem::path& file,
                                                    const core::Network& net);

}  // namespace gat::io
