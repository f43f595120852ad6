#include "gat/linalg/sparse_matrix.hpp"

#include <algorithm>
#include <numeric>

#include "gat/core/error.hpp"

namespace gat::linalg {

void CscMatrix::multiply_add(std::span<const double> x, std::span<double> y) const {
  for (std::int32_t j = 0; j < n_cols; ++j) {
    const double xj = x[j];
    if (xj == 0.0) continue;
    for (auto p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      y[row_idx[static_cast<std::size_t>(p)]] += values[p] * xj;
    }
  }
}

std::int64_t CscMatrix::find(std::int32_t row, std::int32_t col) const {
  const auto begin = row_idx.begin() + col_ptr[col];
  const auto end = row_idx.begin() + col_ptr[col + 1];
  auto it = std::lower_bound(begin, end, row);
  if (it == end || *it != row) return -1;
  return it - row_idx.begin();
}

void TripletBuilder::reserve(std::size_t n) {
  rows_.reserve(n);
  cols_.reserve(n);
  values_.reserve(n);
}

void TripletBuilder::add(std::int32_t row, std::int32_t col, double value) {
  if (row < 0 || row >= n_rows_ || col < 0 || col >= n_cols_) {
    throw UsageError("TripletBuilder: entry (" + std::to_string(row) + ", " + std::to_string(col) +
                     ") outside a " + std::to_string(n_rows_) + "x" + std::to_string(n_cols_) +
                     " matrix");
  }
  rows_.push_back(row);
  cols_.push_back(col);
  values_.push_back(value);
}

CscMatrix TripletBuilder::compress(std::vector<std::int32_t>* slot) const {
  const std::size_t n = rows_.size();
  // Two stable counting sorts (by row, then by column) order the triplets by (col, row) in
  // O(n + rows + cols); equal (row, col) pairs end up adjacent and are summed.
  auto bucket = [n](const std::vector<std::int32_t>& key, std::int32_t n_keys,
                    const std::vector<std::int32_t>& in) {
    std::vector<std::int32_t> start(static_cast<std::size_t>(n_keys) + 1, 0);
    for (auto t : in) ++start[key[t] + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<std::int32_t> out(n);
    for (auto t : in) out[start[key[t]]++] = t;
    return out;
  };
  std::vector<std::int32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  order = bucket(cols_, n_cols_, bucket(rows_, n_rows_, order));

  CscMatrix m;
  m.n_rows = n_rows_;
  m.n_cols = n_cols_;
  m.col_ptr.assign(static_cast<std::size_t>(n_cols_) + 1, 0);
  m.row_idx.reserve(n);
  m.values.reserve(n);
  if (slot) slot->assign(n, -1);
  std::int32_t last_row = -1, last_col = -1;
  for (auto t : order) {
    if (rows_[t] != last_row || cols_[t] != last_col) {
      m.row_idx.push_back(rows_[t]);
      m.values.push_back(0.0);
      ++m.col_ptr[cols_[t] + 1];
      last_row = rows_[t];
      last_col = cols_[t];
    }
    m.values.back() += values_[t];
    if (slot) (*slot)[t] = static_cast<std::int32_t>(m.values.size() - 1);
  }
  std::partial_sum(m.col_ptr.begin(), m.col_ptr.end(), m.col_ptr.begin());
  return m;
}

CscMatrix principal_submatrix(const CscMatrix& a, std::span<const std::int32_t> new_index,
                              std::int32_t n_kept) {
  CscMatrix m;
  m.n_rows = n_kept;
  m.n_cols = n_kept;
  m.col_ptr.assign(n_kept + 1, 0);
  for (std::int32_t j = 0; j < a.n_cols; ++j) {
    const auto nj = new_index[j];
    if (nj < 0) continue;
    for (auto p = a.col_ptr[j]; p < a.col_ptr[j + 1]; ++p) {
      const auto ni = new_index[a.row_idx[static_cast<std::size_t>(p)]];
      if (ni < 0) continue;
      m.row_idx.push_back(ni);
      m.values.push_back(a.values[p]);
      ++m.col_ptr[nj + 1];
    }
  }
  // Columns were visited in old order; new_index is monotone in the kept set, so the result
  // is already in column order with sorted rows.
  std::partial_sum(m.col_ptr.begin(), m.col_ptr.end(), m.col_ptr.begin());
  return m;
}

}  // namespace gat::linalg
