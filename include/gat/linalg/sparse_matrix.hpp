// Compressed sparse column matrices and a triplet builder that remembers where each triplet
// landed, so a matrix with a fixed pattern (Ybus, B', a Jacobian) is assembled once and its
// values refilled in place afterwards.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace gat::linalg {

struct CscMatrix {
  std::int32_t n_rows = 0;
  std::int32_t n_cols = 0;
  std::vector<std::int32_t> col_ptr;  // n_cols + 1
  std::vector<std::int32_t> row_idx;  // sorted within each column
  std::vector<double> values;

  std::size_t nnz() const { return row_idx.size(); }
  // y += A x
  void multiply_add(std::span<const double> x, std::span<double> y) const;
  // Position of (row, col) in values, or -1 when it is not in the pattern.
  std::int64_t find(std::int32_t row, std::int32_t col) const;
};

// Collects (row, col, value) triplets; duplicates are summed on compression.
class TripletBuilder {
 public:
  TripletBuilder(std::int32_t n_rows, std::int32_t n_cols) : n_rows_(n_rows), n_cols_(n_cols) {}
  void reserve(std::size_t n);
  void add(std::int32_t row, std::int32_t col, double value);
  std::size_t size() const { return rows_.size(); }

  // Compresses to CSC. When slot is given it receives, for every triplet in insertion order,
  // the index into values it was summed into.
  CscMatrix compress(std::vector<std::int32_t>* slot = nullptr) const;

 private:
  std::int32_t n_rows_;
  std::int32_t n_cols_;
  std::vector<std::int32_t> rows_;
  std::vector<std::int32_t> cols_;
  std::vector<double> values_;
};

// The submatrix A(keep, keep) for a boolean mask over rows and columns of a square matrix,
// with rows/cols renumbered densely in order. new_index[i] is i's position or -1.
CscMatrix principal_submatrix(const CscMatrix& a, std::span<const std::int32_t> new_index,
                              std::int32_t n_kept);

}  // namespace gat::linalg
