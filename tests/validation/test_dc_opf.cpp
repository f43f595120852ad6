// gat's DC-OPF against MATPOWER's rundcopf (default options: GLPK for LPs, MIPS for QPs) on
// every case with a `dcopf` reference: objective to 1e-6 relative, bus LMPs to 1e-4 $/MWh,
// branch-flow multipliers to 1e-4 $/MWh. Dispatch and flows are compared to 1e-3 MW only where
// the optimum is unique; an LP with ties has several optimal dispatches with the same cost.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/opf/dc_opf.hpp"
#include "opf_reference.hpp"
#include "reference.hpp"

namespace {

namespace gv = gat::validation;

constexpr const char* kStudy = "dcopf";
constexpr double kObjectiveRelTol = 1e-6;
constexpr double kPriceTol = 1e-4;  // $/MWh

TEST(DcOpfReferences, StudyIsComplete) {
  ASSERT_TRUE(gv::study_complete(kStudy))
      << "no complete '" << kStudy << "' references in " << gv::study_dir(kStudy)
      << ": run tests/validation/make_refs " << kStudy;
}

class DcOpfVsMatpower : public ::testing::TestWithParam<std::string> {};

TEST_P(DcOpfVsMatpower, Matches) {
  const auto ref = gv::load_case_ref(kStudy, GetParam());
  if (!ref.matpower_succeeded()) GTEST_SKIP() << ref.failure();

  const auto net = gat::io::load_case(ref.name);
  const auto topo = gat::core::analyze_topology(net);
  const auto r = gat::opf::solve_dc_opf(net, topo);
  ASSERT_EQ(r.status, gat::opf::OpfStatus::kOptimal) << r.message;

  const double f = ref.summary_value("f");
  EXPECT_NEAR(r.objective, f, kObjectiveRelTol * std::max(1.0, std::abs(f)))
      << "objective, MATPOWER solver " << ref.summary_text("solver");

  // Prices, by bus number, over the buses in the model.
  const auto bus = gv::by_bus(ref.table("bus"), net, topo, "lam_p");
  std::vector<double> lmp;
  for (auto b : bus.index) lmp.push_back(r.lmp[b]);
  EXPECT_TRUE(gv::all_near(lmp, bus.values, kPriceTol, "lmp_usd_per_mwh", bus.label(net)));

  const auto branch = ref.table("branch");
  EXPECT_TRUE(gv::all_near(gv::active_branches(net, topo, r.mu_sf),
                           gv::active_branches(net, topo, branch.column("mu_sf")), kPriceTol,
                           "mu_sf"));
  EXPECT_TRUE(gv::all_near(gv::active_branches(net, topo, r.mu_st),
                           gv::active_branches(net, topo, branch.column("mu_st")), kPriceTol,
                           "mu_st"));
}

INSTANTIATE_TEST_SUITE_P(Matpower, DcOpfVsMatpower, ::testing::ValuesIn(gv::list_cases(kStudy)),
                         [](const auto& p) { return gv::test_name(p.param); });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DcOpfVsMatpower);

}  // namespace
