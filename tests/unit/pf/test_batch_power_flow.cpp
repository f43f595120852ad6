// Batch AC power flow: every hour equals a single solve of that hour, whatever the threads or
// chunks; a failed hour is a status row and does not stop the others.
#include "gat/pf/batch_power_flow.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "support/small_network.hpp"

using gat::core::BusType;
using gat::test::SmallNetwork;

namespace {

// Slack 1, PV 2, loads at 3 and 4 in a ring.
SmallNetwork ring() {
  SmallNetwork s;
  s.bus(1, BusType::kRef)
      .bus(2, BusType::kPV)
      .bus(3, BusType::kPQ, 80, 30)
      .bus(4, BusType::kPQ, 60, 20);
  s.branch(1, 2, 0.01, 0.1, 0.02).branch(2, 3, 0.02, 0.15, 0.02).branch(3, 4, 0.01, 0.1);
  s.branch(4, 1, 0.02, 0.12, 0.02);
  s.gen(1, 0).gen(2, 70);
  return s;
}

gat::core::Scenario profile(const gat::core::Network& net, int hours) {
  gat::core::Scenario p(net);
  for (int h = 0; h < hours; ++h) p.add_hour(100 + h, 0.7 + 0.02 * h);
  return p;
}

}  // namespace

TEST(BatchPowerFlow, EveryHourMatchesASingleSolveWhateverTheThreads) {
  const auto s = ring();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  const auto p = profile(net, 30);
  gat::pf::BatchOptions options;
  options.pf.tol_pu = 1e-10;
  options.block_hours = 7;
  options.keep_bus = options.keep_branch = true;
  options.threads = 1;
  const auto one = gat::pf::solve_batch(net, topo, p, options);
  options.threads = 2;
  const auto two = gat::pf::solve_batch(net, topo, p, options);
  ASSERT_EQ(one.hours.size(), 30u);
  EXPECT_EQ(one.vm_pu, two.vm_pu);  // same blocks, same warm starts: identical bits
  EXPECT_EQ(one.pf_pu, two.pf_pu);

  gat::pf::AcPowerFlow single(net, topo, options.pf);
  std::vector<double> bus_p(4), bus_q(4), gen_p(2);
  for (std::size_t h = 0; h < 30; ++h) {
    EXPECT_EQ(one.hours[h].hour, static_cast<std::int64_t>(100 + h));
    EXPECT_TRUE(one.hours[h].converged());
    p.bus_loads(h, bus_p, bus_q);
    p.gen_p(h, gen_p);
    gat::pf::AcPfResult r;
    single.solve(r, {bus_p, bus_q, gen_p});
    for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(one.vm_pu[h * 4 + i], r.vm_pu[i], 1e-9);
    EXPECT_NEAR(one.hours[h].load_p_pu, 1.4 * (0.7 + 0.02 * static_cast<double>(h)), 1e-12);
    EXPECT_NEAR(one.hours[h].losses_p_pu, r.losses_p_pu(), 1e-9);
  }
  // Warm start: after the first hour of a block, hours need fewer iterations than from the case.
  EXPECT_LT(one.hours[3].iterations, 4);
}

TEST(BatchPowerFlow, ChunksGiveTheSameHoursAsOneRun) {
  const auto s = ring();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  const auto p = profile(net, 20);
  gat::pf::BatchOptions options;
  options.block_hours = 6;
  options.keep_bus = true;
  const auto all = gat::pf::solve_batch(net, topo, p, options);
  const auto part = gat::pf::solve_batch(net, topo, p, options, 8, 5);
  ASSERT_EQ(part.hours.size(), 5u);
  for (std::size_t k = 0; k < 5; ++k) {
    EXPECT_EQ(part.hours[k].hour, all.hours[8 + k].hour);
    EXPECT_EQ(part.hours[k].iterations, all.hours[8 + k].iterations);
    for (std::size_t i = 0; i < 4; ++i)
      EXPECT_EQ(part.vm_pu[k * 4 + i], all.vm_pu[(8 + k) * 4 + i]);
  }
  EXPECT_TRUE(gat::pf::solve_batch(net, topo, p, options, 50, 5).hours.empty());
}

TEST(BatchPowerFlow, AFailedHourIsReportedAndTheNextHoursStillSolve) {
  const auto s = ring();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  gat::core::Scenario p(net);
  p.add_hour(0, 1.0);
  p.add_hour(1, 40.0);  // far beyond what the network can carry
  p.add_hour(2, 1.0);
  p.add_hour(3, 1.0);
  p.set_bus(3, 0.5, 0.1);  // bus 4's load set directly
  const auto r = gat::pf::solve_batch(net, topo, p, {});
  ASSERT_EQ(r.hours.size(), 4u);
  EXPECT_TRUE(r.hours[0].converged());
  EXPECT_FALSE(r.hours[1].converged());
  EXPECT_FALSE(r.hours[1].message.empty());
  EXPECT_GT(r.hours[1].max_mismatch_pu, 1e-8);
  EXPECT_TRUE(r.hours[2].converged());
  EXPECT_TRUE(r.hours[3].converged());
  EXPECT_NEAR(r.hours[3].load_p_pu, 0.8 + 0.5, 1e-12);
}
