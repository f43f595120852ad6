#include "gat/io/case_loader.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "gat/build_info.hpp"
#include "gat/core/error.hpp"

namespace {

namespace fs = std::filesystem;

constexpr const char* kTinyCase = R"(function mpc = tiny
mpc.version = '2';
mpc.baseMVA = 100;
mpc.bus = [1 3 0 0 0 0 1 1 0 230 1 1.1 0.9; 2 1 10 0 0 0 1 1 0 230 1 1.1 0.9];
mpc.gen = [1 10 0 100 -100 1 100 1 200 0];
mpc.branch = [1 2 0.01 0.1 0 0 0 0 0 0 1];
)";

// A scratch folder and GAT_CASE_PATH set for one test, both undone afterwards.
class CaseLoader : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gat_case_loader_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    if (const char* old = std::getenv("GAT_CASE_PATH")) saved_ = old;
  }
  void TearDown() override {
    if (saved_) {
      ::setenv("GAT_CASE_PATH", saved_->c_str(), 1);
    } else {
      ::unsetenv("GAT_CASE_PATH");
    }
    fs::remove_all(dir_);
  }
  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }

  fs::path dir_;
  std::optional<std::string> saved_;
};

TEST_F(CaseLoader, SearchPathIsEnvironmentThenMatpowerData) {
  ::setenv("GAT_CASE_PATH", "/a::/b/c:", 1);
  auto dirs = gat::io::case_search_path();
  ASSERT_EQ(dirs.size(), 3u);
  EXPECT_EQ(dirs[0], fs::path("/a"));
  EXPECT_EQ(dirs[1], fs::path("/b/c"));
  EXPECT_EQ(dirs[2], fs::path(gat::build::kMatpowerDataDir));
  ::unsetenv("GAT_CASE_PATH");
  EXPECT_EQ(gat::io::case_search_path().size(), 1u);
}

TEST_F(CaseLoader, ResolvesBareNamesInTheMatpowerData) {
  ::unsetenv("GAT_CASE_PATH");
  fs::path expected = fs::path(gat::build::kMatpowerDataDir) / "case9.m";
  EXPECT_EQ(gat::io::resolve_case("case9"), expected);
  EXPECT_EQ(gat::io::resolve_case("case9.m"), expected);
}

TEST_F(CaseLoader, EnvironmentFoldersComeFirst) {
  fs::path mine = write("case9.m", kTinyCase);
  ::setenv("GAT_CASE_PATH", dir_.c_str(), 1);
  EXPECT_EQ(gat::io::resolve_case("case9"), mine);
  EXPECT_EQ(gat::io::load_case("case9").n_buses(), 2u);
}

TEST_F(CaseLoader, ExistingPathIsReturnedAsIs) {
  fs::path p = write("tiny.m", kTinyCase);
  EXPECT_EQ(gat::io::resolve_case(p.string()), p);
  auto net = gat::io::load_case(p.string());
  EXPECT_EQ(net.name, "tiny");
  EXPECT_EQ(net.source, p.string());
}

TEST_F(CaseLoader, MissingCaseListsTheFoldersSearched) {
  ::setenv("GAT_CASE_PATH", dir_.c_str(), 1);
  try {
    gat::io::resolve_case("no_such_case_anywhere");
    FAIL() << "expected InputError";
  } catch (const gat::InputError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("no_such_case_anywhere"), std::string::npos) << what;
    EXPECT_NE(what.find(dir_.string()), std::string::npos) << what;
    EXPECT_NE(what.find(gat::build::kMatpowerDataDir), std::string::npos) << what;
  }
}

TEST_F(CaseLoader, UnknownFormatIsAnInputError) {
  fs::path p = write("grid.raw", "0, 100.0, 33\n");
  EXPECT_THROW(gat::io::load_case(p.string()), gat::InputError);
}

TEST_F(CaseLoader, LoadsAShippedCaseByName) {
  ::unsetenv("GAT_CASE_PATH");
  auto net = gat::io::load_case("case14");
  EXPECT_EQ(net.n_buses(), 14u);
  EXPECT_EQ(net.n_branches(), 20u);
  EXPECT_EQ(net.buses.name[0], "Bus 1     HV");
}

}  // namespace
