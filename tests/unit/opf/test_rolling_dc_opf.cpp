// Rolling DC-OPF: every hour equals a DC-OPF of the scaled case solved on its own; hours after
// the first in a range start from the previous basis; cutting the hours into ranges does not
// change results; hours solved by Ipopt (MUMPS, not re-entrant) are safe at any thread count.
#include "gat/opf/rolling_dc_opf.hpp"

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
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

// The hours in ranges of `chunk` (0: one range), each from the base case's basis, as the chunks
// of `gat opf dc --profile` solve them; every hour's full result.
std::vector<gat::opf::DcOpfResult> solve_in_ranges(
    const gat::core::Network& net, const gat::core::Scenario& hours,
    const gat::opf::DcOpfOptions& options, std::size_t chunk,
    std::vector<gat::opf::HourOutcome>* outcomes = nullptr) {
  const auto topo = gat::core::analyze_topology(net);
  const auto seed = gat::opf::rolling_seed_basis(net, topo, options);
  const auto n = hours.n_hours();
  if (chunk == 0) chunk = n;
  std::vector<gat::opf::DcOpfResult> out(n);
  for (std::size_t begin = 0; begin < n; begin += chunk) {
    const auto o = gat::opf::solve_rolling_dc_opf(
        net, topo, hours, begin, std::min(chunk, n - begin), options, seed,
        [&](std::size_t i, const gat::opf::DcOpfResult& r) { out[i] = r; });
    if (outcomes) outcomes->insert(outcomes->end(), o.begin(), o.end());
  }
  return out;
}

}  // namespace

TEST(RollingDcOpf, EachHourEqualsAStandaloneSolve) {
  const auto net = linear_case9();
  const auto topo = gat::core::analyze_topology(net);
  const auto hours = profile(net, 10);
  std::vector<gat::opf::HourOutcome> out;
  const auto got = solve_in_ranges(net, hours, {}, 4, &out);
  ASSERT_EQ(out.size(), hours.n_hours());
  for (std::size_t i = 0; i < hours.n_hours(); ++i) {
    auto scaled = net;
    for (auto& p : scaled.loads.p_pu) p *= hours.load_scale(i);
    const auto alone = gat::opf::solve_dc_opf(scaled, topo);
    ASSERT_EQ(out[i].status, OpfStatus::kOptimal) << "hour " << i;
    EXPECT_EQ(out[i].hour, hours.hour_id(i));
    EXPECT_NEAR(out[i].objective, alone.objective, 1e-7 * alone.objective) << "hour " << i;
    for (std::size_t b = 0; b < net.n_buses(); ++b)
      EXPECT_NEAR(got[i].lmp[b], alone.lmp[b], 1e-6) << "hour " << i << " bus " << b;
    EXPECT_TRUE(out[i].hot_started) << "every range starts from the base case's basis";
  }
}

// An LP warm-started from another hour's basis could stop at another optimal vertex if the
// optimum were not unique; on this case it is, and ranges of 1, 5 or all hours give the same
// objective, dispatch and prices (to 1e-9 relative).
TEST(RollingDcOpf, RangesDoNotChangeResults) {
  const auto net = linear_case9();
  const auto hours = profile(net, 12);
  const auto all = solve_in_ranges(net, hours, {}, 0);
  const auto near = [](double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
  };
  for (const std::size_t chunk : {1, 5}) {
    const auto got = solve_in_ranges(net, hours, {}, chunk);
    for (std::size_t i = 0; i < hours.n_hours(); ++i) {
      SCOPED_TRACE("ranges of " + std::to_string(chunk) + ", hour " + std::to_string(i));
      ASSERT_EQ(got[i].status, OpfStatus::kOptimal);
      EXPECT_TRUE(near(got[i].objective, all[i].objective));
      for (std::size_t g = 0; g < net.n_gens(); ++g)
        EXPECT_TRUE(near(got[i].pg_pu[g], all[i].pg_pu[g])) << "gen " << g;
      for (std::size_t b = 0; b < net.n_buses(); ++b)
        EXPECT_TRUE(near(got[i].lmp[b], all[i].lmp[b])) << "bus " << b;
    }
  }
}

TEST(RollingDcOpf, InfeasibleHourIsReportedNotThrown) {
  const auto net = linear_case9();
  const auto topo = gat::core::analyze_topology(net);
  gat::core::Scenario hours(net);
  hours.add_hour(1, 1.0);
  hours.add_hour(2, 5.0);  // 1575 MW > 820
  hours.add_hour(3, 1.0);
  const auto out = gat::opf::solve_rolling_dc_opf(net, topo, hours, 0, 3, {},
                                                  gat::opf::rolling_seed_basis(net, topo, {}));
  EXPECT_EQ(out[0].status, OpfStatus::kOptimal);
  EXPECT_EQ(out[1].status, OpfStatus::kInfeasible);
  EXPECT_EQ(out[2].status, OpfStatus::kOptimal);
}

namespace {

// Each hour's objective and LMPs against a DC-OPF of the scaled case on its own.
void expect_hours_solved_alone(const gat::core::Network& net, const gat::core::Scenario& hours,
                               const gat::opf::DcOpfOptions& options, std::size_t chunk) {
  const auto topo = gat::core::analyze_topology(net);
  std::vector<gat::opf::HourOutcome> out;
  const auto got = solve_in_ranges(net, hours, options, chunk, &out);
  for (std::size_t i = 0; i < hours.n_hours(); ++i) {
    auto scaled = net;
    for (auto& p : scaled.loads.p_pu) p *= hours.load_scale(i);
    const auto alone = gat::opf::solve_dc_opf(scaled, topo, options);
    ASSERT_EQ(out[i].status, OpfStatus::kOptimal) << "hour " << i << ": " << out[i].message;
    EXPECT_NEAR(out[i].objective, alone.objective, 1e-6 * alone.objective) << "hour " << i;
    for (std::size_t b = 0; b < net.n_buses(); ++b)
      EXPECT_NEAR(got[i].lmp[b], alone.lmp[b], 1e-6 * std::abs(alone.lmp[b])) << "hour " << i;
  }
}

// case9's quadratic costs with HiGHS's active-set solver made to fail on every hour.
gat::opf::DcOpfOptions failing_highs() {
  gat::opf::DcOpfOptions options;
  options.qp_solver = "highs";
  options.solver_options = {{"qp_nullspace_limit", "1"}};
  return options;
}

}  // namespace

TEST(RollingDcOpf, HoursTheQpSolverFailsOnAreSolvedForTheirOwnLoad) {
  const auto options = failing_highs();
  expect_hours_solved_alone(gat::test::case9(), profile(gat::test::case9(), 8), options, 3);
  std::vector<gat::opf::HourOutcome> out;
  solve_in_ranges(gat::test::case9(), profile(gat::test::case9(), 2), options, 0, &out);
  for (const auto& h : out) EXPECT_EQ(h.solver, "ipopt") << h.message;
  EXPECT_NE(out[0].objective, out[1].objective);
}

TEST(RollingDcOpf, QpHoursDoNotClaimAHotStart) {
  gat::opf::DcOpfOptions options;
  options.qp_solver = "highs";
  std::vector<gat::opf::HourOutcome> out;
  solve_in_ranges(gat::test::case9(), profile(gat::test::case9(), 4), options, 0, &out);
  for (const auto& h : out) {
    EXPECT_EQ(h.solver, "highs");
    EXPECT_FALSE(h.hot_started) << "HiGHS solves every QP cold";
  }
}

// MUMPS inside Ipopt is not re-entrant: before Ipopt solves were serialized this crashed
// (segfault, "Attempt to DEALLOCATE unallocated 'load_flops'") in most repetitions. Eight
// threads, one hour each (as the local executor runs one-hour chunks), so solves overlap even
// on a two-core machine.
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
  gat::opf::DcOpfOptions ipopt;
  ipopt.qp_solver = "ipopt";
  const tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 8);
  tbb::task_arena arena(8);
  for (const auto& options : {ipopt, failing_highs()}) {
    const auto seed = gat::opf::rolling_seed_basis(net, topo, options);
    for (int rep = 0; rep < 8; ++rep) {
      std::vector<gat::opf::HourOutcome> out(hours.n_hours());
      arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, hours.n_hours(), [&](std::size_t i) {
          out[i] = gat::opf::solve_rolling_dc_opf(net, topo, hours, i, 1, options, seed)[0];
        });
      });
      for (std::size_t i = 0; i < hours.n_hours(); ++i) {
        ASSERT_EQ(out[i].status, OpfStatus::kOptimal) << out[i].message;
        ASSERT_NEAR(out[i].objective, expected[i], 1e-6 * expected[i]) << "hour " << i;
      }
    }
  }
}
