#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "gat/build_info.hpp"
#include "gat/io/matpower.hpp"
#include "gat/io/matpower_writer.hpp"
#include "gat/io/psse.hpp"
#include "support/network_equal.hpp"

namespace {

namespace fs = std::filesystem;

fs::path matpower_case(const std::string& name) {
  return fs::path(gat::build::kMatpowerDataDir) / (name + ".m");
}

class MatpowerRoundTrip : public testing::TestWithParam<const char*> {};

// Read, write, read again: the same doubles, not just close ones.
TEST_P(MatpowerRoundTrip, WritesWhatItRead) {
  const auto net = gat::io::read_matpower(matpower_case(GetParam()));
  const std::string text = gat::io::format_matpower(net, GetParam());
  const auto again = gat::io::parse_matpower(text, std::string(GetParam()) + "_out.m");
  gat::test::expect_same_network(net, again);
}

INSTANTIATE_TEST_SUITE_P(Cases, MatpowerRoundTrip,
                         testing::Values("case9", "case14", "case30", "case118", "case300",
                                         "case_ACTIVSg200", "case_RTS_GMLC", "case89pegase",
                                         "case1888rte", "case3120sp"));

TEST(MatpowerWriter, SumsPsseLoadsAndShuntsPerBus) {
  const auto r = gat::io::read_psse(std::string(GAT_TEST_DATA_DIR) + "/psse/sample_v33.raw");
  const auto back = gat::io::parse_matpower(gat::io::format_matpower(r.network, "sample"), "s.m");
  ASSERT_EQ(back.n_buses(), r.network.n_buses());
  EXPECT_EQ(back.n_branches(), r.network.n_branches());
  EXPECT_EQ(back.buses.name[1], "BUS, TWO");
  // Bus 3: two loads, one out of service (not written).
  double pd3 = 0;
  for (std::size_t k = 0; k < back.loads.size(); ++k) {
    if (back.loads.bus[k] == back.bus_at(3)) pd3 += back.loads.p_pu[k];
  }
  EXPECT_NEAR(pd3, r.network.loads.p_pu[1], 1e-15);
  // Bus 2: the line's BI and the magnetizing susceptance sum into one shunt.
  double bs2 = 0;
  for (std::size_t k = 0; k < back.shunts.size(); ++k) {
    if (back.shunts.bus[k] == back.bus_at(2)) bs2 += back.shunts.b_pu[k];
  }
  EXPECT_NEAR(bs2, 0.01 - 0.001, 1e-15);
}

TEST(MatpowerWriter, WritesFiles) {
  const auto net = gat::io::read_matpower(matpower_case("case9"));
  const fs::path dir = fs::temp_directory_path() / ("gat_mpw_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  gat::io::write_matpower(net, dir / "case-9.out.m");
  const auto again = gat::io::read_matpower(dir / "case-9.out.m");
  gat::test::expect_same_network(net, again);
  fs::remove_all(dir);
}

}  // namespace
