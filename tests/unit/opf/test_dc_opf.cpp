// DC-OPF against MATPOWER 8.1's rundcopf on case9 (numbers printed by Octave) and against
// hand-solved three-bus systems.
#include "gat/opf/dc_opf.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "gat/core/error.hpp"
#include "gat/core/scenario.hpp"
#include "opf_cases.hpp"

using gat::core::BusType;
using gat::opf::OpfStatus;

namespace {

gat::opf::DcOpfResult solve(const gat::core::Network& net) {
  return gat::opf::solve_dc_opf(net, gat::core::analyze_topology(net));
}

// Two generators at bus 1 ($10/MWh) and bus 3 ($30/MWh), 150 MW of load at bus 3, three
// equal lines; line 1-3 limited to 50 MW. Bus 1 can send at most 50 + 50/... through the
// triangle: flows split 2:1 between 1-3 direct and 1-2-3, so P1 ≤ 75 MW when 1-3 binds.
gat::core::Network triangle(double rate_13) {
  gat::test::SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ).bus(3, BusType::kPQ, 150);
  s.branch(1, 2, 0, 0.1, 0, 0).branch(2, 3, 0, 0.1, 0, 0).branch(1, 3, 0, 0.1, 0, rate_13);
  s.gen(1, 0, 200).gen(3, 0, 200);
  auto net = s.network();
  gat::test::add_poly_cost(net, {10, 0});
  gat::test::add_poly_cost(net, {30, 0});
  return net;
}

}  // namespace

TEST(DcOpf, Case9MatchesMatpower) {
  const auto r = solve(gat::test::case9());
  ASSERT_EQ(r.status, OpfStatus::kOptimal) << r.message;
  EXPECT_NEAR(r.objective, 5216.0266077473, 1e-6);
  EXPECT_NEAR(r.pg_pu[0] * 100, 86.564, 1e-3);
  EXPECT_NEAR(r.pg_pu[1] * 100, 134.378, 1e-3);
  for (double lmp : r.lmp) EXPECT_NEAR(lmp, 24.044, 1e-3);  // no congestion: one price
  EXPECT_TRUE(r.binding.empty());
}

TEST(DcOpf, CongestedCase9MatchesMatpower) {
  auto net = gat::test::case9();
  net.branches.rate_a_pu[2] = 0.5;  // branch 5-6: 50 MW
  const auto r = solve(net);
  ASSERT_EQ(r.status, OpfStatus::kOptimal) << r.message;
  EXPECT_NEAR(r.objective, 5239.6195914121, 1e-6);
  const double lmp[] = {26.4519347739, 23.7292469465, 21.8167247655, 26.4519347741, 27.4701757502,
                        21.8167247655, 22.9323627046, 23.7292469467, 25.5111686549};
  for (int i = 0; i < 9; ++i) {
    EXPECT_NEAR(r.lmp[i], lmp[i], 1e-6) << "bus " << i + 1;
    EXPECT_NEAR(r.lmp_energy[i] + r.lmp_congestion[i], r.lmp[i], 1e-12);
    EXPECT_NEAR(r.lmp_energy[i], lmp[0], 1e-6);  // bus 1 is the reference
  }
  EXPECT_NEAR(r.pf_pu[2] * 100, -50, 1e-6);
  EXPECT_NEAR(r.mu_st[2], 7.5349832233, 1e-6);
  EXPECT_EQ(r.mu_sf[2], 0.0);
  ASSERT_EQ(r.binding.size(), 1u);
  EXPECT_EQ(r.binding[0].kind, gat::opf::BindingConstraint::Kind::kBranchFlow);
  EXPECT_EQ(r.binding[0].element, 2);
  EXPECT_EQ(r.binding[0].side, -1);
  EXPECT_NEAR(r.binding[0].shadow_price, 7.5349832233, 1e-6);
}

TEST(DcOpf, TriangleCongestionByHand) {
  // Uncongested: all 150 MW from bus 1 at $10; line 1-3 carries 2/3 of it = 100 MW.
  auto r = solve(triangle(0));
  ASSERT_EQ(r.status, OpfStatus::kOptimal);
  EXPECT_NEAR(r.objective, 1500, 1e-7);
  EXPECT_NEAR(r.pf_pu[2], 1.0, 1e-9);
  // Limit 1-3 at 50 MW: P1 = 75 MW (50 direct, 25 round), P3 = 75 MW. LMP at bus 3 = 30,
  // bus 1 = 10, bus 2 halfway = 20 (a 1 MW load there flows 1/3 via 1-3, ...).
  r = solve(triangle(50));
  ASSERT_EQ(r.status, OpfStatus::kOptimal);
  EXPECT_NEAR(r.pg_pu[0] * 100, 75, 1e-7);
  EXPECT_NEAR(r.pg_pu[1] * 100, 75, 1e-7);
  EXPECT_NEAR(r.objective, 75 * 10 + 75 * 30, 1e-6);
  EXPECT_NEAR(r.lmp[0], 10, 1e-7);
  EXPECT_NEAR(r.lmp[1], 20, 1e-7);
  EXPECT_NEAR(r.lmp[2], 30, 1e-7);
  // Relaxing the limit 1 MW moves 1.5 MW from bus 3 to bus 1: saves 30 $/h.
  EXPECT_NEAR(r.mu_sf[2], 30, 1e-7);
  EXPECT_NEAR(r.lmp_congestion[2], 20, 1e-7);
}

TEST(DcOpf, PiecewiseLinearCostIsExactEpigraph) {
  auto net = triangle(0);
  net.gen_costs = {};
  gat::test::add_pwl_cost(net, {0, 0, 100, 1000, 200, 3000});  // $10/MWh then $20/MWh
  gat::test::add_poly_cost(net, {15, 0});
  const auto r = solve(net);
  ASSERT_EQ(r.status, OpfStatus::kOptimal);
  // Gen 1 runs to its kink (100 MW at $10) and gen 2 ($15) covers the rest.
  EXPECT_NEAR(r.pg_pu[0] * 100, 100, 1e-7);
  EXPECT_NEAR(r.objective, 1000 + 50 * 15, 1e-6);
  EXPECT_NEAR(r.lmp[0], 15, 1e-7);
}

TEST(DcOpf, PhaseShifterShiftsFlowAndKeepsBalance) {
  auto net = triangle(0);
  net.branches.shift_rad[2] = -0.05;  // pushes flow onto 1-3: + b·0.05 = +0.5 p.u.
  const auto r = solve(net);
  ASSERT_EQ(r.status, OpfStatus::kOptimal);
  const double va1 = r.va_rad[0], va3 = r.va_rad[2];
  EXPECT_NEAR(r.pf_pu[2], 10 * (va1 - va3 + 0.05), 1e-9);
  EXPECT_NEAR(r.pf_pu[2] + r.pf_pu[0], 1.5, 1e-9);  // all of bus 1's 150 MW leaves it
}

TEST(DcOpf, InfeasibleLoadIsAStatusNamingTheConstraint) {
  auto net = triangle(0);
  net.loads.p_pu[0] = 5.0;  // 500 MW against 400 MW of capacity
  const auto r = solve(net);
  EXPECT_EQ(r.status, OpfStatus::kInfeasible);
  EXPECT_NE(r.message.find("relaxation"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find(" MW"), std::string::npos) << r.message;
}

TEST(DcOpf, CubicCostIsRefusedAsMatpowerDoes) {
  auto net = triangle(0);
  net.gen_costs = {};
  gat::test::add_poly_cost(net, {0.001, 0, 10, 0});
  gat::test::add_poly_cost(net, {30, 0});
  EXPECT_THROW(solve(net), gat::ModelError);
  // A zero leading coefficient makes it quadratic, which is fine.
  net.gen_costs = {};
  gat::test::add_poly_cost(net, {0, 0, 10, 0});
  gat::test::add_poly_cost(net, {30, 0});
  EXPECT_EQ(solve(net).status, OpfStatus::kOptimal);
}

TEST(DcOpf, HotStartAfterLoadChange) {
  const auto net = gat::test::case9();
  const auto topo = gat::core::analyze_topology(net);
  gat::opf::DcOpf opf(net, topo);
  ASSERT_EQ(opf.solve().status, OpfStatus::kOptimal);
  const gat::core::Scenario hours(net);  // the case's load per bus
  std::vector<double> load(hours.case_load_p_pu().begin(), hours.case_load_p_pu().end());
  for (double& p : load) p *= 1.1;
  opf.set_bus_load(load);
  const auto r = opf.solve();
  ASSERT_EQ(r.status, OpfStatus::kOptimal);
  EXPECT_EQ(r.solver, "ipopt");  // the library's QP default
  auto scaled = net;
  for (double& p : scaled.loads.p_pu) p *= 1.1;
  EXPECT_NEAR(r.objective, solve(scaled).objective, 1e-6);
}

// When the QP solver fails, the fallback must solve the load set last, not the case's own:
// HiGHS's active-set solver is made to fail on every solve (a null space of at most 1).
TEST(DcOpf, QpFallbackSolvesTheLoadSetLast) {
  const auto net = gat::test::case9();
  const auto topo = gat::core::analyze_topology(net);
  gat::opf::DcOpfOptions options;
  options.qp_solver = "highs";
  options.solver_options = {{"qp_nullspace_limit", "1"}};
  gat::opf::DcOpf opf(net, topo, options);
  const gat::core::Scenario hours(net);  // the case's load per bus
  std::vector<double> load(hours.case_load_p_pu().begin(), hours.case_load_p_pu().end());
  for (double& p : load) p *= 0.83;
  opf.set_bus_load(load);
  const auto r = opf.solve();
  ASSERT_EQ(r.status, OpfStatus::kOptimal) << r.message;
  ASSERT_EQ(r.solver, "ipopt") << "the fallback did not run: " << r.message;
  EXPECT_EQ(r.message.rfind("Ipopt", 0), 0u) << r.message;
  auto scaled = net;
  for (double& p : scaled.loads.p_pu) p *= 0.83;
  const auto alone = solve(scaled);
  EXPECT_NEAR(r.objective, alone.objective, 1e-6 * alone.objective);
  double pg = 0;
  for (double p : r.pg_pu) pg += p;
  EXPECT_NEAR(pg * 100, 0.83 * 315, 1e-6);  // case9 has 315 MW of load
  for (std::size_t b = 0; b < net.n_buses(); ++b) EXPECT_NEAR(r.lmp[b], alone.lmp[b], 1e-6);
}
