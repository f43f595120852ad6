// Bulk appends to an Arrow builder that are defined for empty input.
//
// Arrow's AppendValues(pointer, length) copies with memcpy even when length is 0, and an empty
// std::vector's data() may be null: memcpy from a null pointer is undefined behaviour, whatever
// the length (UBSan: "null pointer passed as argument 2" in buffer_builder.h). Appending nothing
// is skipped instead.
#pragma once

#include <arrow/builder.h>

#include <cstdint>
#include <span>
#include <vector>

namespace gat::io::detail {

template <typename Builder, typename T>
arrow::Status append_values(Builder& b, std::span<const T> values) {
  if (values.empty()) return arrow::Status::OK();
  return b.AppendValues(values.data(), static_cast<std::int64_t>(values.size()));
}

// valid[i] false: row i is null.
template <typename Builder, typename T>
arrow::Status append_values(Builder& b, std::span<const T> values, const std::vector<bool>& valid) {
  if (values.empty()) return arrow::Status::OK();
  return b.AppendValues(values.data(), static_cast<std::int64_t>(values.size()), valid);
}

}  // namespace gat::io::detail
