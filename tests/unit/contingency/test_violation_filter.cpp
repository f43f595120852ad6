// Pre-contingency violations and the report filter of the DC screen (violation_filter.hpp):
// on a network whose flows are worked out by hand, and on case118 with ratings cut below
// some base flows, against a selection made here from the unfiltered screen.
#include "gat/contingency/violation_filter.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <tuple>

#include "gat/contingency/dc_screen.hpp"
#include "gat/core/error.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/dc_power_flow.hpp"
#include "support/small_network.hpp"

using gat::contingency::DcScreenOptions;
using gat::contingency::DcScreenResult;
using gat::contingency::Outage;
using gat::contingency::ViolationFilter;
using gat::core::BusType;

namespace {

// Triangle 1-2-3 (x = 0.1 each) fed from bus 1; bus 4 hangs off bus 3 on two equal lines.
// Loads: 90 MW at 2, 20 MW at 4. With b = 10 p.u. per branch, B'θ = P for buses 2, 3:
//   [20 −10; −10 20] θ = [−0.9; −0.2]  →  θ2 = −1/15, θ3 = −13/300, so
//   P12 = 200/3 MW, P13 = 130/3 MW, P23 = −70/3 MW, each 3-4 line 10 MW.
// Outages: 1-2 out puts all 110 MW on 1-3; 1-3 out, all 110 MW on 1-2; 2-3 out, P12 = 90
// MW, P13 = 20 MW (the triangle becomes radial); one 3-4 line out changes nothing upstream.
// Ratings: 1-2 60 MVA (overloaded before any outage: 111.1 %), 1-3 100, 2-3 none, 3-4 25.
gat::test::SmallNetwork triangle() {
  gat::test::SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 90).bus(3, BusType::kPQ).bus(4, BusType::kPQ, 20);
  s.branch(1, 2, 0, 0.1, 0, 60).branch(1, 3, 0, 0.1, 0, 100).branch(2, 3, 0, 0.1, 0, 0);
  s.branch(3, 4, 0, 0.1, 0, 25).branch(3, 4, 0, 0.1, 0, 25);
  s.gen(1, 110);
  return s;
}

DcScreenResult screen_triangle(const ViolationFilter& report) {
  static const auto s = triangle();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  const auto p = gat::contingency::hourly_injections(gat::core::Scenario::case_hour(net));
  DcScreenOptions o;
  o.report = report;
  return gat::contingency::screen_dc(net, topo, gat::contingency::all_branch_outages(net), p, 1, o);
}

// (contingency, branch, post MW) of every reported violation.
std::set<std::tuple<int, int, long>> rows(const DcScreenResult& r) {
  std::set<std::tuple<int, int, long>> out;
  for (const auto& v : r.violations)
    out.insert({v.contingency, v.branch, std::lround(v.post_pu * 100 * 1000)});  // kW
  return out;
}

}  // namespace

TEST(ViolationFilter, Predicate) {
  const ViolationFilter f;                                        // 1 %
  EXPECT_TRUE(f.reported(0.9, 1.5, 1.0));                         // new: within the limit before
  EXPECT_TRUE(f.reported(-1.0, 1.5, 1.0));                        // at the limit is within it
  EXPECT_FALSE(f.reported(1.2, 1.2, 1.0));                        // as overloaded as before
  EXPECT_TRUE(f.reported(-1.2, 1.2121, 1.0));                     // more than 1 % of 120 %
  EXPECT_FALSE(f.reported(1.2, -1.2119, 1.0));                    // less than 1 % of 120 %
  EXPECT_FALSE((ViolationFilter{50, false}).reported(2, -3, 1));  // exactly 50 %: not more
  EXPECT_TRUE((ViolationFilter{50, false}).reported(-2, 3.000001, 1));
  EXPECT_FALSE(f.reported(1.2, 1.1, 1.0));  // less overloaded
  EXPECT_TRUE((ViolationFilter{0, false}).reported(1.2, 1.2000001, 1.0));
  EXPECT_TRUE((ViolationFilter{1, true}).reported(1.2, 1.1, 1.0));
  EXPECT_TRUE(f.reported_below(1.0, 0.8, 0.9));      // new low voltage
  EXPECT_FALSE(f.reported_below(0.85, 0.845, 0.9));  // lower by less than 1 %
  EXPECT_TRUE(f.reported_below(0.85, 0.84, 0.9));
  EXPECT_THROW(gat::contingency::check(ViolationFilter{-1, false}), gat::UsageError);
  EXPECT_THROW(gat::contingency::check(ViolationFilter{NAN, false}), gat::UsageError);
}

TEST(ViolationFilter, BaseOverloadIsReportedOnceAndOnlyWorseOutagesAfter) {
  const auto r = screen_triangle({});
  // Before any outage: 1-2 at 200/3 MW of 60.
  ASSERT_EQ(r.base_violations.size(), 1u);
  EXPECT_EQ(r.base_violations[0].branch, 0);
  EXPECT_EQ(r.base_violations[0].hour, 0);
  EXPECT_NEAR(r.base_violations[0].flow_pu, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.base_violations[0].loading(), (200.0 / 3.0) / 60.0, 1e-12);
  EXPECT_EQ(r.stats.n_base_violations, 1u);
  // Outages (contingency = branch): 1-2 → 1-3 at 110 (new); 1-3 → 1-2 at 110 and 2-3 → 1-2 at
  // 90 (worse than 66.7); 3-4 lines: 1-2 stays at 66.7 (not worse: not reported).
  const std::set<std::tuple<int, int, long>> expected{
      {0, 1, 110000}, {1, 0, 110000}, {2, 0, 90000}};
  EXPECT_EQ(rows(r), expected);
  EXPECT_EQ(r.contingencies[3].n_violations, 0);
  EXPECT_EQ(r.contingencies[4].n_violations, 0);
  EXPECT_EQ(r.contingencies[2].worst_branch, 0);
  // The top table ranks what is reported: 1-2's worst is 1-3's outage, then 2-3's.
  ASSERT_EQ(r.top.size(), 3u);
  EXPECT_EQ(std::tie(r.top[0].branch, r.top[0].rank, r.top[0].contingency),
            std::make_tuple(0, 1, 1));
  EXPECT_EQ(std::tie(r.top[1].branch, r.top[1].rank, r.top[1].contingency),
            std::make_tuple(0, 2, 2));
}

TEST(ViolationFilter, AllViolationsKeepsTheBaseOverloadUnderEveryOutage) {
  const auto r = screen_triangle({1, true});
  auto expected = std::set<std::tuple<int, int, long>>{
      {0, 1, 110000}, {1, 0, 110000}, {2, 0, 90000}, {3, 0, 66667}, {4, 0, 66667}};
  EXPECT_EQ(rows(r), expected);
  EXPECT_EQ(r.base_violations.size(), 1u);  // listed either way
}

TEST(ViolationFilter, ThresholdIsRelativeToThePreContingencyLoading) {
  // 1-2 goes from 66.7 to 90 MW under 2-3's outage: +35 % of its loading, and to 110 MW
  // (+65 %) under 1-3's.
  auto contingencies_on_1_2 = [](double pct) {
    std::set<int> c;
    for (const auto& v : screen_triangle({pct, false}).violations)
      if (v.branch == 0) c.insert(v.contingency);
    return c;
  };
  EXPECT_EQ(contingencies_on_1_2(34), (std::set<int>{1, 2}));
  EXPECT_EQ(contingencies_on_1_2(36), (std::set<int>{1}));
  EXPECT_EQ(contingencies_on_1_2(66), (std::set<int>{}));
}

// case118 (no ratings of its own) rated at 90 % of |base flow| on every fifth branch (base
// overloads) and 120 % elsewhere: the filtered screen's rows are exactly the rows of the
// unfiltered screen that are new or more than 1 % worse, selected here from their own pre and
// post flows; the base violations are the branches rated below their base flow, whose flow is
// that of a DC power flow.
TEST(ViolationFilter, Case118FilteredRowsAreTheNewOrWorseOnes) {
  auto net = gat::io::load_case("case118");
  const auto topo0 = gat::core::analyze_topology(net);
  const auto pf = gat::pf::solve_dc_power_flow(net, topo0);
  std::set<int> overloaded;
  for (std::size_t k = 0; k < net.n_branches(); ++k) {
    const double f = std::abs(pf.pf_pu[k]);
    net.branches.rate_a_pu[k] = f < 1e-6 ? 0 : (k % 5 == 0 ? 0.9 : 1.2) * f;
    if (f >= 1e-6 && k % 5 == 0) overloaded.insert(static_cast<int>(k));
  }
  const auto topo = gat::core::analyze_topology(net);
  const auto p = gat::contingency::hourly_injections(gat::core::Scenario::case_hour(net));
  const auto outages = gat::contingency::all_branch_outages(net);
  DcScreenOptions all, filtered;
  all.report.all = true;
  const auto every = gat::contingency::screen_dc(net, topo, outages, p, 1, all);
  const auto reported = gat::contingency::screen_dc(net, topo, outages, p, 1, filtered);

  std::set<int> base;
  for (const auto& b : reported.base_violations) {
    base.insert(b.branch);
    EXPECT_NEAR(b.flow_pu, pf.pf_pu[b.branch], 1e-9);
  }
  EXPECT_EQ(base, overloaded);
  std::vector<gat::contingency::Violation> expected;
  std::size_t dropped = 0, worse = 0;
  for (const auto& v : every.violations) {
    const double rate = net.branches.rate_a_pu[v.branch];
    const bool was_over = std::abs(v.pre_pu) > rate;
    if (!was_over || std::abs(v.post_pu) / rate > 1.01 * std::abs(v.pre_pu) / rate) {
      expected.push_back(v);
      worse += was_over;
    } else {
      ++dropped;
    }
  }
  ASSERT_GT(dropped, 100u) << "the base overloads must show under many outages";
  ASSERT_GT(worse, 0u) << "some outages must make a base overload worse";
  ASSERT_EQ(reported.violations.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto &a = reported.violations[i], &b = expected[i];
    EXPECT_EQ(std::tie(a.hour, a.contingency, a.branch, a.post_pu),
              std::tie(b.hour, b.contingency, b.branch, b.post_pu));
  }
  // Contingencies with violations: those with a reported row, fewer than unfiltered.
  std::size_t with = 0, with_all = 0;
  for (std::size_t c = 0; c < outages.size(); ++c) {
    with += reported.contingencies[c].n_violations > 0;
    with_all += every.contingencies[c].n_violations > 0;
  }
  std::set<int> distinct;
  for (const auto& v : expected) distinct.insert(v.contingency);
  EXPECT_EQ(with, distinct.size());
  EXPECT_LT(with, with_all);
}
