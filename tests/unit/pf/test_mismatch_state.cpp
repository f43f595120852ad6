// What gat batch mismatch compares: the schedules of some hours, and one voltage state.
#include <gtest/gtest.h>

#include "gat/core/scenario.hpp"
#include "gat/core/topology.hpp"
#include "gat/pf/mismatch.hpp"
#include "support/small_network.hpp"

using gat::core::BusType;

namespace {

gat::test::SmallNetwork three_buses() {
  gat::test::SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 90, 30).bus(3, BusType::kPV, 30, 10);
  s.branch(1, 2, 0.01, 0.1, 0.02).branch(1, 3, 0.02, 0.2).branch(2, 3, 0.015, 0.15);
  s.gen(1, 0).gen(3, 60, 1000, true, 1.02);
  return s;
}

}  // namespace

TEST(MismatchState, SchedulesOfSomeHoursAreGenerationLessLoad) {
  const auto s = three_buses();
  const auto& net = s.network();
  gat::core::Scenario profile(net);
  profile.add_hour(7, 1.0);
  profile.add_hour(8, 0.5);
  std::vector<double> p, q;
  gat::pf::scheduled_injections(profile, 1, 1, p, q);  // hour 8 only
  ASSERT_EQ(p.size(), 3u);
  EXPECT_NEAR(p[0], 0.0, 1e-15);
  EXPECT_NEAR(p[1], -0.45, 1e-15);        // 90 MW · 0.5 on 100 MVA
  EXPECT_NEAR(p[2], 0.60 - 0.15, 1e-15);  // 60 MW generated, 30 MW · 0.5 consumed
  EXPECT_NEAR(q[1], -0.15, 1e-15);
  EXPECT_NEAR(q[2], net.gens.qg_pu[1] - 0.05, 1e-15);
}

TEST(MismatchState, TheSolvedStateSolvesTheCaseAndNotALighterHour) {
  const auto s = three_buses();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  const auto state = gat::pf::mismatch_state(net, topo, /*solved=*/true);
  EXPECT_EQ(state.p_check, (std::vector<std::uint8_t>{0, 1, 1}));  // not the reference bus
  EXPECT_EQ(state.q_check, (std::vector<std::uint8_t>{0, 1, 0}));  // PQ buses only
  gat::core::Scenario profile(net);
  profile.add_hour(0, 1.0);
  profile.add_hour(1, 0.5);
  std::vector<double> p, q;
  gat::pf::scheduled_injections(profile, 0, 2, p, q);
  const auto y = gat::pf::ybus_rows(gat::pf::build_ybus(net, topo));
  const gat::pf::MismatchInput in{2, state.vr, state.vi, p, q, state.p_check, state.q_check};
  const auto r = gat::pf::power_mismatch(y, in);
  EXPECT_LT(std::max(r.max_dp[0], r.max_dq[0]), 1e-8);  // the AC power flow's tolerance
  EXPECT_NEAR(r.max_dp[1], 0.45, 1e-6);                 // bus 2: half its load less
  // The case's own voltages (flat) do not solve it.
  const auto flat = gat::pf::mismatch_state(net, topo, /*solved=*/false);
  const std::span<const double> p0(p.data(), 3), q0(q.data(), 3);  // hour 0: the case
  const gat::pf::MismatchInput at_flat{1, flat.vr, flat.vi, p0, q0, flat.p_check, flat.q_check};
  EXPECT_GT(gat::pf::power_mismatch(y, at_flat).max_dp[0], 0.1);
}
