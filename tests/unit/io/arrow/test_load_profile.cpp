#include "gat/io/arrow/load_profile.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gat/core/error.hpp"

using namespace gat;
namespace fs = std::filesystem;

namespace {

fs::path write(const std::string& name, const std::string& text) {
  const auto path =
      fs::temp_directory_path() / ("gat_test_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST(LoadProfile, ReadsCsvInFileOrder) {
  const auto path = write("p.csv", "hour,scale\n3,0.5\n1,1.25\n2,1\n");
  const auto p = io::read_load_profile(path);
  EXPECT_EQ(p.hour, (std::vector<std::int64_t>{3, 1, 2}));
  EXPECT_EQ(p.scale, (std::vector<double>{0.5, 1.25, 1.0}));
  fs::remove(path);
}

TEST(LoadProfile, NamesFileAndLineOfBadRows) {
  const auto dup = write("dup.csv", "hour,scale\n0,1\n0,1\n");
  try {
    io::read_load_profile(dup);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 3u);
  }
  const auto negative = write("neg.csv", "hour,scale\n0,1\n1,-2\n");
  EXPECT_THROW(io::read_load_profile(negative), InputError);
  const auto missing = write("missing.csv", "hour,factor\n0,1\n");
  EXPECT_THROW(io::read_load_profile(missing), InputError);
  const auto text = write("text.csv", "hour,scale\n0,abc\n");
  EXPECT_THROW(io::read_load_profile(text), InputError);
  EXPECT_THROW(io::read_load_profile("/nonexistent/p.csv"), InputError);
  for (const auto& p : {dup, negative, missing, text}) fs::remove(p);
}
