// Result tables: built column by column from the engine's vectors, written as Parquet (zstd),
// CSV or JSON lines. Every table's columns are documented in docs/schemas/.
#pragma once

#include <arrow/api.h>

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gat::io {

// kArrow: the Arrow IPC file format (Feather v2), uncompressed: what a run's chunks hand its
// reduce (opened and read in microseconds, where a small Parquet file takes a millisecond).
enum class TableFormat { kParquet, kCsv, kJson, kArrow };

// "parquet" | "csv" | "json" | "arrow"; throws UsageError otherwise.
TableFormat parse_table_format(std::string_view name);
std::string_view extension(TableFormat format);

// Builds one table. Doubles that are NaN become nulls (a value that does not exist, e.g. the
// angle of a bus in an island that could not be solved), never a NaN in the output.
class TableBuilder {
 public:
  explicit TableBuilder(std::int64_t n_rows) : n_rows_(n_rows) {}

  TableBuilder& add(std::string name, std::span<const double> values);
  TableBuilder& add(std::string name, std::span<const std::int64_t> values);
  // Integers where valid[i] is false are nulls (a value that does not exist).
  TableBuilder& add(std::string name, std::span<const std::int64_t> values,
                    const std::vector<bool>& valid);
  TableBuilder& add(std::string name, std::span<const std::int32_t> values);
  TableBuilder& add(std::string name, const std::vector<bool>& values);
  TableBuilder& add(std::string name, std::span<const std::string> values);
  TableBuilder& add_constant(std::string name, const std::string& value);  // e.g. run_id

  std::shared_ptr<arrow::Table> finish(const std::string& schema_name, int schema_version) const;

 private:
  void push(std::string name, std::shared_ptr<arrow::Array> array);

  std::int64_t n_rows_;
  std::vector<std::shared_ptr<arrow::Field>> fields_;
  std::vector<std::shared_ptr<arrow::Array>> arrays_;
};

struct NamedTable {
  std::string name;  // file stem and schema name: "bus", "branch", ...
  std::shared_ptr<arrow::Table> table;
};

// Writes dir/<name>.<ext> through a temporary file and a rename, so a reader never sees a
// half-written table. Creates dir. Throws gat::Error naming the path on any I/O failure.
std::filesystem::path write_table(const NamedTable& table, const std::filesystem::path& dir,
                                  TableFormat format);

// The bytes write_table writes. Parquet and Arrow output is byte-deterministic: the same table
// gives the same bytes (fixed created_by, no timestamps), which is what makes chunks idempotent.
std::shared_ptr<arrow::Buffer> encode_table(const arrow::Table& table, TableFormat format);

// Writes one table to a stream (stdout for `-o -`).
void write_table(const arrow::Table& table, std::ostream& out, TableFormat format);

// Version of the Arrow C++ library loaded at run time.
std::string arrow_version();

// Reads a table (Parquet, Arrow or CSV); a CSV file's column types are inferred: for inputs.
std::shared_ptr<arrow::Table> read_table(const std::filesystem::path& file);

// Reads a table written by write_table, knowing its schema: a CSV file's columns take the
// schema's types, never inferred ones (a column of whole numbers is still a double column), and
// every column must be one of the schema's with its type (InputError naming the file if not).
// The file may lack columns of the schema (the partition columns of a Hive layout).
std::shared_ptr<arrow::Table> read_table(const std::filesystem::path& file,
                                         const arrow::Schema& schema);

}  // namespace gat::io
