// Reading columns of an input table (CSV or Parquet) whatever numeric type the file gave them,
// with errors that name the file, the row and the column.
#pragma once

#include <arrow/api.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gat::io::detail {

bool has_column(const arrow::Table& table, const std::string& name);
// Throws InputError(file, row, ...) for a missing column, a null or a non-integer value.
// Rows are reported 1-based as a reader counts them (a CSV file's header is line 1).
std::vector<std::int64_t> int_column(const arrow::Table& table, const std::string& name,
                                     const std::string& file);
std::vector<double> double_column(const arrow::Table& table, const std::string& name,
                                  const std::string& file);
// Any column as text (integers without a decimal point), e.g. a grouping key.
std::vector<std::string> text_column(const arrow::Table& table, const std::string& name,
                                     const std::string& file);

}  // namespace gat::io::detail
