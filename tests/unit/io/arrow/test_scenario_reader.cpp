// io::read_scenario: both shapes of a profile file, and bad files named by file and row.
#include "gat/io/arrow/scenario.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gat/core/error.hpp"
#include "support/small_network.hpp"

namespace fs = std::filesystem;
using gat::core::BusType;

namespace {

fs::path write_csv(const std::string& name, const std::string& text) {
  const auto dir = fs::temp_directory_path() / ("gat_test_profile_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path;
}

gat::test::SmallNetwork three_buses() {
  gat::test::SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 50, 20).bus(7, BusType::kPQ, 10, 0);
  s.branch(1, 2, 0, 0.1).branch(2, 7, 0, 0.1).gen(1, 0).gen(2, 30);
  return s;
}

std::string error_of(const fs::path& file, const gat::core::Network& net) {
  try {
    gat::io::read_scenario(file, net);
  } catch (const gat::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ReadScenario, SystemWideScaleAndGenerationScale) {
  const auto s = three_buses();
  const auto& net = s.network();
  const auto p = gat::io::read_scenario(
      write_csv("system.csv", "hour,scale,gen_scale\n2,0.5,\n1,1.2,0.9\n"), net);
  ASSERT_EQ(p.n_hours(), 2u);
  EXPECT_EQ(p.hour_id(0), 1);  // sorted by hour
  std::vector<double> p_bus(3), q_bus(3), gen(2);
  p.bus_loads(0, p_bus, q_bus);
  p.gen_p(0, gen);
  EXPECT_DOUBLE_EQ(p_bus[1], 0.6);
  EXPECT_DOUBLE_EQ(q_bus[1], 0.24);
  EXPECT_DOUBLE_EQ(gen[1], 0.27);
  p.bus_loads(1, p_bus, q_bus);
  p.gen_p(1, gen);
  EXPECT_DOUBLE_EQ(p_bus[2], 0.05);
  EXPECT_DOUBLE_EQ(gen[1], 0.15);  // gen_scale empty: generation follows the load
}

TEST(ReadScenario, PerBusRowsScaleOrSetAndKeepThePowerFactor) {
  const auto s = three_buses();
  const auto& net = s.network();
  const auto p = gat::io::read_scenario(
      write_csv("bus.csv",
                "hour,bus_id,scale,p_mw,q_mvar\n0,,0.5,,\n0,2,,100,\n0,7,2,,\n1,2,,40,-5\n"),
      net);
  ASSERT_EQ(p.n_hours(), 2u);
  std::vector<double> p_bus(3), q_bus(3);
  p.bus_loads(0, p_bus, q_bus);
  EXPECT_DOUBLE_EQ(p_bus[1], 1.0);
  EXPECT_DOUBLE_EQ(q_bus[1], 0.4);  // 20/50 power factor kept
  EXPECT_DOUBLE_EQ(p_bus[2], 0.2);
  p.bus_loads(1, p_bus, q_bus);
  EXPECT_DOUBLE_EQ(p_bus[1], 0.4);
  EXPECT_DOUBLE_EQ(q_bus[1], -0.05);
  EXPECT_DOUBLE_EQ(p_bus[2], 0.1);  // not listed: the case's load
}

TEST(ReadScenario, BadFilesNameTheRow) {
  const auto s = three_buses();
  const auto& net = s.network();
  EXPECT_NE(error_of(write_csv("unknown.csv", "hour,bus_id,scale\n0,2,1\n0,99,1\n"), net)
                .find(":2: bus_id 99"),
            std::string::npos);
  EXPECT_NE(error_of(write_csv("twice.csv", "hour,bus_id,scale\n0,2,1\n0,2,1.1\n"), net)
                .find("appears twice"),
            std::string::npos);
  EXPECT_NE(error_of(write_csv("nocol.csv", "hour,value\n0,1\n"), net).find("'scale' or a 'p_mw'"),
            std::string::npos);
  EXPECT_NE(error_of(write_csv("nan.csv", "hour,scale\n0,inf\n"), net).find("finite"),
            std::string::npos);
  EXPECT_NE(error_of(write_csv("x.txt", "hour,scale\n"), net).find(".parquet or .csv"),
            std::string::npos);
  EXPECT_NE(error_of("/nonexistent/profile.csv", net).find("no such file"), std::string::npos);
  EXPECT_NE(error_of(write_csv("empty.csv", "hour,scale\n"), net).find("has no rows"),
            std::string::npos);
  EXPECT_NE(error_of(write_csv("negative.csv", "hour,scale\n0,1\n1,-0.5\n"), net)
                .find(":2: 'scale' must be a finite number ≥ 0"),
            std::string::npos);
  EXPECT_NE(error_of(write_csv("bus_negative.csv", "hour,bus_id,scale\n0,2,-1\n"), net)
                .find(":1: 'scale' must be"),
            std::string::npos);
  EXPECT_NE(error_of(write_csv("nohour.csv", "h,scale\n0,1\n"), net).find("no 'hour' column"),
            std::string::npos);
  EXPECT_NE(error_of(write_csv("fraction.csv", "hour,scale\n0.5,1\n"), net)
                .find(":1: 'hour' is not an integer"),
            std::string::npos);
}

// The `hour,scale` files `gat opf dc --profile` has always read: the system-wide shape, with
// its message for a repeated hour.
TEST(ReadScenario, HourScaleFilesScaleEveryLoad) {
  const auto s = three_buses();
  const auto& net = s.network();
  const auto p = gat::io::read_scenario(write_csv("opf.csv", "hour,scale\n10,1.0\n11,0.5\n"), net);
  ASSERT_EQ(p.n_hours(), 2u);
  EXPECT_EQ(p.hour_id(1), 11);
  EXPECT_EQ(p.load_scale(1), 0.5);
  EXPECT_EQ(p.gen_scale(1), 0.5);  // generation follows the load
  EXPECT_DOUBLE_EQ(p.total_load_p_pu(1), 0.3);
  EXPECT_NE(error_of(write_csv("repeat.csv", "hour,scale\n1,1\n2,1\n1,0.9\n"), net)
                .find(":3: hour 1 appears twice"),
            std::string::npos);
  EXPECT_NE(error_of(write_csv("two_system.csv", "hour,bus_id,scale\n1,,1\n1,,0.9\n"), net)
                .find(":2: hour 1 has two system-wide rows"),
            std::string::npos);
}
