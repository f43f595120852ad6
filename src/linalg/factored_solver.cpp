#include <algorithm>
#include <cstring>

#include "gat/core/error.hpp"
#include "gat/linalg/lu_factors.hpp"

namespace gat::linalg {

namespace {

// x_i −= a · x_k over a group of W interleaved right-hand sides.
template <int W>
[[gnu::always_inline]] inline void axpy(double* xi, double a, const double* xk) {
  for (int j = 0; j < W; ++j) xi[j] -= a * xk[j];
}

template <int W>
[[gnu::always_inline]] inline bool all_zero(const double* x) {
  bool zero = true;
  for (int j = 0; j < W; ++j) zero &= x[j] == 0.0;
  return zero;
}

struct Kernel {
  const CscMatrix& l;
  const CscMatrix& u;
  const CscMatrix& f;
  const std::vector<std::int32_t>& blocks;
  const std::vector<std::int32_t>& l_start;  // first off-diagonal entry of L's column
  const std::vector<std::int32_t>& u_end;    // one past U's last off-diagonal entry
  const std::vector<double>& inverse_diagonal;
};

// One group of W right-hand sides at x (stride between rows). Block by block, last first:
//   L z' = y (forward, unit diagonal), U z = z' (backward), then y_rows-above −= F z.
template <int W>
[[gnu::always_inline]] inline void solve_group(const Kernel& k, double* x, std::size_t stride) {
  for (std::size_t b = k.blocks.size() - 1; b-- > 0;) {
    const std::int32_t k1 = k.blocks[b], k2 = k.blocks[b + 1];
    for (std::int32_t c = k1; c < k2; ++c) {
      const double* xc = x + c * stride;
      if (all_zero<W>(xc)) continue;
      for (auto p = k.l_start[c]; p < k.l.col_ptr[c + 1]; ++p) {
        axpy<W>(x + k.l.row_idx[p] * stride, k.l.values[p], xc);
      }
    }
    for (std::int32_t c = k2; c-- > k1;) {
      double* xc = x + c * stride;
      if (all_zero<W>(xc)) continue;
      const double d = k.inverse_diagonal[c];
      for (int j = 0; j < W; ++j) xc[j] *= d;
      for (auto p = k.u.col_ptr[c]; p < k.u_end[c]; ++p) {
        axpy<W>(x + k.u.row_idx[p] * stride, k.u.values[p], xc);
      }
    }
    if (b == 0) continue;
    for (std::int32_t c = k1; c < k2; ++c) {
      const double* xc = x + c * stride;
      if (all_zero<W>(xc)) continue;
      for (auto p = k.f.col_ptr[c]; p < k.f.col_ptr[c + 1]; ++p) {
        axpy<W>(x + k.f.row_idx[p] * stride, k.f.values[p], xc);
      }
    }
  }
}

template <typename Group16, typename Group4, typename Group1>
void solve_all(std::size_t n_rhs, Group16 g16, Group4 g4, Group1 g1) {
  std::size_t j = 0;
  for (; j + 16 <= n_rhs; j += 16) g16(j);
  for (; j + 4 <= n_rhs; j += 4) g4(j);
  for (; j < n_rhs; ++j) g1(j);
}

[[gnu::target("avx2,fma")]] void solve_avx2(const Kernel& k, double* x, std::size_t n_rhs) {
  solve_all(
      n_rhs, [&](std::size_t j) { solve_group<16>(k, x + j, n_rhs); },
      [&](std::size_t j) { solve_group<4>(k, x + j, n_rhs); },
      [&](std::size_t j) { solve_group<1>(k, x + j, n_rhs); });
}

void solve_portable(const Kernel& k, double* x, std::size_t n_rhs) {
  solve_all(
      n_rhs, [&](std::size_t j) { solve_group<16>(k, x + j, n_rhs); },
      [&](std::size_t j) { solve_group<4>(k, x + j, n_rhs); },
      [&](std::size_t j) { solve_group<1>(k, x + j, n_rhs); });
}

// Moves the diagonal entry of each column of m to the front (returns where the other entries
// start) or to the back (returns where they end); copies it to *diagonal when asked.
std::vector<std::int32_t> move_diagonal(CscMatrix& m, bool to_front,
                                        std::vector<double>* diagonal) {
  std::vector<std::int32_t> bound(static_cast<std::size_t>(m.n_cols));
  for (std::int32_t c = 0; c < m.n_cols; ++c) {
    auto begin = m.col_ptr[c], end = m.col_ptr[c + 1];
    std::int32_t d = -1;
    for (auto p = begin; p < end; ++p) {
      if (m.row_idx[p] == c) d = p;
    }
    if (diagonal) {
      if (d < 0) throw Error("LU factors: U has no diagonal entry in column " + std::to_string(c));
      (*diagonal)[c] = m.values[d];
    }
    if (d < 0) {
      bound[c] = to_front ? begin : end;
      continue;
    }
    const auto target = to_front ? begin : end - 1;
    std::swap(m.row_idx[d], m.row_idx[target]);
    std::swap(m.values[d], m.values[target]);
    bound[c] = to_front ? begin + 1 : end - 1;
  }
  return bound;
}

}  // namespace

FactoredSolver::FactoredSolver(LuFactors factors) : f_(std::move(factors)) {
  const auto n = static_cast<std::size_t>(f_.n);
  p_inverse_.resize(n);
  q_inverse_.resize(n);
  inverse_rs_.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    p_inverse_[f_.p[k]] = static_cast<std::int32_t>(k);
    q_inverse_[f_.q[k]] = static_cast<std::int32_t>(k);
    inverse_rs_[k] = 1.0 / f_.rs[k];
  }
  l_start_ = move_diagonal(f_.l, true, nullptr);
  std::vector<double> diagonal(n);
  u_end_ = move_diagonal(f_.u, false, &diagonal);
  inverse_diagonal_.resize(n);
  for (std::size_t k = 0; k < n; ++k) inverse_diagonal_[k] = 1.0 / diagonal[k];
}

void FactoredSolver::solve_factored(std::span<double> y, std::size_t n_rhs) const {
  if (y.size() != static_cast<std::size_t>(f_.n) * n_rhs)
    throw UsageError("FactoredSolver: right-hand sides have the wrong size");
  if (f_.n == 0 || n_rhs == 0) return;
  const Kernel k{f_.l, f_.u, f_.f, f_.blocks, l_start_, u_end_, inverse_diagonal_};
  static const bool has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (has_avx2) {
    solve_avx2(k, y.data(), n_rhs);
  } else {
    solve_portable(k, y.data(), n_rhs);
  }
}

void FactoredSolver::solve(std::span<double> b, std::size_t n_rhs) const {
  std::vector<double> work;
  solve(b, n_rhs, work);
}

void FactoredSolver::solve(std::span<double> b, std::size_t n_rhs, std::vector<double>& y) const {
  const auto n = static_cast<std::size_t>(f_.n);
  y.resize(b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(p_inverse_[i]);
    for (std::size_t j = 0; j < n_rhs; ++j) y[k * n_rhs + j] = b[i * n_rhs + j] * inverse_rs_[k];
  }
  solve_factored(y, n_rhs);
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(q_inverse_[i]);
    std::memcpy(b.data() + i * n_rhs, y.data() + k * n_rhs, n_rhs * sizeof(double));
  }
}

}  // namespace gat::linalg
