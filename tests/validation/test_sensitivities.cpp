// Sensitivities against MATPOWER, and DC screening against independent DC power flows.
//
// 1. PTDF and LODF against MATPOWER's makePTDF (reference-bus slack) and makeLODF on every
//    case of the `sens` study (case14, case118, case300, case2383wp), to 1e-8. MATPOWER works
//    on its internal ordering (in-service branches, non-isolated buses); bus_order.csv and
//    branch_order.csv map it back. LODF columns of bridges are compared on their diagonal only
//    (MATPOWER gives ±Inf/NaN or round-off noise elsewhere in them; gat flags the outage and
//    gives a finite column).
// 2. Post-contingency flows of every non-islanding single-branch outage, produced by the
//    screening path itself (threshold 0 keeps every non-zero flow), against gat's DC power flow
//    re-solved on the network with that branch taken out: a separate model, topology and
//    factorization per outage. To 1e-6 MW on case118 and case2383wp; a sample of double
//    outages too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "gat/contingency/dc_screen.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/dc_power_flow.hpp"
#include "gat/sens/lodf.hpp"
#include "gat/sens/ptdf.hpp"
#include "reference.hpp"

namespace {

namespace gv = gat::validation;

constexpr double kSensTol = 1e-8;
constexpr double kFlowTolMw = 1e-6;
constexpr const char* kStudy = "sens";

TEST(SensitivityReferences, StudyIsComplete) {
  ASSERT_TRUE(gv::study_complete(kStudy))
      << "no complete '" << kStudy << "' references in " << gv::study_dir(kStudy)
      << ": run tests/validation/make_refs " << kStudy;
  EXPECT_EQ(gv::list_cases(kStudy).size(), 4u);
}

class SensitivitiesVsMatpower : public ::testing::TestWithParam<std::string> {};

TEST_P(SensitivitiesVsMatpower, PtdfAndLodfMatch) {
  const auto ref = gv::load_case_ref(kStudy, GetParam());
  if (!ref.matpower_succeeded()) GTEST_SKIP() << ref.failure();
  const auto net = gat::io::load_case(ref.name);
  const auto topo = gat::core::analyze_topology(net);
  const gat::sens::DcModel model(net, topo);

  const auto bus_order = ref.table("bus_order").column("bus_i");
  const auto branch_order = ref.table("branch_order").column("row");
  const auto ptdf_ref = gv::load_matrix(ref.dir, "ptdf");
  const auto lodf_ref = gv::load_matrix(ref.dir, "lodf");
  const std::size_t nb = bus_order.size(), nl = branch_order.size();
  ASSERT_EQ(ptdf_ref.rows, nl);
  ASSERT_EQ(ptdf_ref.cols, nb);
  std::vector<std::int32_t> bus(nb), branch(nl);
  for (std::size_t j = 0; j < nb; ++j) bus[j] = net.bus_at(static_cast<std::int64_t>(bus_order[j]));
  for (std::size_t i = 0; i < nl; ++i) branch[i] = static_cast<std::int32_t>(branch_order[i]) - 1;
  EXPECT_EQ(net.bus_at(static_cast<std::int64_t>(ref.summary_value("slack_bus"))),
            model.reference_buses().front());

  const auto h = gat::sens::ptdf(model);
  std::vector<double> ours, theirs;
  for (std::size_t j = 0; j < nb; ++j) {
    for (std::size_t i = 0; i < nl; ++i) {
      ours.push_back(h(branch[i], bus[j]));
      theirs.push_back(ptdf_ref(i, j));
    }
  }
  EXPECT_TRUE(gv::all_near(ours, theirs, kSensTol, "PTDF", [&](std::size_t e) {
    return net.describe_branch(branch[e % nl]) + ", bus " +
           std::to_string(net.buses.id[bus[e / nl]]);
  }));

  const auto l = gat::sens::lodf_columns(model, branch, branch);
  ours.clear();
  theirs.clear();
  std::vector<std::size_t> where;
  std::size_t bridges = 0;
  for (std::size_t k = 0; k < nl; ++k) {
    bridges += l.islanding[k];
    for (std::size_t i = 0; i < nl; ++i) {
      // A bridge's column: only its diagonal, and only where MATPOWER's is finite (its
      // 0/0 there gives NaN even after makeLODF resets the diagonal to −1).
      if (l.islanding[k] && (i != k || !std::isfinite(lodf_ref(i, k)))) continue;
      ASSERT_TRUE(std::isfinite(l.lodf(i, k)));
      ours.push_back(l.lodf(i, k));
      theirs.push_back(lodf_ref(i, k));
      where.push_back(k * nl + i);
    }
  }
  EXPECT_TRUE(gv::all_near(ours, theirs, kSensTol, "LODF", [&](std::size_t e) {
    return "outage " + net.describe_branch(branch[where[e] / nl]) + ", " +
           net.describe_branch(branch[where[e] % nl]);
  }));
  RecordProperty("bridges", static_cast<int>(bridges));
}

INSTANTIATE_TEST_SUITE_P(Matpower, SensitivitiesVsMatpower,
                         ::testing::ValuesIn(gv::list_cases(kStudy)),
                         [](const auto& param_info) { return gv::test_name(param_info.param); });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SensitivitiesVsMatpower);

// ---------------------------------------------------------------------------------------------

// Post-contingency flows of `outages` through screen_dc: every branch monitored (rating 1 p.u.,
// threshold 0, so every non-zero flow is kept). Returns n_outages × n_branches, row-major.
std::vector<double> screened_flows(const gat::core::Network& net, const gat::core::Topology& topo,
                                   const std::vector<gat::contingency::Outage>& outages,
                                   std::vector<gat::contingency::OutageStatus>& status) {
  auto monitored = net;
  monitored.branches.rate_a_pu.assign(net.n_branches(), 1.0);
  const auto p = gat::contingency::hourly_injections(gat::core::Scenario::case_hour(monitored));
  gat::contingency::DcScreenOptions options;
  options.threshold = 0;
  options.report.all = true;  // also flows no larger than before the outage
  const auto r = gat::contingency::screen_dc(monitored, topo, outages, p, 1, options);
  std::vector<double> post(outages.size() * net.n_branches(), 0.0);
  for (const auto& v : r.violations) post[v.contingency * net.n_branches() + v.branch] = v.post_pu;
  status.clear();
  for (const auto& c : r.contingencies) status.push_back(c.status);
  return post;
}

// The same flows from the DC power flow of the case with the outage's branches taken out.
std::vector<double> resolved_flows(const gat::core::Network& net,
                                   const gat::contingency::Outage& outage) {
  auto out = net;
  for (auto k : outage.branches) out.branches.in_service[k] = 0;
  const auto r = gat::pf::solve_dc_power_flow(out, gat::core::analyze_topology(out));
  EXPECT_TRUE(r.all_solved());
  return r.pf_pu;
}

void expect_screen_matches_power_flows(const std::string& name,
                                       const std::vector<gat::contingency::Outage>& outages) {
  const auto net = gat::io::load_case(name);
  const auto topo = gat::core::analyze_topology(net);
  std::vector<gat::contingency::OutageStatus> status;
  const auto post = screened_flows(net, topo, outages, status);
  std::size_t compared = 0;
  double worst_mw = 0;
  for (std::size_t c = 0; c < outages.size(); ++c) {
    if (status[c] != gat::contingency::OutageStatus::kScreened) continue;
    const auto expected = resolved_flows(net, outages[c]);
    std::vector<double> ours(net.n_branches()), theirs(net.n_branches());
    for (std::size_t k = 0; k < net.n_branches(); ++k) {
      ours[k] = post[c * net.n_branches() + k] * net.base_mva;
      theirs[k] = expected[k] * net.base_mva;
      worst_mw = std::max(worst_mw, std::abs(ours[k] - theirs[k]));
    }
    ASSERT_TRUE(
        gv::all_near(ours, theirs, kFlowTolMw,
                     "post-contingency MW, outage " + gat::contingency::describe(net, outages[c]),
                     [&](std::size_t k) { return net.describe_branch(k); }));
    ++compared;
  }
  EXPECT_GT(compared, outages.size() / 2);
  ::testing::Test::RecordProperty("outages_compared", static_cast<int>(compared));
  ::testing::Test::RecordProperty("max_abs_diff_mw", std::to_string(worst_mw));
  std::printf("  %s: %zu outages compared, max |screen - DC power flow| = %.3g MW\n", name.c_str(),
              compared, worst_mw);
}

class ScreenVsDcPowerFlow : public ::testing::TestWithParam<std::string> {};

TEST_P(ScreenVsDcPowerFlow, EverySingleOutage) {
  const auto net = gat::io::load_case(GetParam());
  expect_screen_matches_power_flows(GetParam(), gat::contingency::all_branch_outages(net));
}

TEST_P(ScreenVsDcPowerFlow, DoubleOutages) {
  const auto net = gat::io::load_case(GetParam());
  const auto singles = gat::contingency::all_branch_outages(net);
  std::mt19937 rng(4);
  std::uniform_int_distribution<std::size_t> pick(0, singles.size() - 1);
  std::vector<gat::contingency::Outage> pairs;
  while (pairs.size() < 200) {
    const auto a = singles[pick(rng)].branches[0], b = singles[pick(rng)].branches[0];
    if (a != b) pairs.push_back({{a, b}});
  }
  expect_screen_matches_power_flows(GetParam(), pairs);
}

INSTANTIATE_TEST_SUITE_P(Cases, ScreenVsDcPowerFlow, ::testing::Values("case118", "case2383wp"));

}  // namespace
