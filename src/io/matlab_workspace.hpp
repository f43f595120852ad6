// What running a MATPOWER case file produces: the fields of its `mpc` struct and the scalar
// variables its unit-conversion statements define.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gat::io::matlab {

// A real MATLAB array, rows x cols, stored row-major (MATPOWER matrices are read row by row,
// and elementwise arithmetic does not care about the layout).
class Matrix {
 public:
  Matrix() = default;  // 0 x 0
  explicit Matrix(double scalar) : rows_(1), cols_(1), values_{scalar} {}
  Matrix(std::size_t rows, std::size_t cols, std::vector<double> values)
      : rows_(rows), cols_(cols), values_(std::move(values)) {}

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  bool is_scalar() const { return values_.size() == 1; }

  double operator[](std::size_t i) const { return values_[i]; }
  double& operator[](std::size_t i) { return values_[i]; }
  double operator()(std::size_t r, std::size_t c) const { return values_[r * cols_ + c]; }
  double& operator()(std::size_t r, std::size_t c) { return values_[r * cols_ + c]; }

  std::string shape() const { return std::to_string(rows_) + "x" + std::to_string(cols_); }

 private:
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::vector<double> values_;
};

enum class FieldKind { kNumeric, kStrings, kText, kSkipped };

// One `mpc.<name>` field as last assigned.
struct Field {
  FieldKind kind = FieldKind::kSkipped;
  std::size_t line = 0;  // line of the assignment
  Matrix numbers;        // kNumeric
  // Source line of every row of numbers, so that model errors can name the row's line.
  std::vector<std::size_t> row_lines;
  std::vector<std::string> strings;  // kStrings (a cell array), or kText (one string)
};

struct Workspace {
  std::string struct_name = "mpc";  // the output named on the `function` line
  std::map<std::string, Matrix, std::less<>> variables;
  std::map<std::string, Field, std::less<>> fields;

  const Field* field(std::string_view name) const {
    auto it = fields.find(name);
    return it == fields.end() ? nullptr : &it->second;
  }
};

}  // namespace gat::io::matlab
