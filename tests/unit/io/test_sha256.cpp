#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gat/io/sha256.hpp"

namespace {

namespace fs = std::filesystem;

void write(const fs::path& file, const std::string& text) {
  std::ofstream(file) << text;
}

// A gat network directory is an input like a file: its hash follows every file it holds.
TEST(Sha256, HashesDirectoriesByTheirFiles) {
  const fs::path dir = fs::temp_directory_path() / ("gat_runid_" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  write(dir / "a.arrow", "a");
  write(dir / "sub" / "b.arrow", "b");
  const std::string h1 = gat::io::sha256_file(dir);
  EXPECT_EQ(h1.size(), 64u);
  EXPECT_EQ(gat::io::sha256_file(dir), h1);
  write(dir / "sub" / "b.arrow", "B");
  const std::string h2 = gat::io::sha256_file(dir);
  EXPECT_NE(h2, h1);
  fs::rename(dir / "a.arrow", dir / "c.arrow");
  EXPECT_NE(gat::io::sha256_file(dir), h2);
  fs::remove_all(dir);
}

}  // namespace
