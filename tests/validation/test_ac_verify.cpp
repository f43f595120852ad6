// AC verification against full AC power flows of the outaged cases.
//
// Every non-islanding single-branch outage of case118, and a sample of case2383wp's, solved by
// verify_ac (Ybus values changed in place, Newton warm-started from the base case, pattern and
// symbolic factorization reused) against gat's AC power flow of the network with the branch
// out of service, built and solved from scratch from the case's start point. Both at 1e-10;
// voltages (magnitude and angle) and branch flows agree to 1e-6 p.u.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "gat/contingency/ac_verify.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "reference.hpp"

namespace {

namespace gv = gat::validation;
constexpr double kTolPu = 1e-6;

gat::pf::AcPfOptions tight() {
  gat::pf::AcPfOptions o;
  o.tol_pu = 1e-10;
  o.max_iter = 30;
  return o;
}

class AcVerifyVsPowerFlow : public ::testing::TestWithParam<std::tuple<std::string, std::size_t>> {
};

TEST_P(AcVerifyVsPowerFlow, OutagedCasesMatch) {
  const auto& [name, stride] = GetParam();
  const auto net = gat::io::load_case(name);
  const auto topo = gat::core::analyze_topology(net);
  const auto all = gat::contingency::all_branch_outages(net);
  std::vector<gat::contingency::Outage> outages;
  for (std::size_t c = 0; c < all.size(); c += stride) outages.push_back(all[c]);
  gat::contingency::AcVerifyOptions options;
  options.pf = tight();
  const auto cases = gat::contingency::all_cases(outages.size(), 1);
  const auto r = gat::contingency::verify_ac(net, topo, outages,
                                             gat::core::Scenario::case_hour(net), cases, options);
  ASSERT_TRUE(r.base.converged(0));

  // verify_ac keeps only violations; re-solve each converged outage the incremental way to
  // compare whole solutions, with a solver of our own on the same code path.
  gat::pf::AcPowerFlow flow(net, topo, tight());
  gat::pf::AcPfResult ours;
  std::size_t compared = 0, disagree = 0;
  double worst = 0;
  for (std::size_t c = 0; c < outages.size(); ++c) {
    const auto status = r.outcomes[c].status;
    if (status == gat::contingency::AcStatus::kIslanding) continue;
    flow.remove_branches(outages[c].branches);
    flow.solve(ours, {}, &r.base.solution[0]);
    flow.restore_branches();
    auto out = net;
    for (auto k : outages[c].branches) out.branches.in_service[k] = 0;
    const auto fresh = gat::pf::solve_ac_power_flow(out, gat::core::analyze_topology(out), tight());
    const bool ours_ok = status == gat::contingency::AcStatus::kConverged;
    if (ours_ok != fresh.all_solved()) {
      ++disagree;  // a start point may decide convergence; reported, not compared
      continue;
    }
    if (!ours_ok) continue;
    std::vector<double> a, b;
    for (std::size_t i = 0; i < net.n_buses(); ++i) {
      if (!std::isfinite(fresh.vm_pu[i])) continue;
      a.insert(a.end(), {ours.vm_pu[i], ours.va_rad[i]});
      b.insert(b.end(), {fresh.vm_pu[i], fresh.va_rad[i]});
    }
    for (std::size_t k = 0; k < net.n_branches(); ++k) {
      a.insert(a.end(), {ours.pf_pu[k], ours.qf_pu[k], ours.pt_pu[k], ours.qt_pu[k]});
      b.insert(b.end(), {fresh.pf_pu[k], fresh.qf_pu[k], fresh.pt_pu[k], fresh.qt_pu[k]});
    }
    for (std::size_t e = 0; e < a.size(); ++e) worst = std::max(worst, std::abs(a[e] - b[e]));
    ASSERT_TRUE(
        gv::all_near(a, b, kTolPu, "outage " + gat::contingency::describe(net, outages[c])));
    ++compared;
  }
  std::printf("  %s: %zu outages compared, %zu converged on one side only, max |diff| %.3g p.u.\n",
              name.c_str(), compared, disagree, worst);
  EXPECT_GT(compared, outages.size() * 3 / 4);
  EXPECT_LE(disagree, outages.size() / 50);
}

INSTANTIATE_TEST_SUITE_P(Cases, AcVerifyVsPowerFlow,
                         ::testing::Values(std::make_tuple(std::string("case118"), std::size_t{1}),
                                           std::make_tuple(std::string("case2383wp"),
                                                           std::size_t{10})),
                         [](const auto& param_info) { return std::get<0>(param_info.param); });

}  // namespace
