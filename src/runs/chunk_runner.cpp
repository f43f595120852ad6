#include "gat/runs/chunk_runner.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "arrow_result.hpp"
#include "gat/core/error.hpp"
#include "gat/exec/atomic_file.hpp"
#include "gat/exec/fault.hpp"
#include "gat/exec/planner.hpp"
#include "gat/io/sha256.hpp"
#include "gat/runs/result_tables.hpp"

namespace gat::runs {

namespace fs = std::filesystem;

namespace {

// Hive folder values: digits and plain names as they are, anything else percent-encoded
// (as pyarrow does), null as Hive's default partition.
std::string hive_value(const arrow::Array& array, std::int64_t row) {
  if (array.IsNull(row)) return "__HIVE_DEFAULT_PARTITION__";
  switch (array.type_id()) {
    case arrow::Type::INT64:
      return std::to_string(static_cast<const arrow::Int64Array&>(array).Value(row));
    case arrow::Type::INT32:
      return std::to_string(static_cast<const arrow::Int32Array&>(array).Value(row));
    case arrow::Type::STRING: {
      std::string out;
      for (unsigned char c : static_cast<const arrow::StringArray&>(array).GetView(row)) {
        if (std::isalnum(c) || c == '_' || c == '-' || c == '.') {
          out += static_cast<char>(c);
        } else {
          char buf[4];
          std::snprintf(buf, sizeof buf, "%%%02X", c);
          out += buf;
        }
      }
      return out;
    }
    default:
      throw UsageError("cannot partition on a column of type " + array.type()->ToString());
  }
}

std::shared_ptr<arrow::Table> select_rows(const std::shared_ptr<arrow::Table>& table,
                                          const std::vector<std::int64_t>& rows) {
  if (rows.back() - rows.front() + 1 == static_cast<std::int64_t>(rows.size())) {
    return table->Slice(rows.front(), static_cast<std::int64_t>(rows.size()));
  }
  return take_rows(table, rows);
}

exec::OutputFile write_part(const std::shared_ptr<arrow::Table>& table, io::TableFormat format,
                            const fs::path& out_dir, const std::string& relative,
                            const std::string& table_name) {
  const auto bytes = io::encode_table(*table, format);
  const std::string_view view(reinterpret_cast<const char*>(bytes->data()),
                              static_cast<std::size_t>(bytes->size()));
  const fs::path file = out_dir / relative;
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec)
    throw Error("cannot create output folder " + file.parent_path().string() + ": " + ec.message());
  exec::atomic_write_file(file, view);
  return {table_name, relative, table->num_rows(), io::sha256_hex(view)};
}

}  // namespace

std::vector<exec::OutputFile> write_partitioned(const io::NamedTable& named,
                                                const exec::OutputLayout& layout,
                                                const std::string& part_name) {
  const auto format = io::parse_table_format(layout.format);
  auto table = ok_or_throw(named.table->CombineChunks(), "table " + named.name);
  if (table->num_rows() == 0) return {};
  const std::string file_name = part_name + "." + std::string(io::extension(format));

  std::vector<int> keys;  // partition columns this table has, in layout order
  for (const auto& key : layout.partition_by) {
    const int i = table->schema()->GetFieldIndex(key);
    if (i >= 0) keys.push_back(i);
  }
  // Rows of each partition folder, in table order.
  std::map<std::string, std::vector<std::int64_t>> groups;
  for (std::int64_t row = 0; row < table->num_rows(); ++row) {
    std::string folder;
    for (int k : keys) {
      folder += table->field(k)->name() + "=" + hive_value(*table->column(k)->chunk(0), row) + "/";
    }
    groups[folder].push_back(row);
  }
  auto stripped = table;
  auto descending = keys;
  std::sort(descending.rbegin(), descending.rend());
  for (int k : descending) stripped = ok_or_throw(stripped->RemoveColumn(k), "table " + named.name);

  std::vector<exec::OutputFile> files;
  for (const auto& [folder, rows] : groups) {
    const auto part = groups.size() == 1 ? stripped : select_rows(stripped, rows);
    files.push_back(
        write_part(part, format, layout.dir, named.name + "/" + folder + file_name, named.name));
  }
  return files;
}

exec::ChunkResult run_chunk(const Study& study, const exec::ChunkSpec& chunk) {
  const auto t0 = std::chrono::steady_clock::now();
  // Before anything is written: a spec from outside (run-chunk, a queue) names its own files.
  exec::check_chunk(chunk, study.axes());
  exec::inject_fault(chunk.index);
  const auto tables = study.run(chunk);
  std::set<std::string> partial;
  for (const auto& t : study.tables()) {
    if (t.partial) partial.insert(t.name);
  }

  exec::ChunkResult result;
  result.run_id = chunk.run_id;
  result.chunk_id = chunk.id;
  result.index = chunk.index;
  for (const auto& table : tables) {
    auto layout = chunk.study.output;
    if (partial.count(table.name)) {  // shares for reduce(): flat, every column kept
      layout.dir = (fs::path(layout.dir) / kPartialFolder).string();
      layout.partition_by.clear();
      layout.format = "arrow";
    }
    if (!partial.count(table.name)) result.schemas[table.name] = columns_of(*table.table->schema());
    for (auto& file : write_partitioned(table, layout, "part-" + chunk.id)) {
      if (partial.count(table.name)) file.path = std::string(kPartialFolder) + "/" + file.path;
      result.rows += file.rows;
      result.outputs.push_back(std::move(file));
    }
  }
  std::sort(result.outputs.begin(), result.outputs.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  result.state = exec::ChunkState::kDone;
  result.duration_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace gat::runs
