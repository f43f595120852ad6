// Row selection on result tables (reduce steps, partitioned writes, gat runs show --top).
#include "gat/runs/result_tables.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "gat/io/arrow/table.hpp"

using namespace gat;

namespace {

std::shared_ptr<arrow::Table> sample() {
  io::TableBuilder t(4);
  t.add_constant("run_id", "r")
      .add("hour", std::vector<std::int64_t>{5, 6, 7, 8})
      .add("contingency", std::vector<std::int32_t>{1, 2, 3, 4})
      .add("loading_pct", std::vector<double>{101.5, NAN, 99.0, 130.25})
      .add("islanding", std::vector<bool>{true, false, false, true});
  return t.finish("violations", 1);
}

// The same selection by Arrow's Take, the reference.
std::shared_ptr<arrow::Table> reference(const std::shared_ptr<arrow::Table>& t,
                                        const std::vector<std::int64_t>& rows) {
  std::vector<std::shared_ptr<arrow::Table>> one_row;
  for (auto r : rows) one_row.push_back(t->Slice(r, 1));
  return arrow::ConcatenateTables(one_row).ValueOrDie()->CombineChunks().ValueOrDie();
}

}  // namespace

TEST(TakeRows, GathersRowsInOrderWithNullsAndSchema) {
  const auto t = sample();
  const std::vector<std::int64_t> rows{3, 1, 1, 0};
  const auto taken = runs::take_rows(t, rows);
  EXPECT_TRUE(taken->schema()->Equals(*t->schema(), /*check_metadata=*/true));
  EXPECT_TRUE(taken->Equals(*reference(t, rows)));
  EXPECT_EQ(taken->GetColumnByName("loading_pct")->null_count(), 2);
}

TEST(TakeRows, ChunkedInputAndOtherTypes) {
  // Two chunks, and a float32 column (not gathered by hand: Arrow's Take does it).
  const auto t = sample();
  const auto chunked = arrow::ConcatenateTables({t->Slice(0, 2), t->Slice(2, 2)}).ValueOrDie();
  const std::vector<std::int64_t> rows{2, 0};
  EXPECT_TRUE(runs::take_rows(chunked, rows)->Equals(*reference(t, rows)));
  arrow::FloatBuilder f;
  ASSERT_TRUE(f.AppendValues({1.5f, 2.5f, 3.5f, 4.5f}).ok());
  const auto with_float =
      t->AddColumn(t->num_columns(), arrow::field("x", arrow::float32()),
                   std::make_shared<arrow::ChunkedArray>(f.Finish().ValueOrDie()))
          .ValueOrDie();
  EXPECT_TRUE(runs::take_rows(with_float, rows)->Equals(*reference(with_float, rows)));
}

TEST(TopRows, LargestFirstNullsLast) {
  const auto top = runs::top_rows(sample(), "loading_pct", 3);
  const auto& hour = static_cast<const arrow::Int64Array&>(*top->GetColumnByName("hour")->chunk(0));
  ASSERT_EQ(top->num_rows(), 3);
  EXPECT_EQ(hour.Value(0), 8);
  EXPECT_EQ(hour.Value(1), 5);
  EXPECT_EQ(hour.Value(2), 7);
}
