// gat's DC power flow against MATPOWER's rundcpf (default options) on every case with a `dcpf`
// reference: bus angles to 1e-8 rad, branch flows and generator output to 1e-6 MW.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/dc_power_flow.hpp"
#include "reference.hpp"

namespace {

namespace gv = gat::validation;

constexpr double kAngleTolRad = 1e-8;
constexpr double kPowerTolMw = 1e-6;
constexpr const char* kStudy = "dcpf";

TEST(DcPowerFlowReferences, StudyIsComplete) {
  ASSERT_TRUE(gv::study_complete(kStudy))
      << "no complete '" << kStudy << "' references in " << gv::study_dir(kStudy)
      << ": run tests/validation/make_refs " << kStudy;
  EXPECT_FALSE(gv::list_cases(kStudy).empty());
}

class DcPowerFlowVsMatpower : public ::testing::TestWithParam<std::string> {};

TEST_P(DcPowerFlowVsMatpower, Matches) {
  const auto ref = gv::load_case_ref(kStudy, GetParam());
  if (!ref.matpower_succeeded()) GTEST_SKIP() << ref.failure();

  const auto net = gat::io::load_case(ref.name);
  const auto topo = gat::core::analyze_topology(net);
  const auto result = gat::pf::solve_dc_power_flow(net, topo);
  for (std::size_t i = 0; i < result.islands.size(); ++i) {
    EXPECT_EQ(result.islands[i].status, gat::pf::IslandStatus::kSolved)
        << "island " << i << ": " << result.islands[i].message;
  }

  // Buses, matched by bus number. An isolated bus (type 4) is outside MATPOWER's model, which
  // reports its input angle back; gat reports NaN. Neither is a result, so neither is compared.
  const auto bus_ref = ref.table("bus");
  const auto& bus_i = bus_ref.column("bus_i");
  const auto& va_deg = bus_ref.column("va_deg");
  ASSERT_EQ(bus_ref.rows(), net.n_buses());
  std::vector<double> ours, theirs;
  std::vector<std::int64_t> compared_bus;
  for (std::size_t r = 0; r < bus_ref.rows(); ++r) {
    const auto id = static_cast<std::int64_t>(bus_i[r]);
    const auto b = net.bus_at(id);
    if (topo.bus_island[b] < 0) continue;
    ours.push_back(result.va_rad[b]);
    theirs.push_back(va_deg[r] * std::numbers::pi / 180.0);
    compared_bus.push_back(id);
  }
  EXPECT_TRUE(gv::all_near(ours, theirs, kAngleTolRad, "va_rad", [&](std::size_t i) {
    return "bus " + std::to_string(compared_bus[i]);
  }));

  // Branches, by row: P_f in MW, and P_t = −P_f (the DC model is lossless).
  const auto branch_ref = ref.table("branch");
  ASSERT_EQ(branch_ref.rows(), net.n_branches());
  std::vector<double> pf_mw(net.n_branches()), pt_mw(net.n_branches());
  for (std::size_t k = 0; k < net.n_branches(); ++k) {
    pf_mw[k] = result.pf_pu[k] * net.base_mva;
    pt_mw[k] = -pf_mw[k];
  }
  auto branch_label = [&](std::size_t k) { return net.describe_branch(k); };
  EXPECT_TRUE(gv::all_near(pf_mw, branch_ref.column("pf_mw"), kPowerTolMw, "pf_mw", branch_label));
  EXPECT_TRUE(gv::all_near(pt_mw, branch_ref.column("pt_mw"), kPowerTolMw, "pt_mw", branch_label));

  // Generators, by row. MATPOWER takes a generator at an isolated bus out of the model and
  // reports 0 MW; gat leaves it unsolved (NaN): both mean it produces nothing.
  const auto gen_ref = ref.table("gen");
  ASSERT_EQ(gen_ref.rows(), net.n_gens());
  std::vector<double> pg_mw(net.n_gens());
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    const bool isolated = topo.bus_island[net.gens.bus[g]] < 0;
    pg_mw[g] = isolated && std::isnan(result.gen_p_pu[g]) ? 0.0 : result.gen_p_pu[g] * net.base_mva;
  }
  EXPECT_TRUE(
      gv::all_near(pg_mw, gen_ref.column("pg_mw"), kPowerTolMw, "pg_mw", [&](std::size_t g) {
        return "gen " + std::to_string(g + 1) + " at bus " +
               std::to_string(net.buses.id[net.gens.bus[g]]);
      }));
}

INSTANTIATE_TEST_SUITE_P(Matpower, DcPowerFlowVsMatpower,
                         ::testing::ValuesIn(gv::list_cases(kStudy)),
                         [](const auto& param_info) { return gv::test_name(param_info.param); });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DcPowerFlowVsMatpower);

}  // namespace
