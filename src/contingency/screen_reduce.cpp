#include "contingency/screen_reduce.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace gat::contingency::detail {

namespace {

void summarize(DcScreenResult& r) {
  for (const auto& v : r.violations) {
    auto& s = r.contingencies[v.contingency];
    ++s.n_violations;
    const double x = v.loading();
    if (x > s.worst_loading) {
      s.worst_loading = x;
      s.worst_branch = v.branch;
      s.worst_hour = v.hour;
    }
  }
  for (const auto& s : r.contingencies) {
    r.stats.n_screened += s.status == OutageStatus::kScreened;
    r.stats.n_islanding += s.status == OutageStatus::kIslanding;
  }
  r.stats.pairs_total = static_cast<std::uint64_t>(r.stats.n_screened) * r.stats.n_monitored;
}

// Worst first within each (hour, branch); ties by contingency index, so the order is the same
// whatever the thread schedule was.
void top_violations(DcScreenResult& r, std::size_t top_k) {
  const auto& v = r.violations;
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double la = v[a].loading(), lb = v[b].loading();
    return std::tie(v[a].hour, v[a].branch, lb, v[a].contingency) <
           std::tie(v[b].hour, v[b].branch, la, v[b].contingency);
  });
  r.top.clear();
  std::int32_t rank = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& x = v[order[i]];
    const bool same = i > 0 && v[order[i - 1]].hour == x.hour && v[order[i - 1]].branch == x.branch;
    rank = same ? rank + 1 : 1;
    if (static_cast<std::size_t>(rank) > top_k) continue;
    r.top.push_back({x.branch, x.hour, rank, x.contingency, x.post_pu, x.limit_pu, x.loading()});
  }
}

}  // namespace

void reduce(DcScreenResult& result, std::size_t top_k, bool compute_top, bool sorted) {
  auto& v = result.violations;
  const auto order = [](const Violation& a, const Violation& b) {
    return std::tie(a.hour, a.contingency, a.branch) < std::tie(b.hour, b.contingency, b.branch);
  };
  if (!sorted || !std::is_sorted(v.begin(), v.end(), order)) std::sort(v.begin(), v.end(), order);
  summarize(result);
  if (compute_top) top_violations(result, top_k);
}

}  // namespace gat::contingency::detail
