// Reductions of a screen's violations: ordering, per-contingency summaries, top-K per
// monitored branch and hour.
#pragma once

#include <cstddef>

#include "gat/contingency/dc_screen.hpp"

namespace gat::contingency::detail {

// Sorts result.violations by (hour, contingency, branch) (unless they come sorted), fills the
// per-contingency counts and worst cases, result.top (unless the screen kept it already:
// compute_top = false) and the outage counts of result.stats.
void reduce(DcScreenResult& result, std::size_t top_k, bool compute_top = true,
            bool sorted = false);

}  // namespace gat::contingency::detail
