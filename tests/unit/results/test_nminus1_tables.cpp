// Contingency lists from files; screening result tables.
#include "gat/io/arrow/contingencies.hpp"
#include "gat/results/nminus1_tables.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gat/core/error.hpp"
#include "support/small_network.hpp"

namespace fs = std::filesystem;
using gat::core::BusType;

namespace {

// Buses 1..4; branches 1: 1-2, 2: 2-3, 3: 3-2 (parallel to 2, reversed), 4: 3-4.
gat::test::SmallNetwork four_bus() {
  gat::test::SmallNetwork s;
  s.bus(1, BusType::kRef)
      .bus(2, BusType::kPQ, 50)
      .bus(3, BusType::kPQ, 20)
      .bus(4, BusType::kPQ, 10);
  s.branch(1, 2, 0, 0.1, 0, 100).branch(2, 3, 0, 0.2, 0, 40).branch(3, 2, 0, 0.2, 0, 40);
  s.branch(3, 4, 0, 0.1, 0, 30).branch(1, 4, 0, 0.3, 0, 30);
  s.gen(1, 80);
  return s;
}

fs::path write(const std::string& name, const std::string& text) {
  const auto dir = fs::temp_directory_path() / ("gat_n1_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST(ContingencyList, ByBranchIdAndGrouped) {
  const auto s = four_bus();
  const auto singles =
      gat::io::read_contingencies(write("a.csv", "branch_id\n4\n1\n"), s.network());
  ASSERT_EQ(singles.size(), 2u);
  EXPECT_EQ(singles[0].branches, (std::vector<std::int32_t>{3}));
  EXPECT_EQ(singles[1].branches, (std::vector<std::int32_t>{0}));
  const auto grouped = gat::io::read_contingencies(
      write("b.csv", "contingency,branch_id\nx,1\ny,2\nx,4\n"), s.network());
  ASSERT_EQ(grouped.size(), 2u);
  EXPECT_EQ(grouped[0].branches, (std::vector<std::int32_t>{0, 3}));
  EXPECT_EQ(gat::contingency::describe(s.network(), grouped[0]), "1+4");
}

TEST(ContingencyList, ByBusesAndCircuit) {
  const auto s = four_bus();
  const auto c = gat::io::read_contingencies(
      write("c.csv", "from_bus,to_bus,ckt\n2,3,2\n3,2,1\n4,3,1\n"), s.network());
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].branches[0], 2);  // second branch joining 2 and 3, in case order
  EXPECT_EQ(c[1].branches[0], 1);
  EXPECT_EQ(c[2].branches[0], 3);
  // Two branches join 2 and 3: without ckt the row is ambiguous.
  try {
    gat::io::read_contingencies(write("d.csv", "from_bus,to_bus\n1,2\n2,3\n"), s.network());
    FAIL() << "expected InputError";
  } catch (const gat::InputError& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_NE(std::string(e.what()).find("give a ckt column"), std::string::npos);
  }
  EXPECT_THROW(gat::io::read_contingencies(write("e.csv", "branch_id\n9\n"), s.network()),
               gat::InputError);
  EXPECT_THROW(gat::io::read_contingencies(write("f.csv", "bus\n9\n"), s.network()),
               gat::InputError);
}

TEST(ScreenTables, ColumnsAndNulls) {
  const auto s = four_bus();
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  const auto outages = gat::contingency::all_branch_outages(net);
  const auto p = gat::contingency::hourly_injections(gat::core::Scenario::case_hour(net));
  gat::contingency::DcScreenOptions options;
  options.threshold = 0.5;
  const auto r = gat::contingency::screen_dc(net, topo, outages, p, 1, options);
  const std::vector<std::int64_t> hours{0};
  const auto tables = gat::results::dc_screen_tables(net, outages, r, hours, "id");
  ASSERT_EQ(tables.size(), 4u);
  EXPECT_EQ(tables[0].name, "violations");
  EXPECT_EQ(tables[0].table->num_rows(), static_cast<std::int64_t>(r.violations.size()));
  EXPECT_NE(tables[0].table->GetColumnByName("loading_pct"), nullptr);
  const auto& cont = *tables[1].table;
  EXPECT_EQ(cont.num_rows(), 5);
  std::int64_t without = 0;
  for (const auto& c : r.contingencies) without += c.n_violations == 0;
  EXPECT_EQ(cont.GetColumnByName("worst_branch_id")->null_count(), without);
  EXPECT_EQ(tables[2].name, "top");
  EXPECT_EQ(tables[3].name, "base_violations");
  EXPECT_EQ(tables[3].table->num_rows(), static_cast<std::int64_t>(r.base_violations.size()));
  EXPECT_NE(tables[3].table->GetColumnByName("pre_mw"), nullptr);
}
