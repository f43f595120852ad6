// The AC post-check of a DC-OPF hour: its power flow is that of the case with the hour's load
// and the DC-OPF's dispatch (pf::solve_ac_power_flow on such a case, validated against
// MATPOWER, is the reference); an hour within its limits is left alone; one that breaks a
// branch or voltage limit gets the AC-OPF of its load.
#include "gat/opf/ac_recheck.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "opf_cases.hpp"

namespace {

using gat::opf::OpfStatus;

constexpr double kScale = 0.8;

// case9 at kScale of its load (P and Q), generators at the DC-OPF's dispatch.
gat::core::Network dispatched(gat::core::Network net, const gat::opf::DcOpfResult& dc) {
  for (auto& p : net.loads.p_pu) p *= kScale;
  for (auto& q : net.loads.q_pu) q *= kScale;
  net.gens.pg_pu = dc.pg_pu;
  return net;
}

// The hour as a scenario: every load at kScale.
gat::core::Scenario scaled_hour(const gat::core::Network& net) {
  gat::core::Scenario s(net);
  s.add_hour(0, kScale);
  return s;
}

struct Hour {
  gat::core::Network net = gat::test::case9();
  gat::core::Topology topo = gat::core::analyze_topology(net);
  gat::opf::DcOpfResult dc;
  gat::pf::AcPfResult ac;  // the reference power flow of the dispatch
  Hour() {
    auto scaled = net;
    for (auto& p : scaled.loads.p_pu) p *= kScale;
    dc = gat::opf::solve_dc_opf(scaled, topo);
    ac = gat::pf::solve_ac_power_flow(dispatched(net, dc), topo);
  }
  double s_mva(std::size_t k) const {
    return std::max(std::hypot(ac.pf_pu[k], ac.qf_pu[k]), std::hypot(ac.pt_pu[k], ac.qt_pu[k])) *
           net.base_mva;
  }
};

TEST(AcRecheck, AnHourWithinItsLimitsIsLeftAlone) {
  const Hour h;
  ASSERT_EQ(h.dc.status, OpfStatus::kOptimal);
  ASSERT_TRUE(h.ac.all_solved());
  gat::opf::AcRechecker check(h.net, h.topo);
  const auto c = check.check(scaled_hour(h.net), 0, h.dc);
  EXPECT_TRUE(c.pf_converged);
  double worst = 0, vmin = 10;
  for (std::size_t k = 0; k < h.net.n_branches(); ++k)
    worst = std::max(worst, 100 * h.s_mva(k) / (h.net.branches.rate_a_pu[k] * h.net.base_mva));
  for (double v : h.ac.vm_pu) vmin = std::min(vmin, v);
  EXPECT_NEAR(c.max_loading_pct, worst, 1e-6);
  EXPECT_NEAR(c.min_vm_pu, vmin, 1e-9);
  EXPECT_EQ(c.n_overloads, 0);
  EXPECT_EQ(c.n_voltage_violations, 0);
  EXPECT_FALSE(c.violated());
  EXPECT_FALSE(c.ac_opf_run);
}

TEST(AcRecheck, AnOverloadGetsTheAcOpfOfTheHour) {
  Hour h;
  // The most loaded branch rated at 90 % of its AC flow: an overload of 100/0.9 %.
  std::size_t k = 0;
  for (std::size_t b = 1; b < h.net.n_branches(); ++b)
    if (h.s_mva(b) / h.net.branches.rate_a_pu[b] > h.s_mva(k) / h.net.branches.rate_a_pu[k]) k = b;
  auto tight = h.net;
  tight.branches.rate_a_pu[k] = 0.9 * h.s_mva(k) / h.net.base_mva;
  gat::opf::AcRechecker check(tight, h.topo);
  const auto c = check.check(scaled_hour(h.net), 0, h.dc);
  EXPECT_NEAR(c.max_loading_pct, 100 / 0.9, 1e-6);
  EXPECT_EQ(c.n_overloads, 1);
  ASSERT_TRUE(c.ac_opf_run);
  auto scaled = tight;
  for (auto& p : scaled.loads.p_pu) p *= kScale;
  for (auto& q : scaled.loads.q_pu) q *= kScale;
  const auto expected = gat::opf::solve_ac_opf(scaled, h.topo);
  ASSERT_EQ(expected.status, OpfStatus::kOptimal);
  EXPECT_EQ(c.ac_opf_status, OpfStatus::kOptimal) << c.ac_opf_message;
  EXPECT_NEAR(c.ac_opf_objective, expected.objective, 1e-9 * expected.objective);
}

TEST(AcRecheck, AVoltageOutsideItsLimitsIsAViolation) {
  Hour h;
  // The bus with the lowest voltage gets a Vmax below it.
  std::size_t low = 0;
  for (std::size_t i = 1; i < h.net.n_buses(); ++i)
    if (h.ac.vm_pu[i] < h.ac.vm_pu[low]) low = i;
  auto strict = h.net;
  strict.buses.vmax_pu[low] = h.ac.vm_pu[low] - 0.01;
  gat::opf::AcRechecker check(strict, h.topo);
  const auto c = check.check(scaled_hour(h.net), 0, h.dc);
  EXPECT_EQ(c.n_voltage_violations, 1);
  EXPECT_TRUE(c.ac_opf_run);
}

}  // namespace
