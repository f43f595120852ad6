// Reductions of a screen's violations: ordering, per-contingency summaries, top-K per
// monitored branch and hour.
#pragma once

#include <cstddef>

#include "gat/contingency/dc_screen.hpp"

namespace gat::contingency::detail {

// Sorts result.violations by (hour, contingency, branch), fills the per-contingency counts
// and worst cases, result.top and the outage counts of result.stats.
void reduce(DcScreenResult& result, std::size_t top_k);

}  // namespace gat::contingency::detail
