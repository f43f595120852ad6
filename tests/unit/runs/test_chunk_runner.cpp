// Hive-partitioned, byte-deterministic chunk outputs.
#include "gat/runs/chunk_runner.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "gat/io/sha256.hpp"

using namespace gat;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("gat_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

// Rows by hour then contingency, as an N-1 study writes them.
io::NamedTable violations() {
  const std::vector<std::int64_t> hour{5, 5, 5, 6, 6};
  const std::vector<std::int64_t> contingency{1, 2, 2, 1, 2};
  const std::vector<double> loading{101.5, 120.0, 99.0, 130.25, NAN};
  io::TableBuilder t(5);
  t.add_constant("run_id", "r")
      .add("hour", hour)
      .add("contingency", contingency)
      .add("loading_pct", loading);
  return {"violations", t.finish("violations", 1)};
}

}  // namespace

TEST(WritePartitioned, HiveFoldersWithoutThePartitionColumn) {
  const auto dir = scratch("hive");
  exec::OutputLayout layout{dir.string(), "parquet", {"hour"}};
  const auto files = runs::write_partitioned(violations(), layout, "part-00003");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path, "violations/hour=5/part-00003.parquet");
  EXPECT_EQ(files[0].rows, 3);
  EXPECT_EQ(files[1].path, "violations/hour=6/part-00003.parquet");
  const auto back = io::read_table(dir / files[1].path);
  EXPECT_EQ(back->num_rows(), 2);
  EXPECT_FALSE(back->GetColumnByName("hour"));
  EXPECT_TRUE(back->GetColumnByName("contingency"));
  EXPECT_EQ(io::sha256_file(dir / files[0].path), files[0].sha256);
  fs::remove_all(dir);
}

TEST(WritePartitioned, NonContiguousPartitionsAndTwoKeys) {
  const auto dir = scratch("hive2");
  exec::OutputLayout by_contingency{dir.string(), "parquet", {"contingency"}};
  const auto files = runs::write_partitioned(violations(), by_contingency, "part-00000");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path, "violations/contingency=1/part-00000.parquet");
  EXPECT_EQ(files[0].rows, 2);
  EXPECT_EQ(files[1].rows, 3);
  exec::OutputLayout both{dir.string(), "parquet", {"hour", "contingency"}};
  EXPECT_EQ(runs::write_partitioned(violations(), both, "part-00001").size(), 4u);
  exec::OutputLayout none{dir.string(), "parquet", {}};
  const auto flat = runs::write_partitioned(violations(), none, "part-00002");
  ASSERT_EQ(flat.size(), 1u);
  EXPECT_EQ(flat[0].path, "violations/part-00002.parquet");
  fs::remove_all(dir);
}

TEST(WritePartitioned, SameTableSameBytes) {
  const auto a = scratch("det_a"), b = scratch("det_b");
  const auto fa =
      runs::write_partitioned(violations(), {a.string(), "parquet", {"hour"}}, "part-1");
  const auto fb =
      runs::write_partitioned(violations(), {b.string(), "parquet", {"hour"}}, "part-1");
  ASSERT_EQ(fa.size(), fb.size());
  for (std::size_t i = 0; i < fa.size(); ++i) EXPECT_EQ(fa[i], fb[i]);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(WritePartitioned, EmptyTableWritesNothing) {
  const auto dir = scratch("empty");
  io::TableBuilder t(0);
  t.add("hour", std::vector<std::int64_t>{});
  EXPECT_TRUE(
      runs::write_partitioned({"x", t.finish("x", 1)}, {dir.string(), "parquet", {"hour"}}, "p")
          .empty());
  EXPECT_FALSE(fs::exists(dir / "x"));
}
