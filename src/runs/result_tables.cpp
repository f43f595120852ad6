#include "gat/runs/result_tables.hpp"

#include <arrow/compute/api_vector.h>
#include <arrow/compute/initialize.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <mutex>

#include "arrow_result.hpp"
#include "gat/core/error.hpp"
#include "gat/io/arrow/table.hpp"
#include "io/arrow/append_values.hpp"

namespace gat::runs {

namespace fs = std::filesystem;

namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int v = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (ec == std::errc() && p == s.data() + i + 3) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// Appends the key=value folders of path as constant columns of the schema's types.
std::shared_ptr<arrow::Table> add_partition_columns(std::shared_ptr<arrow::Table> table,
                                                    const fs::path& relative,
                                                    const arrow::Schema& schema) {
  for (const auto& segment : relative.parent_path()) {
    const auto text = segment.string();
    const auto eq = text.find('=');
    if (eq == std::string::npos) continue;
    const auto key = text.substr(0, eq);
    const auto field = schema.GetFieldByName(key);
    if (!field) throw Error(relative.string() + ": partition '" + key + "' is not a column");
    const auto value =
        ok_or_throw(arrow::Scalar::Parse(field->type(), percent_decode(text.substr(eq + 1))),
                    relative.string() + ": partition " + key);
    const auto column = ok_or_throw(arrow::MakeArrayFromScalar(*value, table->num_rows()),
                                    "partition column " + key);
    table = ok_or_throw(table->AddColumn(table->num_columns(), field,
                                         std::make_shared<arrow::ChunkedArray>(column)),
                        "partition column " + key);
  }
  return table;
}

std::vector<double> as_doubles(const arrow::ChunkedArray& column) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(column.length()));
  for (const auto& chunk : column.chunks()) {
    for (std::int64_t i = 0; i < chunk->length(); ++i) {
      if (chunk->IsNull(i)) {
        out.push_back(NAN);
        continue;
      }
      switch (chunk->type_id()) {
        case arrow::Type::DOUBLE:
          out.push_back(static_cast<const arrow::DoubleArray&>(*chunk).Value(i));
          break;
        case arrow::Type::INT64:
          out.push_back(
              static_cast<double>(static_cast<const arrow::Int64Array&>(*chunk).Value(i)));
          break;
        case arrow::Type::INT32:
          out.push_back(static_cast<const arrow::Int32Array&>(*chunk).Value(i));
          break;
        default:
          throw UsageError("cannot rank by a column of type " + chunk->type()->ToString());
      }
    }
  }
  return out;
}

}  // namespace

namespace {

const TableInfo& table_info(const RunRecord& record, const std::string& name) {
  for (const auto& t : record.tables) {
    if (t.name == name) return t;
  }
  std::string names;
  for (const auto& t : record.tables) names += (names.empty() ? "" : ", ") + t.name;
  throw UsageError("run " + record.run_id + " has no table '" + name + "' (tables: " + names + ")");
}

std::shared_ptr<arrow::Table> read_files(const RunRecord& record, const std::string& name,
                                         const std::vector<const exec::OutputFile*>& files,
                                         const std::shared_ptr<arrow::Schema>& schema) {
  const fs::path out = record.study.output.dir;
  std::vector<const exec::OutputFile*> mine;
  for (const auto* o : files) {
    if (o->table == name) mine.push_back(o);
  }
  if (mine.empty()) return nullptr;
  std::vector<std::shared_ptr<arrow::Table>> parts(mine.size());
  tbb::parallel_for(std::size_t{0}, mine.size(), [&](std::size_t i) {
    const auto file = out / mine[i]->path;
    auto part = schema ? io::read_table(file, *schema) : io::read_table(file);
    parts[i] = add_partition_columns(part, mine[i]->path, schema ? *schema : *part->schema());
  });
  return ok_or_throw(arrow::ConcatenateTables(parts), "table " + name);
}

std::vector<const exec::OutputFile*> chunk_files(const RunRecord& record) {
  std::vector<const exec::OutputFile*> files;
  for (const auto& c : record.chunks) {
    if (c.state != exec::ChunkState::kDone) continue;
    for (const auto& o : c.outputs) files.push_back(&o);
  }
  return files;
}

}  // namespace

std::shared_ptr<arrow::Table> read_result_table(const RunRecord& record, const std::string& name) {
  const auto& info = table_info(record, name);
  std::vector<const exec::OutputFile*> files;
  if (info.partial) {
    for (const auto& o : record.reduced) files.push_back(&o);
  } else {
    files = chunk_files(record);
  }
  if (std::none_of(files.begin(), files.end(), [&](const auto* o) { return o->table == name; }))
    return nullptr;
  // Every table a run has written has its columns in the record; a record without them is
  // from a gat that did not keep them, whose unpartitioned Parquet files still carry their own.
  if (info.columns.empty() &&
      (record.study.output.format == "csv" || !record.study.output.partition_by.empty()))
    throw UsageError("run " + record.run_id + " does not record the columns of table '" + name +
                     "' (recorded by an older gat): run the study again to read it");
  return read_files(record, name, files, info.columns.empty() ? nullptr : schema_of(info.columns));
}

std::shared_ptr<arrow::Table> read_partial_table(const RunRecord& record, const std::string& name) {
  table_info(record, name);
  return read_files(record, name, chunk_files(record), nullptr);  // Arrow files: typed
}

std::vector<exec::Column> columns_of(const arrow::Schema& schema) {
  std::vector<exec::Column> out;
  for (const auto& f : schema.fields()) out.push_back({f->name(), f->type()->ToString()});
  return out;
}

std::shared_ptr<arrow::Schema> schema_of(const std::vector<exec::Column>& columns) {
  static const std::map<std::string, std::shared_ptr<arrow::DataType>> kTypes = {
      {"int32", arrow::int32()},
      {"int64", arrow::int64()},
      {"double", arrow::float64()},
      {"bool", arrow::boolean()},
      {"string", arrow::utf8()}};
  arrow::FieldVector fields;
  for (const auto& c : columns) {
    const auto type = kTypes.find(c.type);
    if (type == kTypes.end())
      throw Error("column '" + c.name + "' has a type gat does not write: " + c.type);
    fields.push_back(arrow::field(c.name, type->second));
  }
  return arrow::schema(std::move(fields));
}

std::shared_ptr<arrow::Table> top_rows(const std::shared_ptr<arrow::Table>& table,
                                       const std::string& column, std::int64_t n) {
  const auto values_column = table->GetColumnByName(column);
  if (!values_column) throw UsageError("no column '" + column + "' to rank by");
  const auto values = as_doubles(*values_column);
  std::vector<std::int64_t> order(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int64_t>(i);
  auto key = [&](std::int64_t i) { return values[static_cast<std::size_t>(i)]; };
  std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
    if (std::isnan(key(a))) return false;
    if (std::isnan(key(b))) return true;
    return key(a) > key(b);
  });
  order.resize(static_cast<std::size_t>(std::min<std::int64_t>(n, table->num_rows())));
  return take_rows(table, order);
}

namespace {

template <typename Builder, typename Array>
std::shared_ptr<arrow::Array> gather_as(const arrow::Array& column,
                                        const std::vector<std::int64_t>& rows) {
  const auto& values = static_cast<const Array&>(column);
  Builder b;
  for (auto r : rows) {
    const auto status = values.IsNull(r) ? b.AppendNull() : b.Append(values.GetView(r));
    if (!status.ok()) throw Error("out of memory selecting rows");
  }
  return ok_or_throw(b.Finish(), "row selection");
}

// The rows of one column, for the types gat's tables have; nullptr for any other.
std::shared_ptr<arrow::Array> gather(const arrow::Array& column,
                                     const std::vector<std::int64_t>& rows) {
  switch (column.type_id()) {
    case arrow::Type::INT32:
      return gather_as<arrow::Int32Builder, arrow::Int32Array>(column, rows);
    case arrow::Type::INT64:
      return gather_as<arrow::Int64Builder, arrow::Int64Array>(column, rows);
    case arrow::Type::DOUBLE:
      return gather_as<arrow::DoubleBuilder, arrow::DoubleArray>(column, rows);
    case arrow::Type::BOOL:
      return gather_as<arrow::BooleanBuilder, arrow::BooleanArray>(column, rows);
    case arrow::Type::STRING:
      return gather_as<arrow::StringBuilder, arrow::StringArray>(column, rows);
    default:
      return nullptr;
  }
}

}  // namespace

std::shared_ptr<arrow::Table> take_rows(const std::shared_ptr<arrow::Table>& table,
                                        const std::vector<std::int64_t>& rows) {
  // Gathered here for the usual column types: Arrow's Take needs its compute registry,
  // whose first use costs ~3 ms (in every process-executor child that partitions a table).
  const auto combined = ok_or_throw(table->CombineChunks(), "row selection");
  std::vector<std::shared_ptr<arrow::ChunkedArray>> columns;
  for (const auto& column : combined->columns()) {
    auto array = column->num_chunks() == 1 ? gather(*column->chunk(0), rows) : nullptr;
    if (!array) {
      columns.clear();
      break;
    }
    columns.push_back(std::make_shared<arrow::ChunkedArray>(array));
  }
  if (!columns.empty() || combined->num_columns() == 0) {
    return arrow::Table::Make(combined->schema(), columns, static_cast<std::int64_t>(rows.size()));
  }
  static std::once_flag init;
  std::call_once(init, [] {
    const auto status = arrow::compute::Initialize();
    if (!status.ok()) throw Error("Arrow compute: " + status.ToString());
  });
  arrow::Int64Builder b;
  if (!io::detail::append_values(b, std::span<const std::int64_t>(rows)).ok())
    throw Error("out of memory selecting rows");
  auto indices = ok_or_throw(b.Finish(), "row selection");
  return ok_or_throw(arrow::compute::Take(table, indices), "row selection").table();
}

}  // namespace gat::runs
