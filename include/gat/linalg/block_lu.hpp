// Sparse LU of a matrix of 2x2 blocks with a structurally symmetric block pattern, pivoting
// only within the diagonal blocks (static pivoting). Made for the Newton power-flow Jacobian,
// whose unknowns come in pairs (Va, Vm) per bus on the pattern of Ybus:
//
//   P A Pᵀ = L U,   L unit block-lower, U block-upper with diagonal blocks D_j,
//
// P a fill-reducing AMD ordering of the block pattern. The symbolic factorization (elimination
// tree, patterns of L and U) is computed once; factor() is then a left-looking block
// elimination on that fixed pattern, so the first factorization costs what every later one
// costs, and each block operation is a 2x2 product: far fewer index operations per flop than
// a scalar sparse LU. Without row pivoting it relies on the diagonal blocks staying well
// conditioned, which Newton power-flow Jacobians do; factor() reports a (near-)singular
// diagonal block, and callers fall back to a pivoting LU (KLU).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace gat::linalg {

class BlockLu2 {
 public:
  // The block pattern (n x n blocks, CSC: col_ptr n+1, row_idx), structurally symmetric with
  // every diagonal block present. Values are ignored.
  void analyze(std::int32_t n, std::span<const std::int32_t> col_ptr,
               std::span<const std::int32_t> row_idx);

  // Factors values given per block of the analyzed pattern, in its order, 4 doubles a block,
  // row-major ([a b; c d] -> a, b, c, d). False when a diagonal block is singular or its
  // reciprocal condition falls below pivot_tolerance.
  bool factor(std::span<const double> values, double pivot_tolerance = 1e-12);

  // Solves A x = b in place; b holds 2 entries per block row (block i at b[2i], b[2i+1]).
  void solve(std::span<double> b);

  std::int32_t n() const { return n_; }
  std::size_t factor_blocks() const { return l_row_.size() + u_row_.size() + n_; }

 private:
  std::int32_t n_ = 0;
  std::vector<std::int32_t> perm_, pinv_;  // new -> old, old -> new
  // P A Pᵀ in CSC; a_src_[q] = the block of the caller's pattern that lands at q.
  std::vector<std::int32_t> a_ptr_, a_row_, a_src_;
  // L (strictly lower, by column) and U (strictly upper, by column), rows ascending.
  std::vector<std::int32_t> l_ptr_, l_row_, u_ptr_, u_row_;
  std::vector<double> l_val_, u_val_, d_inv_;  // 4 doubles per block
  std::vector<double> work_;                   // 4 doubles per block row
  std::vector<double> y_;                      // 2 doubles per block row
};

}  // namespace gat::linalg
