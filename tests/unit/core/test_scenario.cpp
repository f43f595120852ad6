// core::Scenario on a 3-bus case, against values worked out by hand.
#include "gat/core/scenario.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "gat/core/error.hpp"
#include "support/small_network.hpp"

using gat::core::BusType;
using gat::core::Scenario;

namespace {

// Base 100 MVA. Bus 1: generator 40 MW, shunt 5 MW. Bus 2: load 50 + j20 (and an out-of-service
// load of 100 MW), generator 30 MW + j10. Bus 7: load 10 MW, an out-of-service generator 20 MW.
gat::core::Network three_buses() {
  gat::test::SmallNetwork s;
  s.bus(1, BusType::kRef, 0, 0, 5).bus(2, BusType::kPQ, 50, 20).bus(7, BusType::kPQ, 10, 0);
  s.branch(1, 2, 0, 0.1).branch(2, 7, 0, 0.1);
  s.gen(1, 40).gen(2, 30).gen(7, 20, 1000, /*on=*/false);
  auto net = s.network();
  net.gens.qg_pu[1] = 0.1;
  net.loads.bus.push_back(1);
  net.loads.p_pu.push_back(1.0);
  net.loads.q_pu.push_back(0.5);
  net.loads.in_service.push_back(0);
  return net;
}

struct Hour {
  std::vector<double> load_p = std::vector<double>(3), load_q = std::vector<double>(3);
  std::vector<double> gen_p = std::vector<double>(3);
  std::vector<double> p = std::vector<double>(3), q = std::vector<double>(3);
  std::vector<double> p_dc = std::vector<double>(3);
};

Hour hour(const Scenario& s, std::size_t h) {
  Hour r;
  s.bus_loads(h, r.load_p, r.load_q);
  s.gen_p(h, r.gen_p);
  s.bus_injections(h, r.p, r.q);
  s.dc_bus_injections(h, r.p_dc);
  return r;
}

void expect_near(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-15) << "at " << i;
}

}  // namespace

TEST(Scenario, TheCaseHourIsTheCase) {
  const auto net = three_buses();
  const auto s = Scenario::case_hour(net);
  ASSERT_EQ(s.n_hours(), 1u);
  EXPECT_EQ(s.hour_id(0), 0);
  const auto h = hour(s, 0);
  expect_near(h.load_p, {0, 0.5, 0.1});  // in-service loads only
  expect_near(h.load_q, {0, 0.2, 0});
  expect_near(h.gen_p, {0.4, 0.3, 0.2});
  expect_near(h.p, {0.4, 0.3 - 0.5, -0.1});  // the out-of-service generator injects nothing
  expect_near(h.q, {0, 0.1 - 0.2, 0});
  expect_near(h.p_dc, {0.4 - 0.05, -0.2, -0.1});  // the shunt draws G at 1 p.u.
  EXPECT_NEAR(s.total_load_p_pu(0), 0.6, 1e-15);
}

TEST(Scenario, AScaleHourScalesEveryLoadAndTheGenerators) {
  const auto net = three_buses();
  Scenario s(net);
  EXPECT_EQ(s.n_hours(), 0u);
  s.add_hour(7, 1.5, 0.5);
  ASSERT_EQ(s.n_hours(), 1u);
  EXPECT_EQ(s.hour_id(0), 7);
  EXPECT_EQ(s.load_scale(0), 1.5);
  EXPECT_EQ(s.gen_scale(0), 0.5);
  const auto h = hour(s, 0);
  expect_near(h.load_p, {0, 0.75, 0.15});
  expect_near(h.load_q, {0, 0.3, 0});
  expect_near(h.gen_p, {0.2, 0.15, 0.1});
  expect_near(h.p, {0.2, 0.15 - 0.75, -0.15});
  expect_near(h.q, {0, 0.1 - 0.3, 0});  // generator Q stays the case's
  expect_near(h.p_dc, {0.2 - 0.05, -0.6, -0.15});
  EXPECT_NEAR(s.total_load_p_pu(0), 0.9, 1e-15);
}

TEST(Scenario, BusDeltasOverrideTheHoursScaleAndStayInTheirHour) {
  const auto net = three_buses();
  Scenario s(net);
  s.add_hour(3, 0.5);
  s.scale_bus(2, 3.0);       // bus 7: 3 × 10 MW
  s.set_bus(1, 0.2, -0.05);  // bus 2: 20 MW, -5 MVAr
  s.add_hour(4);             // the case again
  s.add_hour(5, 2.0);
  s.set_bus(2, 0.0, 0.0);
  ASSERT_EQ(s.n_hours(), 3u);
  EXPECT_EQ(s.hour_id(1), 4);
  auto h = hour(s, 0);
  expect_near(h.load_p, {0, 0.2, 0.3});
  expect_near(h.load_q, {0, -0.05, 0});
  expect_near(h.gen_p, {0.4, 0.3, 0.2});  // gen_scale defaults to 1
  expect_near(h.p, {0.4, 0.1, -0.3});
  EXPECT_NEAR(s.total_load_p_pu(0), 0.5, 1e-15);
  h = hour(s, 1);
  expect_near(h.load_p, {0, 0.5, 0.1});
  h = hour(s, 2);
  expect_near(h.load_p, {0, 1.0, 0});
  expect_near(h.load_q, {0, 0.4, 0});
  const auto base = s.case_load_p_pu();  // what every hour starts from, unchanged
  expect_near(std::vector<double>(base.begin(), base.end()), {0, 0.5, 0.1});
}

TEST(Scenario, MisuseIsAUsageError) {
  const auto net = three_buses();
  Scenario s(net);
  EXPECT_THROW(s.scale_bus(0, 1.0), gat::UsageError);  // no hour yet
  EXPECT_THROW(s.set_bus(0, 1.0, 0.0), gat::UsageError);
  s.add_hour(0);
  EXPECT_THROW(s.scale_bus(3, 1.0), gat::UsageError);  // 3 buses
  EXPECT_THROW(s.set_bus(-1, 1.0, 0.0), gat::UsageError);
  std::vector<double> p(3), q(3), short_p(2), g(3);
  EXPECT_THROW(s.bus_injections(1, p, q), gat::UsageError);  // one hour
  EXPECT_THROW(s.bus_injections(0, short_p, q), gat::UsageError);
  EXPECT_THROW(s.bus_loads(0, p, short_p), gat::UsageError);
  EXPECT_THROW(s.gen_p(0, short_p), gat::UsageError);
  EXPECT_THROW(s.hour_id(1), gat::UsageError);
}
