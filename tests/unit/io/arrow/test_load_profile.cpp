#include "gat/io/arrow/load_profile.hpp"

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
    gat::io::read_load_profile(file, net);
  } catch (const gat::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(LoadProfile, SystemWideScaleAndGenerationScale) {
  const auto s = three_buses();
  const auto& net = s.network();
  const auto p = gat::io::read_load_profile(
      write_csv("system.csv", "hour,scale,gen_scale\n2,0.5,\n1,1.2,0.9\n"), net);
  ASSERT_EQ(p.n_hours(), 2u);
  EXPECT_EQ(p.hour_id(0), 1);  // sorted by hour
  std::vector<double> bp, bq, p_bus(3), q_bus(3), gen(2);
  gat::pf::LoadProfile::base_load(net, bp, bq);
  p.apply(0, net, bp, bq, p_bus, q_bus, gen);
  EXPECT_DOUBLE_EQ(p_bus[1], 0.6);
  EXPECT_DOUBLE_EQ(q_bus[1], 0.24);
  EXPECT_DOUBLE_EQ(gen[1], 0.27);
  p.apply(1, net, bp, bq, p_bus, q_bus, gen);
  EXPECT_DOUBLE_EQ(p_bus[2], 0.05);
  EXPECT_DOUBLE_EQ(gen[1], 0.15);  // gen_scale empty: generation follows the load
}

TEST(LoadProfile, PerBusRowsScaleOrSetAndKeepThePowerFactor) {
  const auto s = three_buses();
  const auto& net = s.network();
  const auto p = gat::io::read_load_profile(
      write_csv("bus.csv",
                "hour,bus_id,scale,p_mw,q_mvar\n0,,0.5,,\n0,2,,100,\n0,7,2,,\n1,2,,40,-5\n"),
      net);
  ASSERT_EQ(p.n_hours(), 2u);
  std::vector<double> bp, bq, p_bus(3), q_bus(3), gen(2);
  gat::pf::LoadProfile::base_load(net, bp, bq);
  p.apply(0, net, bp, bq, p_bus, q_bus, gen);
  EXPECT_DOUBLE_EQ(p_bus[1], 1.0);
  EXPECT_DOUBLE_EQ(q_bus[1], 0.4);  // 20/50 power factor kept
  EXPECT_DOUBLE_EQ(p_bus[2], 0.2);
  p.apply(1, net, bp, bq, p_bus, q_bus, gen);
  EXPECT_DOUBLE_EQ(p_bus[1], 0.4);
  EXPECT_DOUBLE_EQ(q_bus[1], -0.05);
  EXPECT_DOUBLE_EQ(p_bus[2], 0.1);  // not listed: the case's load
}

TEST(LoadProfile, BadFilesNameTheRow) {
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
}
