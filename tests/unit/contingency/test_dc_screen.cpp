// DC screening against DC power flows re-solved with the outage applied.
#include "gat/contingency/dc_screen.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "gat/pf/dc_power_flow.hpp"
#include "support/small_network.hpp"

using gat::contingency::DcScreenOptions;
using gat::contingency::Outage;
using gat::contingency::OutageStatus;
using gat::core::BusType;
using gat::test::SmallNetwork;

namespace {

// A 5-bus mesh with a phase shifter and a tap, plus bus 6 on a radial branch (a bridge).
// Ratings are tight enough that some outages overload something.
SmallNetwork mesh() {
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 90).bus(3, BusType::kPV, 30);
  s.bus(4, BusType::kPQ, 60).bus(5, BusType::kPQ, 40).bus(6, BusType::kPQ, 15);
  s.branch(1, 2, 0, 0.1, 0, 80).branch(1, 3, 0, 0.2, 0, 60).branch(2, 3, 0, 0.15, 0, 50, 0.98, 3.0);
  s.branch(3, 4, 0, 0.1, 0, 70).branch(2, 4, 0, 0.25, 0, 40).branch(1, 4, 0, 0.3, 0, 0);
  s.branch(4, 5, 0, 0.12, 0, 45).branch(2, 5, 0, 0.2, 0, 45).branch(5, 6, 0, 0.1, 0, 30);
  s.gen(1, 150).gen(3, 85);
  return s;
}

// Post-contingency flows from a full DC power flow with the outage's branches removed.
std::vector<double> resolved(const gat::core::Network& net, const Outage& outage,
                             const std::vector<double>& p_bus, std::size_t hour) {
  auto out = net;
  for (auto k : outage.branches) out.branches.in_service[k] = 0;
  // Put the hour's injections into the case: generators carry the injection, loads none.
  const std::size_t nb = net.n_buses();
  out.loads = {};
  out.shunts = {};
  out.gens.pg_pu.assign(out.n_gens(), 0.0);
  for (std::size_t i = 0; i < nb; ++i) {
    out.gens.bus.push_back(static_cast<std::int32_t>(i));
    out.gens.pg_pu.push_back(p_bus[hour * nb + i]);
    out.gens.in_service.push_back(1);
  }
  return gat::pf::solve_dc_power_flow(out, gat::core::analyze_topology(out)).pf_pu;
}

}  // namespace

TEST(DcScreen, EveryPostFlowEqualsAResolvedPowerFlow) {
  const auto s = mesh();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  gat::core::Scenario profile(net);
  for (double scale : {1.0, 0.7, 1.25}) profile.add_hour(profile.n_hours(), scale, scale);
  const auto p = gat::contingency::hourly_injections(profile);
  const auto outages = gat::contingency::all_branch_outages(net);
  DcScreenOptions options;
  options.threshold = 0;      // keep every non-zero post-contingency flow,
  options.report.all = true;  // also where the base flow is as large (above a limit of 0)
  const auto r = gat::contingency::screen_dc(net, topo, outages, p, 3, options);

  ASSERT_EQ(r.contingencies.size(), 9u);
  EXPECT_EQ(r.contingencies[8].status, OutageStatus::kIslanding);  // 5-6 is a bridge
  EXPECT_EQ(r.stats.n_screened, 8u);
  EXPECT_EQ(r.monitored.size(), 8u);  // 1-4 has no rating
  std::size_t checked = 0;
  for (const auto& v : r.violations) {
    const auto post = resolved(net, outages[v.contingency], p, v.hour);
    EXPECT_NEAR(v.post_pu, post[v.branch], 1e-12);
    ++checked;
  }
  // Every (hour, screened outage, monitored branch other than the outaged one) is there.
  EXPECT_EQ(checked, 3u * 8u * 8u - 3u * 7u);
}

TEST(DcScreen, PruningNeverLosesAViolation) {
  const auto s = mesh();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  gat::core::Scenario profile(net);
  for (int h = 0; h < 24; ++h) {
    const double scale = 0.6 + 0.6 * std::sin(h * 0.26) * std::sin(h * 0.26);
    profile.add_hour(h, scale, 1.0);  // generation fixed: the reference bus follows the load
  }
  const auto p = gat::contingency::hourly_injections(profile);
  const auto outages = gat::contingency::all_branch_outages(net);
  DcScreenOptions pruned, full;
  full.prune = false;
  const auto a = gat::contingency::screen_dc(net, topo, outages, p, 24, pruned);
  const auto b = gat::contingency::screen_dc(net, topo, outages, p, 24, full);
  ASSERT_GT(b.violations.size(), 10u);
  ASSERT_EQ(a.violations.size(), b.violations.size());
  for (std::size_t i = 0; i < a.violations.size(); ++i) {
    EXPECT_EQ(a.violations[i].contingency, b.violations[i].contingency);
    EXPECT_EQ(a.violations[i].branch, b.violations[i].branch);
    EXPECT_EQ(a.violations[i].hour, b.violations[i].hour);
    EXPECT_EQ(a.violations[i].post_pu, b.violations[i].post_pu);
  }
  EXPECT_LT(a.stats.pairs_checked, b.stats.pairs_checked);
  for (const auto& v : a.violations) {
    const auto post = resolved(net, outages[v.contingency], p, v.hour);
    EXPECT_NEAR(v.post_pu, post[v.branch], 1e-12);
    EXPECT_GT(std::abs(v.post_pu), v.limit_pu);
  }
}

TEST(DcScreen, HourlyInjectionsFollowTheProfile) {
  const auto s = mesh();
  const auto& net = s.network();
  gat::core::Scenario profile(net);
  profile.add_hour(5, 0.5, 0.8);
  profile.set_bus(3, 0.2, 0.0);  // bus 4: 20 MW
  const auto p = gat::contingency::hourly_injections(profile);
  ASSERT_EQ(p.size(), net.n_buses());
  EXPECT_NEAR(p[0], 1.5 * 0.8, 1e-15);          // bus 1: generator at 80 %
  EXPECT_NEAR(p[1], -0.45, 1e-15);              // bus 2: half its load
  EXPECT_NEAR(p[2], 0.85 * 0.8 - 0.15, 1e-15);  // bus 3: generator and load
  EXPECT_NEAR(p[3], -0.2, 1e-15);               // bus 4: set
  const auto none = gat::contingency::hourly_injections(gat::core::Scenario::case_hour(net));
  EXPECT_NEAR(none[1], -0.9, 1e-15);
}

TEST(DcScreen, DoubleOutagesSummariesAndTopK) {
  const auto s = mesh();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  const auto p = gat::contingency::hourly_injections(gat::core::Scenario::case_hour(net));
  // 1-2 & 3-4; 4-5 & 2-5 (islands 5 and 6); 1-2 alone; 2-3 & 1-4.
  const std::vector<Outage> outages{{{0, 3}}, {{6, 7}}, {{0}}, {{2, 5}}};
  DcScreenOptions options;
  options.threshold = 0.5;
  options.top_k = 2;
  const auto r = gat::contingency::screen_dc(net, topo, outages, p, 1, options);
  EXPECT_EQ(r.contingencies[1].status, OutageStatus::kIslanding);
  std::map<std::int32_t, std::int64_t> count;
  for (const auto& v : r.violations) {
    const auto post = resolved(net, outages[v.contingency], p, 0);
    EXPECT_NEAR(v.post_pu, post[v.branch], 1e-12);
    EXPECT_GT(v.loading(), 0.5);
    ++count[v.contingency];
  }
  for (std::size_t c = 0; c < outages.size(); ++c) {
    EXPECT_EQ(r.contingencies[c].n_violations, count[static_cast<std::int32_t>(c)]);
  }
  // Top-K: at most 2 per (hour, branch), worst first.
  std::map<std::pair<int, int>, std::vector<double>> top;
  for (const auto& t : r.top) top[{t.hour, t.branch}].push_back(t.loading);
  ASSERT_FALSE(top.empty());
  for (const auto& [key, loads] : top) {
    EXPECT_LE(loads.size(), 2u);
    EXPECT_TRUE(std::is_sorted(loads.rbegin(), loads.rend()));
  }
}

// The screen of ranges of hours of one shared DcScreenBase (what the nminus1 dc study's chunks
// do) equals the screen that builds its own, block by block of hours; the base flows solved in
// parallel blocks equal those solved on one thread, and flows_by_branch equals flows.
TEST(DcScreen, GivenModelAndBaseFlowsGiveTheSameResult) {
  const auto s = mesh();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  gat::core::Scenario profile(net);
  for (int h = 0; h < 40; ++h) {
    const double scale = 0.6 + 0.02 * h;
    profile.add_hour(h, scale, scale);
  }
  const auto p = gat::contingency::hourly_injections(profile);
  const auto outages = gat::contingency::all_branch_outages(net);
  DcScreenOptions o;
  o.threshold = 0.8;
  const auto whole = gat::contingency::screen_dc(net, topo, outages, p, 40, o);
  ASSERT_FALSE(whole.violations.empty());

  const gat::sens::DcModel model(net, topo);
  const auto parallel = model.flows(p, 40);
  EXPECT_EQ(parallel.values, model.flows(p, 40, /*parallel=*/false).values);
  // The same flows branch after branch, the injections asked for block by block.
  auto fill = [&](std::size_t first, std::size_t m, std::span<double> out) {
    gat::contingency::hourly_injections(profile, first, m, out);
  };
  const auto by_branch = model.flows_by_branch(40, fill);
  for (std::size_t k = 0; k < model.n_branches(); ++k) {
    for (std::size_t h = 0; h < 40; ++h) ASSERT_EQ(by_branch.row(k)[h], parallel(k, h));
  }
  const gat::contingency::DcScreenBase base(net, model, 40, fill, o.rating, o.threshold);
  // Hours 0-24 and 25-39, each a range of the shared base flows.
  std::vector<gat::contingency::Violation> blocks;
  for (auto [h0, h1] : {std::pair{0, 25}, std::pair{25, 40}}) {
    auto r = gat::contingency::screen_dc(base, static_cast<std::size_t>(h0),
                                         static_cast<std::size_t>(h1 - h0), outages, o);
    for (auto v : r.violations) {
      v.hour += h0;
      blocks.push_back(v);
    }
  }
  ASSERT_EQ(blocks.size(), whole.violations.size());
  std::sort(blocks.begin(), blocks.end(), [](const auto& a, const auto& b) {
    return std::tie(a.hour, a.contingency, a.branch) < std::tie(b.hour, b.contingency, b.branch);
  });
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    EXPECT_EQ(blocks[i].hour, whole.violations[i].hour);
    EXPECT_EQ(blocks[i].contingency, whole.violations[i].contingency);
    EXPECT_EQ(blocks[i].branch, whole.violations[i].branch);
    EXPECT_EQ(blocks[i].post_pu, whole.violations[i].post_pu);
  }
}
