// AC verification against AC power flows of the outaged network, solved from scratch.
#include "gat/contingency/ac_verify.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

#include "gat/core/error.hpp"
#include "support/small_network.hpp"

using gat::contingency::AcStatus;
using gat::contingency::Outage;
using gat::core::BusType;
using gat::test::SmallNetwork;

namespace {

// A 6-bus AC mesh: lines with resistance and charging, a tap changer, a phase shifter, two
// generators, tight ratings and voltage limits; bus 6 hangs on a bridge.
SmallNetwork ac_mesh() {
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 90, 30).bus(3, BusType::kPV, 30, 10);
  s.bus(4, BusType::kPQ, 60, 20, 0, 10).bus(5, BusType::kPQ, 40, 15).bus(6, BusType::kPQ, 15, 5);
  s.branch(1, 2, 0.01, 0.1, 0.02, 80).branch(1, 3, 0.02, 0.2, 0.02, 60);
  s.branch(2, 3, 0.015, 0.15, 0, 50, 0.98, 3.0).branch(3, 4, 0.01, 0.1, 0.01, 70);
  s.branch(2, 4, 0.02, 0.25, 0.02, 40).branch(1, 4, 0.03, 0.3, 0.03, 0);
  s.branch(4, 5, 0.012, 0.12, 0.01, 45)
      .branch(2, 5, 0.02, 0.2, 0.01, 45)
      .branch(5, 6, 0.01, 0.1, 0, 30);
  s.gen(1, 0, 1000, true, 1.04).gen(3, 85, 1000, true, 1.02);
  return s;
}

gat::pf::AcPfOptions tight() {
  gat::pf::AcPfOptions o;
  o.tol_pu = 1e-11;
  o.max_iter = 20;
  return o;
}

}  // namespace

TEST(AcVerify, EveryOutageEqualsAFreshPowerFlowOfTheOutagedCase) {
  const auto s = ac_mesh();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  const auto outages = gat::contingency::all_branch_outages(net);
  gat::contingency::AcVerifyOptions options;
  options.pf = tight();
  options.threshold = 0.1;    // report most branch flows, to check them too
  options.report.all = true;  // also those already above 10 % before the outage
  const auto cases = gat::contingency::all_cases(outages.size(), 1);
  const auto r = gat::contingency::verify_ac(net, topo, outages,
                                             gat::core::Scenario::case_hour(net), cases, options);
  ASSERT_TRUE(r.base.converged(0));
  ASSERT_EQ(r.outcomes.size(), outages.size());
  EXPECT_EQ(r.outcomes[8].status, AcStatus::kIslanding);  // 5-6

  for (std::size_t c = 0; c + 1 < outages.size(); ++c) {
    ASSERT_EQ(r.outcomes[c].status, AcStatus::kConverged) << "outage " << c;
    auto out = net;
    out.branches.in_service[outages[c].branches[0]] = 0;
    const auto fresh = gat::pf::solve_ac_power_flow(out, gat::core::analyze_topology(out), tight());
    ASSERT_TRUE(fresh.all_solved());
    for (const auto& v : r.violations) {
      if (v.contingency != static_cast<std::int32_t>(c)) continue;
      if (v.kind == gat::contingency::AcViolationKind::kBranchFlow) {
        const auto k = static_cast<std::size_t>(v.element);
        const double s_fresh = std::max(std::hypot(fresh.pf_pu[k], fresh.qf_pu[k]),
                                        std::hypot(fresh.pt_pu[k], fresh.qt_pu[k]));
        EXPECT_NEAR(v.value, s_fresh, 1e-9);
      } else {
        EXPECT_NEAR(v.value, fresh.vm_pu[v.element], 1e-9);
      }
    }
  }
  EXPECT_GT(r.violations.size(), 20u);
  // The base case, solved again after every outage was applied and restored, is unchanged.
  const auto again = gat::pf::solve_ac_power_flow(net, topo, tight());
  for (std::size_t i = 0; i < net.n_buses(); ++i) {
    EXPECT_NEAR(r.base.solution[0].vm_pu[i], again.vm_pu[i], 1e-12);
    EXPECT_NEAR(r.base.solution[0].va_rad[i], again.va_rad[i], 1e-12);
  }
}

TEST(AcVerify, RemoveAndRestoreBranchesKeepsTheModelExact) {
  const auto s = ac_mesh();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  gat::pf::AcPowerFlow flow(net, topo, tight());
  gat::pf::AcPfResult base, outaged, after;
  flow.solve(base);
  const std::vector<std::int32_t> two{0, 6};
  flow.remove_branches(two);
  flow.solve(outaged, {}, &base);
  EXPECT_EQ(outaged.pf_pu[0], 0.0);
  EXPECT_EQ(outaged.qt_pu[6], 0.0);
  auto out = net;
  out.branches.in_service[0] = out.branches.in_service[6] = 0;
  const auto fresh = gat::pf::solve_ac_power_flow(out, gat::core::analyze_topology(out), tight());
  for (std::size_t i = 0; i < net.n_buses(); ++i) {
    EXPECT_NEAR(outaged.vm_pu[i], fresh.vm_pu[i], 1e-10);
    EXPECT_NEAR(outaged.va_rad[i], fresh.va_rad[i], 1e-10);
  }
  flow.restore_branches();
  flow.solve(after);
  for (std::size_t i = 0; i < net.n_buses(); ++i) EXPECT_EQ(after.vm_pu[i], base.vm_pu[i]);
}

TEST(AcVerify, FlaggedCasesComeFromTheDcScreen) {
  const auto s = ac_mesh();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  const auto outages = gat::contingency::all_branch_outages(net);
  const auto p = gat::contingency::hourly_injections(gat::core::Scenario::case_hour(net));
  gat::contingency::DcScreenOptions dc;
  dc.threshold = 0.8;
  const auto screen = gat::contingency::screen_dc(net, topo, outages, p, 1, dc);
  const auto cases = gat::contingency::flagged_cases(screen);
  std::size_t with = 0;
  for (const auto& c : screen.contingencies) with += c.n_violations > 0;
  EXPECT_EQ(cases.size(), with);
  const auto r =
      gat::contingency::verify_ac(net, topo, outages, gat::core::Scenario::case_hour(net), cases);
  EXPECT_EQ(r.outcomes.size(), cases.size());
}

// Limits violated in the base case are listed once (base_violations); after an outage a row is
// reported only when new or more than 1 % worse, selected here from every row's own values.
TEST(AcVerify, PreContingencyViolationsAndOnlyNewOrWorseAfter) {
  const auto s = ac_mesh();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  const auto outages = gat::contingency::all_branch_outages(net);
  const auto cases = gat::contingency::all_cases(outages.size(), 1);
  gat::contingency::AcVerifyOptions options;
  options.pf = tight();
  options.threshold = 0.5;
  const auto filtered = gat::contingency::verify_ac(
      net, topo, outages, gat::core::Scenario::case_hour(net), cases, options);
  options.report.all = true;
  const auto every = gat::contingency::verify_ac(
      net, topo, outages, gat::core::Scenario::case_hour(net), cases, options);

  const auto& base = filtered.base.solution[0];
  std::vector<std::int32_t> over;
  for (std::size_t k = 0; k < net.n_branches(); ++k) {
    const double sk = std::max(std::hypot(base.pf_pu[k], base.qf_pu[k]),
                               std::hypot(base.pt_pu[k], base.qt_pu[k]));
    if (net.branches.rate_a_pu[k] > 0 && sk > 0.5 * net.branches.rate_a_pu[k])
      over.push_back(static_cast<std::int32_t>(k));
  }
  ASSERT_FALSE(over.empty());
  std::vector<std::int32_t> listed;
  for (const auto& v : filtered.base.violations) {
    EXPECT_EQ(v.contingency, -1);
    if (v.kind == gat::contingency::AcViolationKind::kBranchFlow) listed.push_back(v.element);
  }
  EXPECT_EQ(listed, over);

  std::vector<gat::contingency::AcViolation> expected;
  for (const auto& v : every.violations) {
    bool keep = true;
    if (v.kind == gat::contingency::AcViolationKind::kBranchFlow)
      keep = !(v.base_value > 0.5 * v.limit) || v.value > 1.01 * v.base_value;
    else if (v.kind == gat::contingency::AcViolationKind::kVoltageHigh)
      keep = !(v.base_value > v.limit) || v.value > 1.01 * v.base_value;
    else
      keep = !(v.base_value < v.limit) || v.value < 0.99 * v.base_value;
    if (keep) expected.push_back(v);
  }
  ASSERT_LT(expected.size(), every.violations.size()) << "some rows must be pre-existing";
  ASSERT_FALSE(expected.empty());
  ASSERT_EQ(filtered.violations.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto &a = filtered.violations[i], &b = expected[i];
    EXPECT_EQ(std::tie(a.hour, a.contingency, a.kind, a.element, a.value),
              std::tie(b.hour, b.contingency, b.kind, b.element, b.value));
  }
}

// The base cases of a run of hours, solved on their own, verify the same as those of the whole
// profile: hour k of the run is hour first + k of the profile.
TEST(AcVerify, BaseCasesOfSomeHoursAreThoseOfTheProfile) {
  const auto s = ac_mesh();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  const auto outages = gat::contingency::all_branch_outages(net);
  gat::core::Scenario profile(net);
  for (int h = 0; h < 4; ++h) profile.add_hour(10 + h, 0.8 + 0.1 * h);
  gat::contingency::AcVerifyOptions options;
  options.pf = tight();
  options.threshold = 0.5;
  options.threads = 1;
  const auto whole = gat::contingency::verify_ac(
      net, topo, outages, profile, gat::contingency::all_cases(outages.size(), 4), options);
  const auto base = gat::contingency::solve_base_cases(net, topo, profile, 2, 2, options);
  ASSERT_EQ(base.n_hours(), 2u);
  const auto part = gat::contingency::verify_ac_from_base(
      net, topo, outages, base, gat::contingency::all_cases(outages.size(), 2), options);
  for (std::size_t h = 0; h < 2; ++h) {
    EXPECT_EQ(base.status[h], whole.base.status[h + 2]);
    for (std::size_t i = 0; i < net.n_buses(); ++i)
      EXPECT_NEAR(base.solution[h].vm_pu[i], whole.base.solution[h + 2].vm_pu[i], 1e-12);
  }
  // The heavier hours differ from the lighter: the test would see an hour off by one.
  EXPECT_GT(std::abs(whole.base.solution[3].va_rad[2] - whole.base.solution[2].va_rad[2]), 1e-3);
  std::vector<gat::contingency::AcViolation> expected;
  for (auto v : whole.violations) {
    if (v.hour < 2) continue;
    v.hour -= 2;
    expected.push_back(v);
  }
  ASSERT_FALSE(expected.empty());
  ASSERT_EQ(part.violations.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto &a = part.violations[i], &b = expected[i];
    EXPECT_EQ(std::tie(a.hour, a.contingency, a.kind, a.element),
              std::tie(b.hour, b.contingency, b.kind, b.element));
    EXPECT_NEAR(a.value, b.value, 1e-9);
  }
  EXPECT_THROW(gat::contingency::solve_base_cases(net, topo, profile, 3, 2, options),
               gat::UsageError);
}
