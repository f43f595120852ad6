// The columns of a result table read back (one chunk: CombineChunks first), by name and type,
// for the studies' highlights.
#pragma once

#include <arrow/api.h>

#include <cstdint>
#include <string>

#include "gat/core/error.hpp"

namespace gat::runs {

template <typename A>
const A& column(const arrow::Table& t, const std::string& name) {
  const auto c = t.GetColumnByName(name);
  if (!c) throw Error("table has no column '" + name + "'");
  const auto& array = *c->chunk(0);
  if (array.type_id() != A::TypeClass::type_id)
    throw Error("table column '" + name + "' has type " + array.type()->ToString());
  return static_cast<const A&>(array);
}

// An integer column whichever width it came back with (partition columns are read as int64).
inline std::int64_t int_at(const arrow::Table& t, const std::string& name, std::int64_t row) {
  const auto& array = *t.GetColumnByName(name)->chunk(0);
  if (array.type_id() == arrow::Type::INT32)
    return static_cast<const arrow::Int32Array&>(array).Value(row);
  return column<arrow::Int64Array>(t, name).Value(row);
}

}  // namespace gat::runs
