#include "gat/io/arrow/table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gat/core/error.hpp"

namespace fs = std::filesystem;
using namespace gat::io;

namespace {

NamedTable sample() {
  const std::vector<std::int64_t> id{1, 2, 3};
  const std::vector<double> va{0.5, NAN, -1.25};
  const std::vector<std::string> type{"REF", "PQ", "a \"quoted\"\nname"};
  TableBuilder t(3);
  t.add_constant("run_id", "abc").add("bus_id", id).add("va_deg", va).add("type", type);
  t.add("ok", std::vector<bool>{true, false, true});
  return {"bus", t.finish("bus", 1)};
}

fs::path scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("gat_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

}  // namespace

TEST(TableBuilder, NanBecomesNullAndSchemaIsTagged) {
  const auto t = sample().table;
  EXPECT_EQ(t->num_rows(), 3);
  EXPECT_EQ(t->GetColumnByName("va_deg")->null_count(), 1);
  EXPECT_EQ(t->schema()->metadata()->Get("gat.schema").ValueOrDie(), "bus");
  TableBuilder bad(2);
  EXPECT_THROW(bad.add("x", std::vector<double>{1.0}), gat::UsageError);
}

TEST(WriteTable, ParquetRoundTripKeepsValuesAndNulls) {
  const auto dir = scratch("parquet");
  const auto path = write_table(sample(), dir, TableFormat::kParquet);
  EXPECT_EQ(path, dir / "bus.parquet");
  const auto back = read_table(path);
  EXPECT_TRUE(back->Equals(*sample().table, /*check_metadata=*/false));
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}), 1);
  fs::remove_all(dir);
}

TEST(WriteTable, ArrowIpcRoundTripKeepsEverythingAndIsDeterministic) {
  const auto dir = scratch("arrow");
  const auto path = write_table(sample(), dir, TableFormat::kArrow);
  EXPECT_EQ(path, dir / "bus.arrow");
  const auto back = read_table(path);
  EXPECT_TRUE(back->Equals(*sample().table, /*check_metadata=*/true));
  EXPECT_TRUE(encode_table(*sample().table, TableFormat::kArrow)
                  ->Equals(*encode_table(*sample().table, TableFormat::kArrow)));
  fs::remove_all(dir);
}

TEST(WriteTable, CsvAndJsonLines) {
  std::ostringstream csv;
  write_table(*sample().table, csv, TableFormat::kCsv);
  EXPECT_EQ(csv.str(),
            "\"run_id\",\"bus_id\",\"va_deg\",\"type\",\"ok\"\n"
            "\"abc\",1,0.5,\"REF\",true\n"
            "\"abc\",2,,\"PQ\",false\n"
            "\"abc\",3,-1.25,\"a \"\"quoted\"\"\nname\",true\n");
  std::ostringstream json;
  write_table(*sample().table, json, TableFormat::kJson);
  EXPECT_EQ(json.str(),
            "{\"run_id\":\"abc\",\"bus_id\":1,\"va_deg\":0.5,\"type\":\"REF\",\"ok\":true}\n"
            "{\"run_id\":\"abc\",\"bus_id\":2,\"va_deg\":null,\"type\":\"PQ\",\"ok\":false}\n"
            "{\"run_id\":\"abc\",\"bus_id\":3,\"va_deg\":-1.25,\"type\":\"a "
            "\\\"quoted\\\"\\nname\",\"ok\":true}\n");
}

// CSV has no types: read back with its schema, a table is the table written, where inference
// would make a double column of whole numbers int64 and an int32 column int64.
TEST(ReadTable, CsvWithItsSchemaIsTheTableWritten) {
  const std::vector<double> rate{130.0, 65.0, NAN};
  const std::vector<std::int32_t> iterations{3, 4, 5};
  const std::vector<std::string> message{"", "two\nlines, \"quoted\"", "NA"};
  TableBuilder t(3);
  t.add("rate_mva", rate).add("iterations", iterations).add("message", message);
  t.add("converged", std::vector<bool>{true, false, true});
  const NamedTable table{"hour_status", t.finish("hour_status", 1)};
  const auto dir = scratch("csv_schema");
  const auto path = write_table(table, dir, TableFormat::kCsv);

  const auto inferred = read_table(path);
  EXPECT_EQ(inferred->GetColumnByName("rate_mva")->type()->id(), arrow::Type::INT64);
  const auto back = read_table(path, *table.table->schema());
  EXPECT_TRUE(back->Equals(*table.table, /*check_metadata=*/false)) << back->ToString();

  // A column the schema does not have, or of another type, names the file and the column.
  const auto other = arrow::schema({arrow::field("rate_mva", arrow::float64())});
  try {
    read_table(path, *other);
    ADD_FAILURE() << "read a column the schema does not have";
  } catch (const gat::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("hour_status.csv"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'iterations'"), std::string::npos) << e.what();
  }
  const auto parquet = write_table(table, dir, TableFormat::kParquet);
  auto wrong = table.table->schema()->SetField(1, arrow::field("iterations", arrow::int64()));
  EXPECT_THROW(read_table(parquet, *wrong.ValueOrDie()), gat::InputError);
  fs::remove_all(dir);
}

TEST(WriteTable, UnwritableFolderIsAClearErrorAndKeepsExistingOutput) {
  const auto dir = scratch("ro");
  write_table(sample(), dir, TableFormat::kCsv);
  // A file where the folder should be: cannot create it.
  const auto blocked = dir / "blocked";
  std::ofstream(blocked) << "x";
  try {
    write_table(sample(), blocked / "sub", TableFormat::kCsv);
    FAIL() << "expected an error";
  } catch (const gat::Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot create output folder"), std::string::npos);
  }
  EXPECT_TRUE(fs::exists(dir / "bus.csv"));
  fs::remove_all(dir);
}

TEST(WriteTable, FullDiskIsAClearError) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  // /dev/full accepts opens and fails every write with ENOSPC, like a full disk.
  std::ofstream full("/dev/full");
  full << std::string(1 << 20, 'x');
  full.flush();
  ASSERT_FALSE(full.good());
  EXPECT_THROW(
      {
        std::ofstream out("/dev/full", std::ios::binary);
        write_table(*sample().table, out, TableFormat::kCsv);
      },
      gat::Error);
}

TEST(ParseTableFormat, RejectsUnknown) {
  EXPECT_EQ(parse_table_format("json"), TableFormat::kJson);
  EXPECT_THROW(parse_table_format("xlsx"), gat::UsageError);
}
