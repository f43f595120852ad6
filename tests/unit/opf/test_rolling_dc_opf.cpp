// Rolling DC-OPF: every hour equals a DC-OPF of the scaled case solved on its own; hours after
// the first in a chunk start from the previous basis; chunking does not change results; hours
// solved by Ipopt (MUMPS, not re-entrant) are safe at any thread count.
#include "gat/opf/rolling_dc_opf.hpp"

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>

#include <mutex>
#include <span>

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

gat::core::Scenario profile(const gat::core::Network& net, int n) {
  gat::core::Scenario hours(net);
  for (int h = 0; h < n; ++h) hours.add_hour(h, 0.7 + 0.05 * h);
  return hours;
}

}  // namespace

TEST(RollingDcOpf, EachHourEqualsAStandaloneSolve) {
  const auto net = linear_case9();
  const auto topo = gat::core::analyze_topology(net);
  const auto hours = profile(net, 10);
  std::mutex m;
  std::vector<std::vector<double>> lmp(hours.n_hours());
  gat::opf::RollingDcOpfOptions options;
  options.chunk_hours = 4;
  const auto out = gat::opf::solve_rolling_dc_opf(
      net, topo, hours, options, [&](std::size_t i, const gat::opf::DcOpfResult& r) {
        std::lock_guard lock(m);
        lmp[i] = r.lmp;
      });
  ASSERT_EQ(out.size(), hours.n_hours());
  for (std::size_t i = 0; i < hours.n_hours(); ++i) {
    auto scaled = net;
    for (auto& p : scaled.loads.p_pu) p *= hours.load_scale(i);
    const auto alone = gat::opf::solve_dc_opf(scaled, topo);
    ASSERT_EQ(out[i].status, OpfStatus::kOptimal) << "hour " << i;
    EXPECT_EQ(out[i].hour, hours.hour_id(i));
    EXPECT_NEAR(out[i].objective, alone.objective, 1e-7 * alone.objective) << "hour " << i;
    for (std::size_t b = 0; b < net.n_buses(); ++b)
      EXPECT_NEAR(lmp[i][b], alone.lmp[b], 1e-6) << "hour " << i << " bus " << b;
    EXPECT_TRUE(out[i].hot_started) << "every chunk starts from the base case's basis";
  }
}

TEST(RollingDcOpf, SequentialAndParallelAgree) {
  const auto net = linear_case9();
  const auto topo = gat::core::analyze_topology(net);
  const auto hours = profile(net, 12);
  gat::opf::RollingDcOpfOptions sequential;
  sequential.parallel = false;
  gat::opf::RollingDcOpfOptions chunked;
  chunked.chunk_hours = 1;
  const auto a = gat::opf::solve_rolling_dc_opf(net, topo, hours, sequential);
  const auto b = gat::opf::solve_rolling_dc_opf(net, topo, hours, chunked);
  for (std::size_t i = 0; i < hours.n_hours(); ++i) {
    EXPECT_EQ(a[i].status, b[i].status);
    EXPECT_NEAR(a[i].objective, b[i].objective, 1e-7 * std::abs(a[i].objective));
  }
}

TEST(RollingDcOpf, InfeasibleHourIsReportedNotThrown) {
  const auto net = linear_case9();
  const auto topo = gat::core::analyze_topology(net);
  gat::core::Scenario hours(net);
  hours.add_hour(1, 1.0);
  hours.add_hour(2, 5.0);  // 1575 MW > 820
  hours.add_hour(3, 1.0);
  gat::opf::RollingDcOpfOptions options;
  options.parallel = false;
  const auto out = gat::opf::solve_rolling_dc_opf(net, topo, hours, options);
  EXPECT_EQ(out[0].status, OpfStatus::kOptimal);
  EXPECT_EQ(out[1].status, OpfStatus::kInfeasible);
  EXPECT_EQ(out[2].status, OpfStatus::kOptimal);
}

namespace {

// Each hour's objective and LMPs against a DC-OPF of the scaled case on its own.
void expect_hours_solved_alone(const gat::core::Network& net, int n_hours,
                               const gat::opf::RollingDcOpfOptions& options) {
  const auto topo = gat::core::analyze_topology(net);
  const auto hours = profile(net, n_hours);
  std::mutex m;
  std::vector<gat::opf::DcOpfResult> got(hours.n_hours());
  const auto out = gat::opf::solve_rolling_dc_opf(
      net, topo, hours, options, [&](std::size_t i, const gat::opf::DcOpfResult& r) {
        std::lock_guard lock(m);
        got[i] = r;
      });
  for (std::size_t i = 0; i < hours.n_hours(); ++i) {
    auto scaled = net;
    for (auto& p : scaled.loads.p_pu) p *= hours.load_scale(i);
    const auto alone = gat::opf::solve_dc_opf(scaled, topo, options.dc);
    ASSERT_EQ(out[i].status, OpfStatus::kOptimal) << "hour " << i << ": " << out[i].message;
    EXPECT_NEAR(out[i].objective, alone.objective, 1e-6 * alone.objective) << "hour " << i;
    for (std::size_t b = 0; b < net.n_buses(); ++b)
      EXPECT_NEAR(got[i].lmp[b], alone.lmp[b], 1e-6 * std::abs(alone.lmp[b])) << "hour " << i;
  }
}

// case9's quadratic costs with HiGHS's active-set solver made to fail on every hour.
gat::opf::RollingDcOpfOptions failing_highs() {
  gat::opf::RollingDcOpfOptions options;
  options.dc.qp_solver = "highs";
  options.dc.solver_options = {{"qp_nullspace_limit", "1"}};
  return options;
}

}  // namespace

TEST(RollingDcOpf, HoursTheQpSolverFailsOnAreSolvedForTheirOwnLoad) {
  auto options = failing_highs();
  options.chunk_hours = 3;
  expect_hours_solved_alone(gat::test::case9(), 8, options);
  const auto net = gat::test::case9();
  const auto out = gat::opf::solve_rolling_dc_opf(net, gat::core::analyze_topology(net),
                                                  profile(net, 2), options);
  for (const auto& h : out) EXPECT_EQ(h.solver, "ipopt") << h.message;
  EXPECT_NE(out[0].objective, out[1].objective);
}

TEST(RollingDcOpf, QpHoursDoNotClaimAHotStart) {
  gat::opf::RollingDcOpfOptions options;
  options.dc.qp_solver = "highs";
  options.parallel = false;
  const auto net = gat::test::case9();
  const auto out = gat::opf::solve_rolling_dc_opf(net, gat::core::analyze_topology(net),
                                                  profile(net, 4), options);
  for (const auto& h : out) {
    EXPECT_EQ(h.solver, "highs");
    EXPECT_FALSE(h.hot_started) << "HiGHS solves every QP cold";
  }
}

// MUMPS inside Ipopt is not re-entrant: before Ipopt solves were serialized this crashed
// (segfault, "Attempt to DEALLOCATE unallocated 'load_flops'") in most repetitions. Eight
// threads, one hour a chunk, so chunks overlap even on a two-core machine.
TEST(RollingDcOpf, IpoptHoursAreSafeAtManyThreads) {
  const auto net = gat::test::case9();
  const auto topo = gat::core::analyze_topology(net);
  const auto hours = profile(net, 16);
  std::vector<double> expected;
  for (std::size_t h = 0; h < hours.n_hours(); ++h) {
    auto scaled = net;
    for (auto& p : scaled.loads.p_pu) p *= hours.load_scale(h);
    expected.push_back(gat::opf::solve_dc_opf(scaled, topo).objective);
  }
  gat::opf::RollingDcOpfOptions ipopt;
  ipopt.dc.qp_solver = "ipopt";
  const tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 8);
  tbb::task_arena arena(8);
  for (auto options : {ipopt, failing_highs()}) {
    options.chunk_hours = 1;
    for (int rep = 0; rep < 8; ++rep) {
      const auto out =
          arena.execute([&] { return gat::opf::solve_rolling_dc_opf(net, topo, hours, options); });
      for (std::size_t i = 0; i < hours.n_hours(); ++i) {
        ASSERT_EQ(out[i].status, OpfStatus::kOptimal) << out[i].message;
        ASSERT_NEAR(out[i].objective, expected[i], 1e-6 * expected[i]) << "hour " << i;
      }
    }
  }
}
