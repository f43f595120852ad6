// Pieces shared by the gat format's reader and writer.
#pragma once

#include <arrow/result.h>
#include <arrow/status.h>

#include <string>

#include "gat/core/error.hpp"

namespace gat::io::gat_format {

inline constexpr const char* kFormatName = "gat-network";
inline constexpr const char* kManifest = "manifest.json";

inline void check(const arrow::Status& status, const std::string& what) {
  if (!status.ok()) throw Error("gat format: " + what + ": " + status.ToString());
}

template <typename T>
T value(arrow::Result<T> result, const std::string& what) {
  if (!result.ok()) throw Error("gat format: " + what + ": " + result.status().ToString());
  return std::move(result).ValueOrDie();
}

}  // namespace gat::io::gat_format
