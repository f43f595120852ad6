#include "io/arrow/columns.hpp"

#include <cmath>

#include "gat/core/error.hpp"

namespace gat::io::detail {

namespace {

const arrow::ChunkedArray& column(const arrow::Table& table, const std::string& name,
                                  const std::string& file) {
  auto c = table.GetColumnByName(name);
  if (!c) throw InputError(file, 0, "no column '" + name + "'");
  return *c;
}

// Calls f(row, array, index) for every row of a chunked column.
template <typename F>
void each(const arrow::ChunkedArray& c, F&& f) {
  std::int64_t row = 0;
  for (const auto& chunk : c.chunks()) {
    for (std::int64_t i = 0; i < chunk->length(); ++i) f(row++, *chunk, i);
  }
}

// 1-based data row + 1 for the header line.
std::size_t line_of(std::int64_t row) {
  return static_cast<std::size_t>(row) + 2;
}

double number(const arrow::Array& a, std::int64_t i, const std::string& name,
              const std::string& file, std::int64_t row) {
  if (a.IsNull(i)) throw InputError(file, line_of(row), "empty value in column '" + name + "'");
  switch (a.type_id()) {
    case arrow::Type::INT8:
      return static_cast<const arrow::Int8Array&>(a).Value(i);
    case arrow::Type::INT16:
      return static_cast<const arrow::Int16Array&>(a).Value(i);
    case arrow::Type::INT32:
      return static_cast<const arrow::Int32Array&>(a).Value(i);
    case arrow::Type::INT64:
      return static_cast<double>(static_cast<const arrow::Int64Array&>(a).Value(i));
    case arrow::Type::FLOAT:
      return static_cast<const arrow::FloatArray&>(a).Value(i);
    case arrow::Type::DOUBLE:
      return static_cast<const arrow::DoubleArray&>(a).Value(i);
    default:
      throw InputError(
          file, line_of(row),
          "column '" + name + "' must be numeric (it is " + a.type()->ToString() + ")");
  }
}

}  // namespace

bool has_column(const arrow::Table& table, const std::string& name) {
  return table.GetColumnByName(name) != nullptr;
}

std::vector<std::int64_t> int_column(const arrow::Table& table, const std::string& name,
                                     const std::string& file) {
  std::vector<std::int64_t> out;
  out.reserve(static_cast<std::size_t>(table.num_rows()));
  each(column(table, name, file), [&](std::int64_t row, const arrow::Array& a, std::int64_t i) {
    if (a.type_id() == arrow::Type::INT64 && !a.IsNull(i)) {
      out.push_back(static_cast<const arrow::Int64Array&>(a).Value(i));
      return;
    }
    const double v = number(a, i, name, file, row);
    if (v != std::floor(v) || std::abs(v) > 9.0e15) {
      throw InputError(file, line_of(row), "column '" + name + "' must hold integers");
    }
    out.push_back(static_cast<std::int64_t>(v));
  });
  return out;
}

std::vector<double> double_column(const arrow::Table& table, const std::string& name,
                                  const std::string& file) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(table.num_rows()));
  each(column(table, name, file), [&](std::int64_t row, const arrow::Array& a, std::int64_t i) {
    const double v = number(a, i, name, file, row);
    if (!std::isfinite(v)) {
      throw InputError(file, line_of(row), "column '" + name + "' holds a non-finite value");
    }
    out.push_back(v);
  });
  return out;
}

std::vector<std::string> text_column(const arrow::Table& table, const std::string& name,
                                     const std::string& file) {
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(table.num_rows()));
  each(column(table, name, file), [&](std::int64_t row, const arrow::Array& a, std::int64_t i) {
    if (a.IsNull(i)) throw InputError(file, line_of(row), "empty value in column '" + name + "'");
    if (a.type_id() == arrow::Type::STRING) {
      out.emplace_back(static_cast<const arrow::StringArray&>(a).GetView(i));
    } else if (a.type_id() == arrow::Type::LARGE_STRING) {
      out.emplace_back(static_cast<const arrow::LargeStringArray&>(a).GetView(i));
    } else {
      const double v = number(a, i, name, file, row);
      out.push_back(v == std::floor(v) ? std::to_string(static_cast<std::int64_t>(v))
                                       : std::to_string(v));
    }
  });
  return out;
}

}  // namespace gat::io::detail
