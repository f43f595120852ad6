#include "gat/core/input_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gat/core/error.hpp"

namespace {

namespace fs = std::filesystem;

class RequireReadableFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gat_input_file_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The message require_readable_file gives for `file`, or "" when it accepts it.
  static std::string message(const fs::path& file) {
    try {
      gat::core::require_readable_file(file);
      return "";
    } catch (const gat::InputError& e) {
      EXPECT_EQ(e.file(), file.string());
      return e.what();
    }
  }

  fs::path dir_;
};

TEST_F(RequireReadableFile, AcceptsARegularFile) {
  std::ofstream(dir_ / "ok.csv") << "hour,scale\n0,1\n";
  EXPECT_EQ(message(dir_ / "ok.csv"), "");
}

TEST_F(RequireReadableFile, SaysTheFileIsMissing) {
  EXPECT_EQ(message(dir_ / "nosuch.csv"),
            (dir_ / "nosuch.csv").string() + ": cannot read: no such file or directory");
}

TEST_F(RequireReadableFile, SaysItIsADirectory) {
  EXPECT_EQ(message(dir_), dir_.string() + ": cannot read: is a directory");
}

TEST_F(RequireReadableFile, SaysItIsNotARegularFile) {
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  EXPECT_EQ(message(dir_ / "fifo"), (dir_ / "fifo").string() + ": cannot read: not a regular file");
}

// Root reads every file, so the check runs in a child that drops to an unprivileged user.
TEST_F(RequireReadableFile, SaysPermissionIsDenied) {
  const auto file = dir_ / "secret.csv";
  std::ofstream(file) << "x\n";
  fs::permissions(file, fs::perms::none);
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // other tests leave threads running
  EXPECT_EXIT(
      {
        if (::geteuid() == 0 && ::setuid(65534) != 0) std::exit(2);
        std::fprintf(stderr, "%s\n", message(file).c_str());
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "secret.csv: cannot read: permission denied");
}

}  // namespace
