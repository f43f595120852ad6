#include "gat/io/arrow/table.hpp"

#include <arrow/csv/api.h>
#include <arrow/io/api.h>
#include <arrow/ipc/api.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/writer.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <ostream>

#include "gat/core/error.hpp"
#include "gat/core/input_file.hpp"
#include "io/arrow/append_values.hpp"

namespace gat::io {

namespace {

template <typename T>
T ok_or_throw(arrow::Result<T> result, const std::string& what) {
  if (!result.ok()) throw Error(what + ": " + result.status().ToString());
  return std::move(result).ValueOrDie();
}

void ok_or_throw(const arrow::Status& status, const std::string& what) {
  if (!status.ok()) throw Error(what + ": " + status.ToString());
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

template <typename Number>
void append_number(std::string& out, Number v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// One JSON object per line (JSON Lines): streams, and jq, DuckDB and pandas read it directly.
void append_json_row(std::string& out, const arrow::Table& table, std::int64_t row,
                     std::vector<std::int64_t>& chunk, std::vector<std::int64_t>& offset) {
  out += '{';
  for (int c = 0; c < table.num_columns(); ++c) {
    const auto& column = *table.column(c);
    auto& k = chunk[static_cast<std::size_t>(c)];
    auto& base = offset[static_cast<std::size_t>(c)];
    while (row - base >= column.chunk(static_cast<int>(k))->length()) {
      base += column.chunk(static_cast<int>(k))->length();
      ++k;
    }
    const auto& array = *column.chunk(static_cast<int>(k));
    const std::int64_t i = row - base;
    if (c) out += ',';
    append_json_string(out, table.field(c)->name());
    out += ':';
    if (array.IsNull(i)) {
      out += "null";
      continue;
    }
    switch (array.type_id()) {
      case arrow::Type::DOUBLE:
        append_number(out, static_cast<const arrow::DoubleArray&>(array).Value(i));
        break;
      case arrow::Type::INT64:
        append_number(out, static_cast<const arrow::Int64Array&>(array).Value(i));
        break;
      case arrow::Type::INT32:
        append_number(out, static_cast<const arrow::Int32Array&>(array).Value(i));
        break;
      case arrow::Type::BOOL:
        out += static_cast<const arrow::BooleanArray&>(array).Value(i) ? "true" : "false";
        break;
      case arrow::Type::STRING:
        append_json_string(out, static_cast<const arrow::StringArray&>(array).GetView(i));
        break;
      default:
        throw Error("JSON output: unsupported column type " + array.type()->ToString());
    }
  }
  out += "}\n";
}

}  // namespace

std::shared_ptr<arrow::Buffer> encode_table(const arrow::Table& table, TableFormat format) {
  auto sink = ok_or_throw(arrow::io::BufferOutputStream::Create(), "output buffer");
  switch (format) {
    case TableFormat::kParquet: {
      auto props = parquet::WriterProperties::Builder()
                       .compression(parquet::Compression::ZSTD)
                       ->created_by("gat")
                       ->build();
      auto arrow_props = parquet::ArrowWriterProperties::Builder().store_schema()->build();
      ok_or_throw(parquet::arrow::WriteTable(table, arrow::default_memory_pool(), sink, 1 << 20,
                                             props, arrow_props),
                  "Parquet encoding");
      break;
    }
    case TableFormat::kArrow: {
      auto writer =
          ok_or_throw(arrow::ipc::MakeFileWriter(sink, table.schema()), "Arrow IPC encoding");
      ok_or_throw(writer->WriteTable(table), "Arrow IPC encoding");
      ok_or_throw(writer->Close(), "Arrow IPC encoding");
      break;
    }
    case TableFormat::kCsv: {
      auto options = arrow::csv::WriteOptions::Defaults();
      options.null_string = "";
      ok_or_throw(arrow::csv::WriteCSV(table, options, sink.get()), "CSV encoding");
      break;
    }
    case TableFormat::kJson: {
      std::string text;
      std::vector<std::int64_t> chunk(static_cast<std::size_t>(table.num_columns()), 0);
      std::vector<std::int64_t> offset(chunk.size(), 0);
      for (std::int64_t r = 0; r < table.num_rows(); ++r)
        append_json_row(text, table, r, chunk, offset);
      ok_or_throw(sink->Write(text.data(), static_cast<std::int64_t>(text.size())),
                  "JSON encoding");
      break;
    }
  }
  return ok_or_throw(sink->Finish(), "output buffer");
}

TableFormat parse_table_format(std::string_view name) {
  if (name == "parquet") return TableFormat::kParquet;
  if (name == "csv") return TableFormat::kCsv;
  if (name == "json") return TableFormat::kJson;
  if (name == "arrow") return TableFormat::kArrow;
  throw UsageError("unknown output format '" + std::string(name) +
                   "' (use parquet, csv, json or arrow)");
}

std::string_view extension(TableFormat format) {
  switch (format) {
    case TableFormat::kParquet:
      return "parquet";
    case TableFormat::kCsv:
      return "csv";
    case TableFormat::kJson:
      return "jsonl";
    case TableFormat::kArrow:
      return "arrow";
  }
  return "";
}

void TableBuilder::push(std::string name, std::shared_ptr<arrow::Array> array) {
  if (array->length() != n_rows_) {
    throw UsageError("table column '" + name + "' has " + std::to_string(array->length()) +
                     " rows, expected " + std::to_string(n_rows_));
  }
  fields_.push_back(arrow::field(std::move(name), array->type()));
  arrays_.push_back(std::move(array));
}

TableBuilder& TableBuilder::add(std::string name, std::span<const double> values) {
  arrow::DoubleBuilder b;
  ok_or_throw(b.Reserve(static_cast<std::int64_t>(values.size())), "column " + name);
  for (double v : values) {
    if (std::isnan(v))
      b.UnsafeAppendNull();
    else
      b.UnsafeAppend(v);
  }
  push(name, ok_or_throw(b.Finish(), "column " + name));
  return *this;
}

TableBuilder& TableBuilder::add(std::string name, std::span<const std::int64_t> values) {
  arrow::Int64Builder b;
  ok_or_throw(detail::append_values(b, values), "column " + name);
  push(name, ok_or_throw(b.Finish(), "column " + name));
  return *this;
}

TableBuilder& TableBuilder::add(std::string name, std::span<const std::int64_t> values,
                                const std::vector<bool>& valid) {
  arrow::Int64Builder b;
  ok_or_throw(detail::append_values(b, values, valid), "column " + name);
  push(name, ok_or_throw(b.Finish(), "column " + name));
  return *this;
}

TableBuilder& TableBuilder::add(std::string name, std::span<const std::int32_t> values) {
  arrow::Int32Builder b;
  ok_or_throw(detail::append_values(b, values), "column " + name);
  push(name, ok_or_throw(b.Finish(), "column " + name));
  return *this;
}

TableBuilder& TableBuilder::add(std::string name, const std::vector<bool>& values) {
  arrow::BooleanBuilder b;
  ok_or_throw(b.AppendValues(values), "column " + name);
  push(name, ok_or_throw(b.Finish(), "column " + name));
  return *this;
}

TableBuilder& TableBuilder::add(std::string name, std::span<const std::string> values) {
  arrow::StringBuilder b;
  for (const auto& v : values) ok_or_throw(b.Append(v), "column " + name);
  push(name, ok_or_throw(b.Finish(), "column " + name));
  return *this;
}

TableBuilder& TableBuilder::add_constant(std::string name, const std::string& value) {
  arrow::StringBuilder b;
  for (std::int64_t i = 0; i < n_rows_; ++i) ok_or_throw(b.Append(value), "column " + name);
  push(name, ok_or_throw(b.Finish(), "column " + name));
  return *this;
}

std::shared_ptr<arrow::Table> TableBuilder::finish(const std::string& schema_name,
                                                   int schema_version) const {
  auto metadata = arrow::key_value_metadata({"gat.schema", "gat.schema_version"},
                                            {schema_name, std::to_string(schema_version)});
  return arrow::Table::Make(arrow::schema(fields_, metadata), arrays_, n_rows_);
}

std::filesystem::path write_table(const NamedTable& table, const std::filesystem::path& dir,
                                  TableFormat format) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error("cannot create output folder " + dir.string() + ": " + ec.message());
  const auto target = dir / (table.name + "." + std::string(extension(format)));
  const auto temp = dir / ("." + table.name + ".tmp-" + std::to_string(::getpid()));
  const auto bytes = encode_table(*table.table, format);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    out.flush();
    if (!out) {
      out.close();
      std::filesystem::remove(temp, ec);
      throw Error("cannot write " + target.string() + " (disk full or not writable?)");
    }
  }
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw Error("cannot write " + target.string() + ": " + ec.message());
  }
  return target;
}

void write_table(const arrow::Table& table, std::ostream& out, TableFormat format) {
  const auto bytes = encode_table(table, format);
  out.write(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  out.flush();
  if (!out) throw Error("cannot write to standard output");
}

std::string arrow_version() {
  return arrow::GetBuildInfo().version_string;
}

namespace {

// A CSV file: column_types (may be null) give the types of the columns they name, with empty
// fields as nulls; other columns' types are inferred.
std::shared_ptr<arrow::Table> read_csv(const std::shared_ptr<arrow::io::InputStream>& input,
                                       const std::string& name, const arrow::Schema* types) {
  // One thread: inputs are small, and the process executor's fork server, which reads them,
  // must not have threads of its own when it forks.
  auto read_options = arrow::csv::ReadOptions::Defaults();
  read_options.use_threads = false;
  auto parse = arrow::csv::ParseOptions::Defaults();
  auto convert = arrow::csv::ConvertOptions::Defaults();
  if (types) {
    parse.newlines_in_values = true;  // a message may span lines; the writer quotes it
    for (const auto& field : types->fields()) convert.column_types[field->name()] = field->type();
    // As write_table writes them: a null is an empty field, a string is always quoted.
    convert.null_values = {""};
    convert.strings_can_be_null = true;
    convert.quoted_strings_can_be_null = false;
  }
  auto reader = ok_or_throw(arrow::csv::TableReader::Make(arrow::io::default_io_context(), input,
                                                          read_options, parse, convert),
                            "cannot read " + name);
  return ok_or_throw(reader->Read(), "cannot read " + name);
}

std::shared_ptr<arrow::Table> read_any(const std::filesystem::path& file,
                                       const arrow::Schema* types) {
  const std::string name = file.string();
  core::require_readable_file(file);
  auto input = ok_or_throw(arrow::io::ReadableFile::Open(name), "cannot open " + name);
  if (file.extension() == ".parquet") {
    auto reader = ok_or_throw(parquet::arrow::OpenFile(input, arrow::default_memory_pool()),
                              "cannot read " + name);
    return ok_or_throw(reader->ReadTable(), "cannot read " + name);
  }
  if (file.extension() == ".arrow") {
    auto reader =
        ok_or_throw(arrow::ipc::RecordBatchFileReader::Open(input), "cannot read " + name);
    return ok_or_throw(reader->ToTable(), "cannot read " + name);
  }
  if (file.extension() == ".csv") return read_csv(input, name, types);
  throw UsageError("read_table: unsupported file type " + name);
}

}  // namespace

std::shared_ptr<arrow::Table> read_table(const std::filesystem::path& file) {
  return read_any(file, nullptr);
}

std::shared_ptr<arrow::Table> read_table(const std::filesystem::path& file,
                                         const arrow::Schema& schema) {
  auto table = read_any(file, &schema);
  for (const auto& field : table->schema()->fields()) {
    const auto declared = schema.GetFieldByName(field->name());
    if (!declared)
      throw InputError(file.string(), 0, "column '" + field->name() + "' is not in the table");
    if (!declared->type()->Equals(*field->type()))
      throw InputError(file.string(), 0,
                       "column '" + field->name() + "' has type " + field->type()->ToString() +
                           ", the table's is " + declared->type()->ToString());
  }
  return table;
}

}  // namespace gat::io
