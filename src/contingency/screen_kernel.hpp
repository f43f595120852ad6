// The fused inner loop of DC screening: post-contingency flow, limit check and keeping of
// violations, for one block of up to kTile single-branch outages against every hour.
#pragma once

#include <cstdint>
#include <vector>

#include "gat/contingency/dc_screen.hpp"

namespace gat::contingency::detail {

inline constexpr std::size_t kTile = 16;  // outages per block: four AVX2 vectors

// One block's LODF tile and the pre-outage flows of its outaged branches.
struct BlockTile {
  std::size_t n_cols = 0;                     // outages in the block, ≤ kTile
  const double* lodf = nullptr;               // n_monitored × kTile, row-major, padding columns 0
  const double* outaged = nullptr;            // n_hours × kTile: P_h,k of each column's branch
  const double* outaged_max = nullptr;        // kTile: max_h P_h,k (0 in padding)
  const double* outaged_min = nullptr;        // kTile: min_h P_h,k
  const std::int32_t* contingency = nullptr;  // n_cols: index of each column's outage
};

// The monitored branches' base flows, shared by every block.
struct MonitoredFlows {
  std::size_t n_monitored = 0;
  std::size_t n_hours = 0;
  std::size_t stride = 0;        // of base's rows, ≥ n_hours
  const double* base = nullptr;  // per branch k (all of them), its flows from base + k · stride
  const double* base_max = nullptr;  // per monitored branch, over hours
  const double* base_min = nullptr;
  const double* limit = nullptr;         // threshold · rate, p.u.
  const double* rate = nullptr;          // rate, p.u.
  const std::int32_t* branch = nullptr;  // per monitored branch: its index k
  ViolationFilter report;                // which violations above the limit are kept

  const double* flows(std::size_t l) const {
    return base + static_cast<std::size_t>(branch[l]) * stride;
  }
};

// Appends every violation of the block that mon.report keeps to out. Returns how many (monitored,
// outage) pairs went through the hour loop (the rest were pruned).
std::uint64_t check_block(const BlockTile& tile, const MonitoredFlows& mon, bool prune,
                          std::vector<Violation>& out);

}  // namespace gat::contingency::detail
