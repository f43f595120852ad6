#include "gat/io/arrow/profile.hpp"

#include <arrow/api.h>

#include <cmath>
#include <unordered_set>

#include "gat/core/error.hpp"
#include "gat/io/arrow/table.hpp"

namespace gat::io {

namespace {

// The column as doubles (integers and floats alike), or an InputError naming it.
std::vector<double> numeric_column(const arrow::Table& table, const std::string& name,
                                   const std::string& file) {
  const auto column = table.GetColumnByName(name);
  if (!column) {
    throw InputError(file, 0, "no column '" + name + "' (a profile needs columns hour, scale)");
  }
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(column->length()));
  for (const auto& chunk : column->chunks()) {
    for (std::int64_t i = 0; i < chunk->length(); ++i) {
      if (chunk->IsNull(i)) {
        out.push_back(NAN);
        continue;
      }
      switch (chunk->type_id()) {
        case arrow::Type::INT64:
          out.push_back(
              static_cast<double>(static_cast<const arrow::Int64Array&>(*chunk).Value(i)));
          break;
        case arrow::Type::INT32:
          out.push_back(static_cast<const arrow::Int32Array&>(*chunk).Value(i));
          break;
        case arrow::Type::DOUBLE:
          out.push_back(static_cast<const arrow::DoubleArray&>(*chunk).Value(i));
          break;
        case arrow::Type::FLOAT:
          out.push_back(static_cast<const arrow::FloatArray&>(*chunk).Value(i));
          break;
        default:
          throw InputError(
              file, 0, "column '" + name + "' is not numeric (" + chunk->type()->ToString() + ")");
      }
    }
  }
  return out;
}

}  // namespace

std::vector<opf::ProfileHour> read_scale_profile(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::shared_ptr<arrow::Table> table;
  try {
    table = read_table(file);
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(name, 0, e.what());
  }
  const auto hour = numeric_column(*table, "hour", name);
  const auto scale = numeric_column(*table, "scale", name);
  const bool csv = file.extension() == ".csv";
  auto where = [&](std::size_t row) { return csv ? row + 2 : 0; };  // CSV: header is line 1
  std::vector<opf::ProfileHour> out;
  std::unordered_set<std::int64_t> seen;
  for (std::size_t r = 0; r < hour.size(); ++r) {
    if (!std::isfinite(hour[r]) || hour[r] != std::floor(hour[r]))
      throw InputError(name, where(r), "hour must be an integer");
    if (!std::isfinite(scale[r]) || scale[r] < 0)
      throw InputError(name, where(r), "scale must be a finite number ≥ 0");
    const auto h = static_cast<std::int64_t>(hour[r]);
    if (!seen.insert(h).second)
      throw InputError(name, where(r), "hour " + std::to_string(h) + " appears twice");
    out.push_back({h, scale[r]});
  }
  if (out.empty()) throw InputError(name, 0, "the profile has no rows");
  return out;
}

}  // namespace gat::io
