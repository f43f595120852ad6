#include "gat/io/arrow/load_profile.hpp"

#include <arrow/api.h>
#include <arrow/csv/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/reader.h>

#include <cmath>
#include <unordered_set>

#include "gat/core/error.hpp"

namespace gat::io {

namespace {

template <typename T>
T ok_or_input_error(arrow::Result<T> result, const std::string& file) {
  if (!result.ok()) throw InputError(file, 0, result.status().message());
  return std::move(result).ValueOrDie();
}

std::shared_ptr<arrow::Table> read_csv(const std::string& file,
                                       std::shared_ptr<arrow::io::ReadableFile> input) {
  auto convert = arrow::csv::ConvertOptions::Defaults();
  convert.column_types = {{"hour", arrow::int64()}, {"scale", arrow::float64()}};
  convert.include_columns = {"hour", "scale"};
  // One thread: the process executor's fork server reads profiles, and must not have threads
  // of its own when it forks.
  auto read = arrow::csv::ReadOptions::Defaults();
  read.use_threads = false;
  auto reader = ok_or_input_error(
      arrow::csv::TableReader::Make(arrow::io::default_io_context(), std::move(input), read,
                                    arrow::csv::ParseOptions::Defaults(), convert),
      file);
  return ok_or_input_error(reader->Read(), file);
}

std::shared_ptr<arrow::Table> read_parquet(const std::string& file,
                                           std::shared_ptr<arrow::io::ReadableFile> input) {
  auto reader =
      ok_or_input_error(parquet::arrow::OpenFile(input, arrow::default_memory_pool()), file);
  auto table = ok_or_input_error(reader->ReadTable(), file);
  for (const char* name : {"hour", "scale"}) {
    if (!table->GetColumnByName(name)) {
      throw InputError(file, 0, std::string("no column '") + name + "' (a profile has hour,scale)");
    }
  }
  auto cast = [&](const char* name, const std::shared_ptr<arrow::DataType>& type) {
    const auto field = table->schema()->GetFieldByName(name);
    if (!field->type()->Equals(type) &&
        !(type->id() == arrow::Type::INT64 && arrow::is_integer(field->type()->id())) &&
        !(type->id() == arrow::Type::DOUBLE && arrow::is_floating(field->type()->id()))) {
      throw InputError(file, 0,
                       std::string("column '") + name + "' is " + field->type()->ToString() +
                           ", expected " + type->ToString());
    }
  };
  cast("hour", arrow::int64());
  cast("scale", arrow::float64());
  return table;
}

// Copies a numeric column to a vector, whatever its integer or floating width.
template <typename T>
std::vector<T> column_values(const arrow::ChunkedArray& column, const std::string& file,
                             std::size_t line_offset) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(column.length()));
  for (const auto& chunk : column.chunks()) {
    for (std::int64_t i = 0; i < chunk->length(); ++i) {
      if (chunk->IsNull(i)) {
        throw InputError(file, line_offset ? out.size() + line_offset : 0,
                         "empty value in row " + std::to_string(out.size() + 1));
      }
      auto scalar = chunk->GetScalar(i).ValueOrDie();
      if constexpr (std::is_integral_v<T>) {
        out.push_back(static_cast<T>(std::static_pointer_cast<arrow::Int64Scalar>(
                                         scalar->CastTo(arrow::int64()).ValueOrDie())
                                         ->value));
      } else {
        out.push_back(std::static_pointer_cast<arrow::DoubleScalar>(
                          scalar->CastTo(arrow::float64()).ValueOrDie())
                          ->value);
      }
    }
  }
  return out;
}

}  // namespace

LoadProfile read_load_profile(const std::filesystem::path& path) {
  const std::string file = path.string();
  auto input = arrow::io::ReadableFile::Open(file);
  if (!input.ok()) throw InputError(file, 0, "cannot open: " + input.status().message());
  const bool csv = path.extension() == ".csv";
  if (!csv && path.extension() != ".parquet") {
    throw InputError(file, 0, "a profile is a .csv or .parquet file");
  }
  const auto table = csv ? read_csv(file, *input) : read_parquet(file, *input);
  const std::size_t line_offset = csv ? 2 : 0;  // CSV: header on line 1, row k on line k + 2

  LoadProfile p;
  p.source = file;
  p.hour = column_values<std::int64_t>(*table->GetColumnByName("hour"), file, line_offset);
  p.scale = column_values<double>(*table->GetColumnByName("scale"), file, line_offset);
  std::unordered_set<std::int64_t> seen;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const std::size_t line = line_offset ? i + line_offset : 0;
    if (!seen.insert(p.hour[i]).second) {
      throw InputError(file, line, "hour " + std::to_string(p.hour[i]) + " appears twice");
    }
    if (!std::isfinite(p.scale[i]) || p.scale[i] < 0) {
      throw InputError(file, line, "scale must be a finite number >= 0");
    }
  }
  return p;
}

}  // namespace gat::io
