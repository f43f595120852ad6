// DC power flow against hand-solved networks.
#include "gat/pf/dc_power_flow.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "support/small_network.hpp"

using gat::core::BusType;
using gat::pf::IslandStatus;
using gat::test::SmallNetwork;

namespace {

// Triangle 1-2-3, every x = 0.1 p.u., 100 MVA base: 100 MW load at bus 2, 50 MW at bus 3,
// the REF generator at bus 1 supplies both.
//   B'_red = [20 -10; -10 20],  P = [-1; -0.5]
//   θ2 = (20·(−1) + 10·(−0.5)) / 300 = −1/12,  θ3 = (10·(−1) + 20·(−0.5)) / 300 = −1/15
SmallNetwork triangle(double shift_deg = 0) {
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 100).bus(3, BusType::kPQ, 50);
  s.branch(1, 2, 0.01, 0.1, 0, 100, 0, shift_deg).branch(1, 3, 0.01, 0.1).branch(2, 3, 0.01, 0.1);
  s.gen(1, 0);
  return s;
}

}  // namespace

TEST(DcPowerFlow, TriangleMatchesHandSolution) {
  const auto s = triangle();
  const auto& net = s.network();
  const auto r = gat::pf::solve_dc_power_flow(net, gat::core::analyze_topology(net));
  ASSERT_TRUE(r.all_solved());
  EXPECT_NEAR(r.va_rad[0], 0.0, 1e-15);
  EXPECT_NEAR(r.va_rad[1], -1.0 / 12, 1e-14);
  EXPECT_NEAR(r.va_rad[2], -1.0 / 15, 1e-14);
  EXPECT_NEAR(r.pf_pu[0], 10.0 / 12, 1e-13);                      // 1→2
  EXPECT_NEAR(r.pf_pu[1], 10.0 / 15, 1e-13);                      // 1→3
  EXPECT_NEAR(r.pf_pu[2], 10.0 * (-1.0 / 12 + 1.0 / 15), 1e-13);  // 2→3
  EXPECT_NEAR(r.gen_p_pu[0], 1.5, 1e-13);                         // slack picks up all load
  EXPECT_NEAR(r.p_inj_pu[1], -1.0, 1e-13);
}

TEST(DcPowerFlow, PhaseShifterAndTapChangeFlows) {
  // A 0.05 rad shift on 1-2 adds 10·0.05 = 0.5 p.u. to bus 2's equation:
  //   20θ2 − 10θ3 = −1.5,  −10θ2 + 20θ3 = −0.5  →  θ2 = −7/60, θ3 = −1/12
  const double shift_deg = 0.05 * 180.0 / std::numbers::pi;
  const auto s = triangle(shift_deg);
  const auto& net = s.network();
  const auto r = gat::pf::solve_dc_power_flow(net, gat::core::analyze_topology(net));
  EXPECT_NEAR(r.va_rad[1], -7.0 / 60, 1e-14);
  EXPECT_NEAR(r.va_rad[2], -1.0 / 12, 1e-14);
  EXPECT_NEAR(r.pf_pu[0], 10.0 * (7.0 / 60 - 0.05), 1e-13);
  EXPECT_NEAR(r.gen_p_pu[0], 1.5, 1e-13);

  // A tap ratio τ scales the branch susceptance to 1/(x τ) (MATPOWER's makeBdc).
  SmallNetwork t;
  t.bus(1, BusType::kRef).bus(2, BusType::kPQ, 100).branch(1, 2, 0, 0.1, 0, 0, 1.25).gen(1, 0);
  const auto rt =
      gat::pf::solve_dc_power_flow(t.network(), gat::core::analyze_topology(t.network()));
  EXPECT_NEAR(rt.va_rad[1], -1.0 * 0.1 * 1.25, 1e-14);
}

TEST(DcPowerFlow, ShuntConductanceIsLoadAndReferenceAngleIsKept) {
  // Bus 2: 30 MW shunt conductance; the reference bus sits at 10 degrees.
  SmallNetwork s;
  s.bus(1, BusType::kRef, 0, 0, 0, 0, 10).bus(2, BusType::kPQ, 0, 0, 30);
  s.branch(1, 2, 0, 0.2).gen(1, 0);
  const auto& net = s.network();
  const auto r = gat::pf::solve_dc_power_flow(net, gat::core::analyze_topology(net));
  const double ref = 10 * std::numbers::pi / 180;
  EXPECT_NEAR(r.va_rad[0], ref, 1e-15);
  EXPECT_NEAR(r.va_rad[1], ref - 0.3 * 0.2, 1e-14);
  EXPECT_NEAR(r.gen_p_pu[0], 0.3, 1e-14);
}

TEST(DcPowerFlow, IslandsAreSolvedSeparatelyAndDeadIslandsReported) {
  // Island A: 1(REF)-2 with 50 MW load. Island B: 3(PV, gen 20 MW)-4 with 20 MW load.
  // Island C: 5-6 with load and no generator. Bus 7 isolated.
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 50).bus(3, BusType::kPV).bus(4, BusType::kPQ, 20);
  s.bus(5, BusType::kPQ, 5).bus(6, BusType::kPQ).bus(7, BusType::kIsolated);
  s.branch(1, 2, 0, 0.1)
      .branch(3, 4, 0, 0.5)
      .branch(5, 6, 0, 0.1)
      .branch(2, 3, 0, 0.1, 0, 0, 0, 0, false);
  s.gen(1, 0).gen(3, 20);
  const auto& net = s.network();
  const auto r = gat::pf::solve_dc_power_flow(net, gat::core::analyze_topology(net));
  ASSERT_EQ(r.islands.size(), 3u);
  EXPECT_EQ(r.islands[0].status, IslandStatus::kSolved);
  EXPECT_EQ(r.islands[1].status, IslandStatus::kSolved);
  EXPECT_EQ(r.islands[2].status, IslandStatus::kNoGeneration);
  EXPECT_FALSE(r.all_solved());
  EXPECT_NEAR(r.va_rad[1], -0.05, 1e-14);
  EXPECT_NEAR(r.va_rad[3], -0.2 * 0.5, 1e-14);  // bus 3 chosen as the island's reference
  EXPECT_NEAR(r.gen_p_pu[1], 0.2, 1e-14);
  EXPECT_TRUE(std::isnan(r.va_rad[4]));
  EXPECT_TRUE(std::isnan(r.pf_pu[2]));
  EXPECT_TRUE(std::isnan(r.va_rad[6]));
  EXPECT_EQ(r.pf_pu[3], 0.0);  // out of service
}

TEST(DcPowerFlow, ZeroReactanceIsReportedNotDividedBy) {
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 10).branch(1, 2, 0.01, 0.0).gen(1, 0);
  const auto r =
      gat::pf::solve_dc_power_flow(s.network(), gat::core::analyze_topology(s.network()));
  ASSERT_EQ(r.islands[0].status, IslandStatus::kSingular);
  EXPECT_NE(r.islands[0].message.find("branch 1 (1-2) has zero reactance"), std::string::npos);
  EXPECT_TRUE(std::isnan(r.pf_pu[0]));
}
