#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gat/build_info.hpp"
#include "gat/core/error.hpp"
#include "gat/io/arrow/gat_format.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/io/matpower.hpp"
#include "gat/io/psse.hpp"
#include "support/network_equal.hpp"

namespace {

namespace fs = std::filesystem;

class GatFormat : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gat_fmt_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(GatFormat, RoundTripsMatpowerCases) {
  for (const char* name : {"case9", "case_ACTIVSg200", "case_RTS_GMLC", "case1354pegase"}) {
    const auto net =
        gat::io::read_matpower(fs::path(gat::build::kMatpowerDataDir) / (std::string(name) + ".m"));
    gat::io::write_gat(net, dir_ / "net.gat", {.source_format = "matpower"});
    const auto back = gat::io::read_gat(dir_ / "net.gat");
    SCOPED_TRACE(name);
    EXPECT_EQ(back.name, net.name);
    gat::test::expect_same_network(net, back);
  }
}

TEST_F(GatFormat, RoundTripsPsseExtras) {
  const auto r = gat::io::read_psse(std::string(GAT_TEST_DATA_DIR) + "/psse/sample_v33.raw");
  gat::io::write_gat(r.network, dir_ / "p.gat",
                     {.source_format = "psse", .diagnostics = &r.diagnostics});
  const auto back = gat::io::read_gat(dir_ / "p.gat");
  gat::test::expect_same_network(r.network, back);
  EXPECT_EQ(back.branches.ckt[1], "A");
  EXPECT_EQ(back.gens.machine_id[1], "G2");
  std::ifstream manifest(dir_ / "p.gat" / "manifest.json");
  const std::string text((std::istreambuf_iterator<char>(manifest)),
                         std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"warnings\": 3"), std::string::npos) << text;
  EXPECT_NE(text.find("\"sha256\""), std::string::npos);
}

TEST_F(GatFormat, DetectsDamagedTables) {
  const auto net = gat::io::read_matpower(fs::path(gat::build::kMatpowerDataDir) / "case9.m");
  gat::io::write_gat(net, dir_ / "n.gat");
  {
    std::fstream f(dir_ / "n.gat" / "branches.arrow",
                   std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x7f');
  }
  try {
    gat::io::read_gat(dir_ / "n.gat");
    FAIL() << "expected an InputError";
  } catch (const gat::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("branches.arrow"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("sha256"), std::string::npos) << e.what();
  }
}

TEST_F(GatFormat, LoadCaseReadsRegisteredDirectories) {
  gat::io::register_gat_format();
  const auto net = gat::io::read_matpower(fs::path(gat::build::kMatpowerDataDir) / "case14.m");
  gat::io::write_gat(net, dir_ / "c.gat");
  EXPECT_EQ(gat::io::detect_case_format(dir_ / "c.gat"), "gat");
  gat::test::expect_same_network(net, gat::io::load_case((dir_ / "c.gat").string()));
  // Refuses to replace a directory that is not a gat network.
  fs::create_directories(dir_ / "other");
  EXPECT_THROW(gat::io::write_gat(net, dir_ / "other"), gat::Error);
}

}  // namespace
