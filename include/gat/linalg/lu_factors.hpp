// The factors of a sparse LU, in KLU's block form, and a solver on them that is shared by
// threads and solves many right-hand sides at once.
//
//   P (R⁻¹ A) Q = L U + F
//
// P, Q permutations, R = diag(rs) row scaling, L unit lower and U upper triangular within
// each diagonal block of the block triangular form, F the entries above the diagonal blocks.
// A x = b is solved as y = P R⁻¹ b;  (L U + F) z = y block by block, last block first;
// x = Q z.
//
// Right-hand sides are stored interleaved (row-major): X(i, j) at x[i * n_rhs + j], so every
// factor entry updates n_rhs contiguous values — one load of the entry and its index for a
// whole group of right-hand sides, vectorized with AVX2 where the CPU has it. Rows of a
// column that are all zero are skipped, so sparse right-hand sides (a unit injection, a
// transfer across one branch) cost only the part of the factor they reach.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "gat/linalg/sparse_matrix.hpp"

namespace gat::linalg {

struct LuFactors {
  std::int32_t n = 0;
  std::vector<std::int32_t> p;       // row k of the factored system is row p[k] of A
  std::vector<std::int32_t> q;       // column k of the factored system is column q[k] of A
  std::vector<double> rs;            // row scale factors in pivotal order (all 1: unscaled)
  std::vector<std::int32_t> blocks;  // block k spans rows [blocks[k], blocks[k + 1])
  CscMatrix l, u, f;                 // L (unit diagonal stored or not), U (with diagonal), F
};

class FactoredSolver {
 public:
  explicit FactoredSolver(LuFactors factors);

  std::int32_t size() const { return f_.n; }
  // Where row i of A's right-hand side goes in the factored system, and its scale:
  //   y[position] = b[i] * scale.
  std::int32_t rhs_position(std::int32_t i) const { return p_inverse_[i]; }
  double rhs_scale(std::int32_t position) const { return inverse_rs_[position]; }
  // Where unknown j of A x = b is found after solve_factored().
  std::int32_t solution_position(std::int32_t j) const { return q_inverse_[j]; }

  // (L U + F) z = y in place, for n_rhs interleaved right-hand sides. Thread-safe.
  void solve_factored(std::span<double> y, std::size_t n_rhs) const;
  // A X = B in place, B interleaved (row-major n × n_rhs). Thread-safe.
  void solve(std::span<double> b, std::size_t n_rhs) const;
  // The same with the caller's workspace (resized to b's size), for loops of solves: a fresh
  // one per solve costs each call an allocation and its first touch.
  void solve(std::span<double> b, std::size_t n_rhs, std::vector<double>& work) const;

  // The arrays solve_factored() runs on, for back ends that repeat its arithmetic (gpu/):
  // L's diagonal moved to the front of each column (off-diagonals from l_start), U's to the
  // back (off-diagonals before u_end), and 1 / U(k, k). Each update is x_i −= a · x_k as one
  // fused multiply-add on CPUs with FMA.
  struct Arrays {
    const LuFactors& factors;
    std::span<const std::int32_t> l_start, u_end;
    std::span<const double> inverse_diagonal;
  };
  Arrays arrays() const { return {f_, l_start_, u_end_, inverse_diagonal_}; }

 private:
  LuFactors f_;
  std::vector<std::int32_t> p_inverse_, q_inverse_;
  std::vector<double> inverse_rs_;
  std::vector<double> inverse_diagonal_;  // 1 / U(k, k)
  // Column pointers of L and U without their diagonals (entries moved to the front).
  std::vector<std::int32_t> l_start_, u_end_;
};

}  // namespace gat::linalg
