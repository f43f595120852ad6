// AC power flow against networks solved by hand.
#include "gat/pf/ac_power_flow.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "gat/core/error.hpp"
#include "support/small_network.hpp"

using gat::core::BusType;
using gat::pf::AcAlgorithm;
using gat::pf::AcPfOptions;
using gat::pf::IslandStatus;
using gat::test::SmallNetwork;

namespace {

gat::pf::AcPfResult solve(const gat::core::Network& net, AcPfOptions options = {}) {
  return gat::pf::solve_ac_power_flow(net, gat::core::analyze_topology(net), options);
}

// Slack bus 1 at 1∠0 feeding a load P + jQ at bus 2 over a lossless line jx. With V2 = V∠θ:
//   P = −V sin θ / x,   Q = (V cos θ − V²) / x
// so V⁴ + (2Qx − 1) V² + x²(P² + Q²) = 0, the larger root being the operating point.
struct TwoBus {
  double p = 0.8, q = 0.3, x = 0.2;
  double v() const {
    const double b = 2 * q * x - 1;
    return std::sqrt((-b + std::sqrt(b * b - 4 * x * x * (p * p + q * q))) / 2);
  }
  double theta() const { return std::asin(-p * x / v()); }
  SmallNetwork network() const {
    SmallNetwork s;
    s.bus(1, BusType::kRef).bus(2, BusType::kPQ, p * 100, q * 100);
    s.branch(1, 2, 0, x).gen(1, 0);
    return s;
  }
};

}  // namespace

TEST(AcPowerFlow, TwoBusLoadMatchesClosedForm) {
  const TwoBus tb;
  const auto s = tb.network();
  for (auto algorithm :
       {AcAlgorithm::kNewton, AcAlgorithm::kFastDecoupledXB, AcAlgorithm::kFastDecoupledBX}) {
    SCOPED_TRACE(std::string(gat::pf::to_string(algorithm)));
    const auto r = solve(s.network(), {.algorithm = algorithm, .tol_pu = 1e-12});
    ASSERT_TRUE(r.all_solved()) << r.islands[0].message;
    EXPECT_NEAR(r.vm_pu[1], tb.v(), 1e-10);
    EXPECT_NEAR(r.va_rad[1], tb.theta(), 1e-10);
    EXPECT_NEAR(r.gen_p_pu[0], tb.p, 1e-10);  // lossless line: the slack supplies the load
    // Q supplied by the slack: load Q plus the line's I²x.
    const double i2 = (tb.p * tb.p + tb.q * tb.q) / (tb.v() * tb.v());
    EXPECT_NEAR(r.gen_q_pu[0], tb.q + i2 * tb.x, 1e-10);
    EXPECT_NEAR(r.pf_pu[0], tb.p, 1e-10);
    EXPECT_NEAR(r.pt_pu[0], -tb.p, 1e-10);
    EXPECT_NEAR(r.losses_p_pu(), 0.0, 1e-10);
    EXPECT_NEAR(r.losses_q_pu(), i2 * tb.x, 1e-10);
  }
}

TEST(AcPowerFlow, NewtonConvergesQuadraticallyInFewIterations) {
  const auto s = TwoBus{}.network();
  const auto r = solve(s.network());
  ASSERT_TRUE(r.all_solved());
  EXPECT_LE(r.iterations, 5);
  EXPECT_LT(r.max_mismatch_pu, 1e-8);
  // A start at the solution needs no iteration.
  gat::pf::AcPowerFlow pf(s.network(), gat::core::analyze_topology(s.network()));
  gat::pf::AcPfResult again;
  pf.solve(again, {}, &r);
  EXPECT_EQ(again.iterations, 0);
  EXPECT_NEAR(again.vm_pu[1], r.vm_pu[1], 1e-12);
}

TEST(AcPowerFlow, PvBusHoldsItsSetPoint) {
  // Generator at PV bus 2 (Vg = 1) injects 0.5 p.u. into slack bus 1 over x = 0.1:
  //   sin θ2 = P x,   Q2 = (1 − cos θ2) / x = Q1 (lossless, symmetric).
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPV).branch(1, 2, 0, 0.1).gen(1, 0).gen(2, 50);
  const auto r = solve(s.network(), {.tol_pu = 1e-12});
  ASSERT_TRUE(r.all_solved());
  const double theta = std::asin(0.5 * 0.1);
  EXPECT_NEAR(r.vm_pu[1], 1.0, 1e-14);
  EXPECT_NEAR(r.va_rad[1], theta, 1e-10);
  EXPECT_NEAR(r.gen_p_pu[0], -0.5, 1e-10);
  EXPECT_NEAR(r.gen_q_pu[1], (1 - std::cos(theta)) / 0.1, 1e-10);
  EXPECT_NEAR(r.gen_q_pu[0], (1 - std::cos(theta)) / 0.1, 1e-10);
}

TEST(AcPowerFlow, QLimitTurnsPvBusIntoPqAtTheLimit) {
  // PV bus 2 holds 1.0 p.u. against a load of 0.3 + j0.6; its generator may give 0.2 MVAr only.
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPV, 30, 60).branch(1, 2, 0.01, 0.1);
  s.gen(1, 0).gen(2, 0);
  auto net = s.network();
  net.gens.qmax_pu[1] = 0.2;
  const auto free = solve(net);
  ASSERT_TRUE(free.all_solved());
  EXPECT_GT(free.gen_q_pu[1], 0.2);
  EXPECT_NEAR(free.vm_pu[1], 1.0, 1e-14);

  const auto r = solve(net, {.q_limits = 1});
  ASSERT_TRUE(r.all_solved()) << r.islands[0].message;
  EXPECT_NEAR(r.gen_q_pu[1], 0.2, 1e-14);
  EXPECT_TRUE(r.gen_at_q_limit[1]);
  EXPECT_EQ(r.bus_type[1], BusType::kPQ);
  EXPECT_LT(r.vm_pu[1], 1.0);
  EXPECT_GT(r.iterations, free.iterations);  // summed over the two solves
  // The bus balance holds with Q fixed at the limit: 0.2 − 0.6 is what the bus injects.
  EXPECT_NEAR(r.q_inj_pu[1], 0.2 - 0.6, 1e-8);
}

TEST(AcPowerFlow, ReferenceMovesWhenItsGeneratorHitsALimitAndAnglesKeepItsAngle) {
  // REF bus 1 (at 5 degrees) can give little Q; PV bus 3 takes over as reference.
  SmallNetwork s;
  s.bus(1, BusType::kRef, 0, 0, 0, 0, 5).bus(2, BusType::kPQ, 100, 50).bus(3, BusType::kPV);
  s.branch(1, 2, 0.01, 0.1).branch(2, 3, 0.01, 0.1).branch(1, 3, 0.01, 0.1);
  s.gen(1, 0).gen(3, 40);
  auto net = s.network();
  net.gens.qmax_pu[0] = 0.05;
  const auto r = solve(net, {.q_limits = 1});
  ASSERT_TRUE(r.all_solved()) << r.islands[0].message;
  EXPECT_EQ(r.bus_type[0], BusType::kPQ);
  EXPECT_EQ(r.bus_type[2], BusType::kRef);
  EXPECT_NEAR(r.gen_q_pu[0], 0.05, 1e-14);
  EXPECT_NEAR(r.va_rad[0], 5 * std::numbers::pi / 180, 1e-12);  // angles shifted back
  // The old reference keeps the slack P it had when it was converted; the new one balances.
  double generation = 0;
  for (double p : r.gen_p_pu) generation += p;
  EXPECT_NEAR(generation, 1.0 + r.losses_p_pu(), 1e-8);
}

TEST(AcPowerFlow, InfeasibleQLimitsAreAStatus) {
  // The only generator cannot supply the load's reactive power.
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 10, 80).branch(1, 2, 0.01, 0.1).gen(1, 0);
  auto net = s.network();
  net.gens.qmax_pu[0] = 0.1;
  const auto r = solve(net, {.q_limits = 1});
  EXPECT_EQ(r.islands[0].status, IslandStatus::kQLimitFailed);
  EXPECT_NE(r.islands[0].message.find("exceed their Q limits"), std::string::npos);
}

TEST(AcPowerFlow, SharedBusSplitsQByRangeAndFirstGeneratorTakesSlack) {
  // Two generators at the REF bus with Q ranges 1:3 (pfsoln): Q splits in that ratio about
  // Qmin; the first takes the slack P beyond the second's set-point.
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 80, 40).branch(1, 2, 0.02, 0.2);
  s.gen(1, 0).gen(1, 30);
  auto net = s.network();
  net.gens.qmin_pu = {-0.1, -0.3};
  net.gens.qmax_pu = {0.1, 0.3};
  const auto r = solve(net);
  ASSERT_TRUE(r.all_solved());
  const double q_total = r.gen_q_pu[0] + r.gen_q_pu[1];
  EXPECT_NEAR(r.gen_q_pu[0] + 0.1, (q_total + 0.4) * 0.25, 1e-12);
  EXPECT_NEAR(r.gen_q_pu[1] + 0.3, (q_total + 0.4) * 0.75, 1e-12);
  EXPECT_NEAR(r.gen_p_pu[1], 0.3, 1e-15);
  EXPECT_NEAR(r.gen_p_pu[0] + r.gen_p_pu[1], 0.8 + r.losses_p_pu(), 1e-10);
}

TEST(AcPowerFlow, NonConvergenceIsAStatusWithItsMismatch) {
  // Far beyond the nose of the PV curve: no solution exists.
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 900, 300).branch(1, 2, 0, 0.2).gen(1, 0);
  const auto r = solve(s.network());
  ASSERT_FALSE(r.all_solved());
  const auto status = r.islands[0].status;
  EXPECT_TRUE(status == IslandStatus::kNotConverged || status == IslandStatus::kDiverged);
  EXPECT_GT(r.islands[0].max_mismatch_pu, 1e-8);
  EXPECT_FALSE(r.islands[0].message.empty());
  EXPECT_EQ(r.islands[0].iterations, 10);
}

TEST(AcPowerFlow, IslandsSolveSeparatelyAndOneWithoutGenerationIsReported) {
  // Island A: 1(REF)-2; island B: 3(PV)-4 (bus 3 becomes its reference); island C: 5-6 with
  // load and no generator; bus 7 isolated.
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 50, 10).bus(3, BusType::kPV);
  s.bus(4, BusType::kPQ, 20, 5).bus(5, BusType::kPQ, 5).bus(6, BusType::kPQ);
  s.bus(7, BusType::kIsolated);
  s.branch(1, 2, 0.01, 0.1).branch(3, 4, 0.01, 0.1).branch(5, 6, 0.01, 0.1);
  s.branch(2, 3, 0.01, 0.1, 0, 0, 0, 0, false);
  s.gen(1, 0).gen(3, 0);
  const auto r = solve(s.network());
  ASSERT_EQ(r.islands.size(), 3u);
  EXPECT_EQ(r.islands[0].status, IslandStatus::kSolved);
  EXPECT_EQ(r.islands[1].status, IslandStatus::kSolved);
  EXPECT_EQ(r.islands[2].status, IslandStatus::kNoGeneration);
  EXPECT_NE(r.islands[2].message.find("no in-service generator"), std::string::npos);
  EXPECT_NEAR(r.gen_p_pu[1], 0.2 + (r.pf_pu[1] + r.pt_pu[1]), 1e-10);
  EXPECT_TRUE(std::isnan(r.vm_pu[4]));
  EXPECT_TRUE(std::isnan(r.pf_pu[2]));
  EXPECT_TRUE(std::isnan(r.vm_pu[6]));
  EXPECT_EQ(r.pf_pu[3], 0.0);
}

TEST(AcPowerFlow, ZeroImpedanceBranchIsReportedNotDividedBy) {
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 10).branch(1, 2, 0, 0).gen(1, 0);
  const auto r = solve(s.network());
  EXPECT_EQ(r.islands[0].status, IslandStatus::kSingular);
  EXPECT_NE(r.islands[0].message.find("zero impedance"), std::string::npos);
}

TEST(AcPowerFlow, ScenarioInjectionsReplaceTheCaseLoads) {
  const TwoBus tb;
  const auto s = tb.network();
  gat::pf::AcPowerFlow pf(s.network(), gat::core::analyze_topology(s.network()));
  TwoBus heavier = tb;
  heavier.p = 1.2;
  heavier.q = 0.4;
  const std::vector<double> p{0.0, heavier.p}, q{0.0, heavier.q};  // per bus
  gat::pf::AcPfResult r;
  pf.solve(r, {.bus_load_p_pu = p, .bus_load_q_pu = q});
  ASSERT_TRUE(r.all_solved());
  EXPECT_NEAR(r.vm_pu[1], heavier.v(), 1e-8);
  EXPECT_NEAR(r.va_rad[1], heavier.theta(), 1e-8);
}

TEST(AcPowerFlow, BadOptionsAreUsageErrors) {
  const auto s = TwoBus{}.network();
  EXPECT_THROW(solve(s.network(), {.q_limits = 3}), gat::UsageError);
  EXPECT_THROW(solve(s.network(), {.tol_pu = 0}), gat::UsageError);
}
