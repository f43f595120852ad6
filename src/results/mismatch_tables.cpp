#include "gat/results/mismatch_tables.hpp"

#include <algorithm>
#include <vector>

namespace gat::results {

io::NamedTable mismatch_table(const core::Network& net, std::span<const std::int64_t> hours,
                              const accel::MismatchOutput& r, double tol_mva,
                              const std::string& run_id) {
  const std::size_t nh = hours.size();
  const double base = net.base_mva;
  std::vector<std::int64_t> hour(hours.begin(), hours.end()), bus_p(nh), bus_q(nh);
  std::vector<double> dp(nh), dq(nh);
  std::vector<bool> needs(nh);
  for (std::size_t h = 0; h < nh; ++h) {
    dp[h] = r.max_dp[h] * base;
    dq[h] = r.max_dq[h] * base;
    bus_p[h] = r.worst_p_bus[h] >= 0 ? net.buses.id[r.worst_p_bus[h]] : -1;
    bus_q[h] = r.worst_q_bus[h] >= 0 ? net.buses.id[r.worst_q_bus[h]] : -1;
    needs[h] = std::max(dp[h], dq[h]) > tol_mva;
  }
  const auto table = io::TableBuilder(static_cast<std::int64_t>(nh))
                         .add("hour", hour)
                         .add("max_dp_mw", dp)
                         .add("worst_p_bus", bus_p)
                         .add("max_dq_mvar", dq)
                         .add("worst_q_bus", bus_q)
                         .add("needs_solve", needs)
                         .add_constant("run_id", run_id)
                         .finish("batch_mismatch", kBatchMismatchSchemaVersion);
  return {"mismatch", table};
}

}  // namespace gat::results
