// gat's rolling DC-OPF (--profile) against MATPOWER's rundcopf of each hour's scaled case
// (study `dcopf_hours`: case30 and case118, quadratic costs, MIPS to 1e-10) and against a
// single-hour DC-OPF of the same scaled case: objective and bus LMPs to 1e-6 relative. The
// hours include loads on which HiGHS's active-set QP solver fails, so the Ipopt fallback is
// compared too. Options as `gat opf dc` sets them (QP solver HiGHS, fallback Ipopt).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/opf/rolling_dc_opf.hpp"
#include "opf_reference.hpp"
#include "reference.hpp"

namespace {

namespace gv = gat::validation;

constexpr const char* kStudy = "dcopf_hours";
constexpr double kRelTol = 1e-6;

double rel_diff(double ours, double theirs) {
  return std::abs(ours - theirs) / std::max(1.0, std::abs(theirs));
}

TEST(RollingDcOpfReferences, StudyIsComplete) {
  ASSERT_TRUE(gv::study_complete(kStudy))
      << "no complete '" << kStudy << "' references in " << gv::study_dir(kStudy)
      << ": run tests/validation/make_refs " << kStudy;
}

class RollingDcOpfVsMatpower : public ::testing::TestWithParam<std::string> {};

TEST_P(RollingDcOpfVsMatpower, EveryHourMatches) {
  const auto ref = gv::load_case_ref(kStudy, GetParam());
  if (!ref.matpower_succeeded()) GTEST_SKIP() << ref.failure();
  const auto net = gat::io::load_case(ref.name);
  const auto topo = gat::core::analyze_topology(net);
  const auto table = ref.table("hours");
  gat::core::Scenario hours(net);
  for (std::size_t h = 0; h < table.rows(); ++h)
    hours.add_hour(static_cast<std::int64_t>(table.column("hour")[h]), table.column("scale")[h]);

  gat::opf::DcOpfOptions options;
  options.qp_solver = "highs";
  // Ranges of 2 hours, as chunks of `gat opf dc --profile --chunk-hours 2` solve them: hours
  // after the first in a range follow another hour.
  const auto seed = gat::opf::rolling_seed_basis(net, topo, options);
  const auto n = hours.n_hours();
  std::vector<gat::opf::DcOpfResult> rolling(n);
  for (std::size_t begin = 0; begin < n; begin += 2) {
    gat::opf::solve_rolling_dc_opf(
        net, topo, hours, begin, std::min<std::size_t>(2, n - begin), options, seed,
        [&](std::size_t i, const gat::opf::DcOpfResult& r) { rolling[i] = r; });
  }

  std::size_t fell_back = 0;
  double worst_f = 0, worst_lmp = 0;  // relative, against MATPOWER
  for (std::size_t i = 0; i < hours.n_hours(); ++i) {
    SCOPED_TRACE("hour " + std::to_string(i) + ", load x" + std::to_string(hours.load_scale(i)));
    const auto& r = rolling[i];
    ASSERT_EQ(r.status, gat::opf::OpfStatus::kOptimal) << r.message;
    fell_back += r.message.rfind("Ipopt", 0) == 0;

    auto scaled = net;
    for (auto& p : scaled.loads.p_pu) p *= hours.load_scale(i);
    const auto alone = gat::opf::solve_dc_opf(scaled, topo, options);
    ASSERT_EQ(alone.status, gat::opf::OpfStatus::kOptimal) << alone.message;

    const double f = table.column("f")[i];
    worst_f = std::max(worst_f, rel_diff(r.objective, f));
    EXPECT_LE(rel_diff(r.objective, f), kRelTol)
        << "objective " << r.objective << ", MATPOWER " << f;
    EXPECT_LE(rel_diff(r.objective, alone.objective), kRelTol)
        << "objective " << r.objective << ", alone " << alone.objective;

    const auto bus = gv::by_bus(ref.table("bus_" + std::to_string(i)), net, topo, "lam_p");
    for (std::size_t k = 0; k < bus.index.size(); ++k) {
      const auto b = bus.index[k];
      worst_lmp = std::max(worst_lmp, rel_diff(r.lmp[b], bus.values[k]));
      EXPECT_LE(rel_diff(r.lmp[b], bus.values[k]), kRelTol)
          << "bus " << net.buses.id[b] << " LMP " << r.lmp[b] << ", MATPOWER " << bus.values[k];
      EXPECT_LE(rel_diff(r.lmp[b], alone.lmp[b]), kRelTol)
          << "bus " << net.buses.id[b] << " LMP " << r.lmp[b] << ", alone " << alone.lmp[b];
    }
  }
  std::printf(
      "[dcopf_hours] %-8s %zu hours, %zu solved by the Ipopt fallback; worst relative "
      "difference from MATPOWER: objective %.1e, LMP %.1e\n",
      ref.name.c_str(), hours.n_hours(), fell_back, worst_f, worst_lmp);
}

INSTANTIATE_TEST_SUITE_P(Matpower, RollingDcOpfVsMatpower,
                         ::testing::ValuesIn(gv::list_cases(kStudy)),
                         [](const auto& p) { return gv::test_name(p.param); });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RollingDcOpfVsMatpower);

}  // namespace
