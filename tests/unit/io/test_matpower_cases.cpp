// MATPOWER reader over every case MATPOWER ships (the data folder gat was built against).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gat/build_info.hpp"
#include "gat/io/matpower.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> shipped_cases() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(gat::build::kMatpowerDataDir, ec)) {
    std::string stem = entry.path().stem().string();
    if (entry.path().extension() != ".m") continue;
    if (stem.starts_with("contab_") || stem.starts_with("scenarios_")) continue;  // not cases
    names.push_back(stem);
  }
  std::sort(names.begin(), names.end());
  return names;
}

fs::path case_file(const std::string& name) {
  return fs::path(gat::build::kMatpowerDataDir) / (name + ".m");
}

// Rows of `mpc.<field> = [` counted line by line, independently of the reader: in the shipped
// files every row sits on its own line, and the matrix closes on a line starting with `]`.
std::size_t count_rows(const fs::path& file, const std::string& field) {
  std::ifstream in(file);
  std::string line;
  std::string opening = "mpc." + field + " = [";
  bool inside = false;
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    std::string data = line.substr(0, line.find('%'));
    auto first = data.find_first_not_of(" \t\r");
    std::string trimmed = first == std::string::npos ? "" : data.substr(first);
    if (!inside) {
      if (trimmed.starts_with(opening)) {
        inside = true;
        if (trimmed.find_first_not_of(" \t\r", opening.size()) != std::string::npos) ++rows;
      }
      continue;
    }
    if (trimmed.starts_with("]")) return rows;
    if (!trimmed.empty()) ++rows;
  }
  return rows;
}

class ShippedCase : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedCase, ParsesWithEveryRow) {
  fs::path file = case_file(GetParam());
  auto net = gat::io::read_matpower(file);
  EXPECT_EQ(net.name, GetParam());
  EXPECT_EQ(net.n_buses(), count_rows(file, "bus"));
  EXPECT_EQ(net.n_branches(), count_rows(file, "branch"));
  EXPECT_EQ(net.n_gens(), count_rows(file, "gen"));
  EXPECT_EQ(net.gen_costs.size(), count_rows(file, "gencost"));
  EXPECT_EQ(net.buses.name.size(), net.n_buses());
  EXPECT_EQ(net.bus_index.size(), net.n_buses());
  EXPECT_GT(net.base_mva, 0);
}

INSTANTIATE_TEST_SUITE_P(MatpowerData, ShippedCase, ::testing::ValuesIn(shipped_cases()),
                         [](const auto& param_info) { return param_info.param; });

TEST(MatpowerData, FolderHoldsTheShippedCases) {
  EXPECT_GE(shipped_cases().size(), 78u);  // MATPOWER 8.1 ships 78 cases
}

struct KnownSize {
  const char* name;
  std::size_t buses, branches, gens;
};

// Sizes read off the files by hand (and by MATPOWER's own documentation of each case).
TEST(MatpowerData, KnownSizes) {
  const KnownSize known[] = {
      {"case9", 9, 9, 3},
      {"case118", 118, 186, 54},
      {"case13659pegase", 13659, 20467, 4092},
      {"case_ACTIVSg10k", 10000, 12706, 2485},
      {"case16am", 15, 14, 1},  // the "16" counts a bus the data does not have
      {"case3375wp", 3374, 4161, 596},
  };
  for (const auto& k : known) {
    auto net = gat::io::read_matpower(case_file(k.name));
    EXPECT_EQ(net.n_buses(), k.buses) << k.name;
    EXPECT_EQ(net.n_branches(), k.branches) << k.name;
    EXPECT_EQ(net.n_gens(), k.gens) << k.name;
  }
}

// case10ba states r and x in ohms and loads in kW, and converts them with MATLAB statements:
// Zbase = (23 kV)^2 / 10 MVA = 52.9 ohm.
TEST(MatpowerData, Case10baConvertsOhmsAndKilowatts) {
  auto net = gat::io::read_matpower(case_file("case10ba"));
  EXPECT_DOUBLE_EQ(net.base_mva, 10);
  const double z_base = 52.9;
  EXPECT_NEAR(net.branches.r_pu[0], 0.1233 / z_base, 1e-12);  // branch 1-2
  EXPECT_NEAR(net.branches.x_pu[0], 0.4127 / z_base, 1e-12);
  EXPECT_NEAR(net.branches.r_pu[8], 5.3434 / z_base, 1e-12);  // branch 9-10
  EXPECT_NEAR(net.branches.x_pu[8], 3.0264 / z_base, 1e-12);
  // Bus 2: 1840 kW + j460 kVAr = 1.84 MW + j0.46 MVAr = 0.184 + j0.046 p.u. on 10 MVA.
  ASSERT_GE(net.loads.size(), 1u);
  EXPECT_EQ(net.buses.id[net.loads.bus[0]], 2);
  EXPECT_NEAR(net.loads.p_pu[0], 0.184, 1e-12);
  EXPECT_NEAR(net.loads.q_pu[0], 0.046, 1e-12);
}

// case533mt_hi writes baseMVA and some entries as expressions (50/3, 12/sqrt(3)).
TEST(MatpowerData, Case533mtEvaluatesExpressions) {
  auto net = gat::io::read_matpower(case_file("case533mt_hi"));
  EXPECT_NEAR(net.base_mva, 50.0 / 3.0, 1e-12);
  EXPECT_NEAR(net.buses.base_kv[0], 135 / std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(net.buses.base_kv[1], 12 / std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(net.gens.pmin_pu[0], -1.0, 1e-12);  // -50/3 MW on 50/3 MVA
}

}  // namespace
