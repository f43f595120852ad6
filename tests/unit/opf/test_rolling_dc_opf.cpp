// Rolling DC-OPF: every hour equals a DC-OPF of the scaled case solved on its own; hours after
// the first in a chunk start from the previous basis; chunking does not change results.
#include "gat/opf/rolling_dc_opf.hpp"

#include <gtest/gtest.h>

#include <mutex>

#include "opf_cases.hpp"

using gat::opf::OpfStatus;

namespace {

// case9 with linear costs (an LP, so bases exist) and a tight 5-6 line.
gat::core::Network linear_case9() {
  auto net = gat::test::case9();
  net.gen_costs = {};
  gat::test::add_poly_cost(net, {5, 150});
  gat::test::add_poly_cost(net, {1.2, 600});
  gat::test::add_poly_cost(net, {8, 335});
  net.branches.rate_a_pu[2] = 0.6;
  return net;
}

std::vector<gat::opf::ProfileHour> profile(int n) {
  std::vector<gat::opf::ProfileHour> hours;
  for (int h = 0; h < n; ++h) hours.push_back({h, 0.7 + 0.05 * h});
  return hours;
}

}  // namespace

TEST(RollingDcOpf, EachHourEqualsAStandaloneSolve) {
  const auto net = linear_case9();
  const auto topo = gat::core::analyze_topology(net);
  const auto hours = profile(10);
  std::mutex m;
  std::vector<std::vector<double>> lmp(hours.size());
  gat::opf::RollingDcOpfOptions options;
  options.chunk_hours = 4;
  const auto out = gat::opf::solve_rolling_dc_opf(
      net, topo, hours, options, [&](std::size_t i, const gat::opf::DcOpfResult& r) {
        std::lock_guard lock(m);
        lmp[i] = r.lmp;
      });
  ASSERT_EQ(out.size(), hours.size());
  for (std::size_t i = 0; i < hours.size(); ++i) {
    auto scaled = net;
    for (auto& p : scaled.loads.p_pu) p *= hours[i].load_scale;
    const auto alone = gat::opf::solve_dc_opf(scaled, topo);
    ASSERT_EQ(out[i].status, OpfStatus::kOptimal) << "hour " << i;
    EXPECT_EQ(out[i].hour, hours[i].hour);
    EXPECT_NEAR(out[i].objective, alone.objective, 1e-7 * alone.objective) << "hour " << i;
    for (std::size_t b = 0; b < net.n_buses(); ++b)
      EXPECT_NEAR(lmp[i][b], alone.lmp[b], 1e-6) << "hour " << i << " bus " << b;
    EXPECT_TRUE(out[i].hot_started) << "every chunk starts from the base case's basis";
  }
}

TEST(RollingDcOpf, SequentialAndParallelAgree) {
  const auto net = linear_case9();
  const auto topo = gat::core::analyze_topology(net);
  const auto hours = profile(12);
  gat::opf::RollingDcOpfOptions sequential;
  sequential.parallel = false;
  gat::opf::RollingDcOpfOptions chunked;
  chunked.chunk_hours = 1;
  const auto a = gat::opf::solve_rolling_dc_opf(net, topo, hours, sequential);
  const auto b = gat::opf::solve_rolling_dc_opf(net, topo, hours, chunked);
  for (std::size_t i = 0; i < hours.size(); ++i) {
    EXPECT_EQ(a[i].status, b[i].status);
    EXPECT_NEAR(a[i].objective, b[i].objective, 1e-7 * std::abs(a[i].objective));
  }
}

TEST(RollingDcOpf, InfeasibleHourIsReportedNotThrown) {
  const auto net = linear_case9();
  const auto topo = gat::core::analyze_topology(net);
  std::vector<gat::opf::ProfileHour> hours = {{1, 1.0}, {2, 5.0}, {3, 1.0}};  // 1575 MW > 820
  gat::opf::RollingDcOpfOptions options;
  options.parallel = false;
  const auto out = gat::opf::solve_rolling_dc_opf(net, topo, hours, options);
  EXPECT_EQ(out[0].status, OpfStatus::kOptimal);
  EXPECT_EQ(out[1].status, OpfStatus::kInfeasible);
  EXPECT_EQ(out[2].status, OpfStatus::kOptimal);
}
