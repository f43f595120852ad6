// Arrow results as gat errors, for the run store's Arrow code.
#pragma once

#include <arrow/result.h>

#include <string>
#include <utility>

#include "gat/core/error.hpp"

namespace gat::runs {

template <typename T>
T ok_or_throw(arrow::Result<T> result, const std::string& what) {
  if (!result.ok()) throw Error(what + ": " + result.status().ToString());
  return std::move(result).ValueOrDie();
}

}  // namespace gat::runs
