#include "gat/linalg/block_lu.hpp"

#include <amd.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>

#include "gat/core/error.hpp"

namespace gat::linalg {

namespace {

// Blocks are 4 doubles, row-major: [x0 x1; x2 x3].

inline void copy4(const double* from, double* to) {
  to[0] = from[0];
  to[1] = from[1];
  to[2] = from[2];
  to[3] = from[3];
}

inline void zero4(double* x) {
  x[0] = x[1] = x[2] = x[3] = 0.0;
}

// w −= l · u
inline void sub_mul(double* w, const double* l, const double* u) {
  w[0] -= l[0] * u[0] + l[1] * u[2];
  w[1] -= l[0] * u[1] + l[1] * u[3];
  w[2] -= l[2] * u[0] + l[3] * u[2];
  w[3] -= l[2] * u[1] + l[3] * u[3];
}

// out = w · d
inline void mul(double* out, const double* w, const double* d) {
  out[0] = w[0] * d[0] + w[1] * d[2];
  out[1] = w[0] * d[1] + w[1] * d[3];
  out[2] = w[2] * d[0] + w[3] * d[2];
  out[3] = w[2] * d[1] + w[3] * d[3];
}

// inv = d⁻¹; false when d is singular relative to its largest entry.
inline bool invert(const double* d, double* inv, double tolerance) {
  const double det = d[0] * d[3] - d[1] * d[2];
  const double scale = std::max({std::abs(d[0]), std::abs(d[1]), std::abs(d[2]), std::abs(d[3])});
  if (!(std::abs(det) > tolerance * scale * scale) || !std::isfinite(det)) return false;
  const double r = 1.0 / det;
  inv[0] = d[3] * r;
  inv[1] = -d[1] * r;
  inv[2] = -d[2] * r;
  inv[3] = d[0] * r;
  return true;
}

}  // namespace

void BlockLu2::analyze(std::int32_t n, std::span<const std::int32_t> col_ptr,
                       std::span<const std::int32_t> row_idx) {
  n_ = n;
  perm_.assign(static_cast<std::size_t>(n), 0);
  if (n > 0) {
    double control[AMD_CONTROL], info[AMD_INFO];
    amd_defaults(control);
    const int status = amd_order(n, col_ptr.data(), row_idx.data(), perm_.data(), control, info);
    if (status != AMD_OK && status != AMD_OK_BUT_JUMBLED) {
      throw Error("BlockLu2: AMD ordering failed (status " + std::to_string(status) + ")");
    }
  }
  pinv_.assign(static_cast<std::size_t>(n), 0);
  for (std::int32_t k = 0; k < n; ++k) pinv_[perm_[k]] = k;

  // P A Pᵀ, rows sorted within each column, remembering each block's source.
  a_ptr_.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::int32_t j = 0; j < n; ++j) a_ptr_[pinv_[j] + 1] += col_ptr[j + 1] - col_ptr[j];
  std::partial_sum(a_ptr_.begin(), a_ptr_.end(), a_ptr_.begin());
  a_row_.resize(row_idx.size());
  a_src_.resize(row_idx.size());
  std::vector<std::int32_t> next(a_ptr_.begin(), a_ptr_.end() - 1);
  for (std::int32_t j = 0; j < n; ++j) {
    for (auto p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      const auto q = next[pinv_[j]]++;
      a_row_[q] = pinv_[row_idx[p]];
      a_src_[q] = p;
    }
  }
  std::vector<std::pair<std::int32_t, std::int32_t>> column;
  for (std::int32_t j = 0; j < n; ++j) {
    column.clear();
    for (auto q = a_ptr_[j]; q < a_ptr_[j + 1]; ++q) column.emplace_back(a_row_[q], a_src_[q]);
    std::sort(column.begin(), column.end());
    for (std::size_t t = 0; t < column.size(); ++t) {
      a_row_[a_ptr_[j] + t] = column[t].first;
      a_src_[a_ptr_[j] + t] = column[t].second;
    }
  }

  // Elimination tree of the (symmetric) pattern.
  std::vector<std::int32_t> parent(static_cast<std::size_t>(n), -1), ancestor(parent);
  for (std::int32_t k = 0; k < n; ++k) {
    for (auto q = a_ptr_[k]; q < a_ptr_[k + 1]; ++q) {
      for (auto i = a_row_[q]; i != -1 && i < k;) {
        const auto up = ancestor[i];
        ancestor[i] = k;
        if (up == -1) parent[i] = k;
        i = up;
      }
    }
  }

  // U(:, k)'s rows = L(k, :)'s columns: the nodes on the tree paths from the rows of A(:, k)
  // above the diagonal up to k.
  u_ptr_.assign(static_cast<std::size_t>(n) + 1, 0);
  u_row_.clear();
  std::vector<std::int32_t> mark(static_cast<std::size_t>(n), -1), l_count(mark.size(), 0);
  for (std::int32_t k = 0; k < n; ++k) {
    mark[k] = k;
    const auto start = u_row_.size();
    for (auto q = a_ptr_[k]; q < a_ptr_[k + 1]; ++q) {
      for (auto i = a_row_[q]; i < k && mark[i] != k; i = parent[i]) {
        mark[i] = k;
        u_row_.push_back(i);
        ++l_count[i];
      }
    }
    std::sort(u_row_.begin() + static_cast<std::ptrdiff_t>(start), u_row_.end());
    u_ptr_[k + 1] = static_cast<std::int32_t>(u_row_.size());
  }
  l_ptr_.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::int32_t i = 0; i < n; ++i) l_ptr_[i + 1] = l_ptr_[i] + l_count[i];
  l_row_.resize(u_row_.size());
  std::copy(l_ptr_.begin(), l_ptr_.end() - 1, next.begin());
  for (std::int32_t k = 0; k < n; ++k) {
    for (auto t = u_ptr_[k]; t < u_ptr_[k + 1]; ++t) l_row_[next[u_row_[t]]++] = k;
  }
  l_val_.assign(4 * l_row_.size(), 0.0);
  u_val_.assign(4 * u_row_.size(), 0.0);
  d_inv_.assign(4 * static_cast<std::size_t>(n), 0.0);
  work_.assign(4 * static_cast<std::size_t>(n), 0.0);
  y_.assign(2 * static_cast<std::size_t>(n), 0.0);
}

bool BlockLu2::factor(std::span<const double> values, double pivot_tolerance) {
  double* w = work_.data();
  bool ok = true;
  for (std::int32_t j = 0; j < n_; ++j) {
    for (auto q = a_ptr_[j]; q < a_ptr_[j + 1]; ++q) {
      copy4(values.data() + 4 * static_cast<std::size_t>(a_src_[q]), w + 4 * a_row_[q]);
    }
    // Left-looking: U(k, j) is final once every column before k has updated it.
    for (auto t = u_ptr_[j]; t < u_ptr_[j + 1]; ++t) {
      const auto k = u_row_[t];
      double* ukj = u_val_.data() + 4 * static_cast<std::size_t>(t);
      copy4(w + 4 * k, ukj);
      zero4(w + 4 * k);
      for (auto s = l_ptr_[k]; s < l_ptr_[k + 1]; ++s) {
        sub_mul(w + 4 * l_row_[s], l_val_.data() + 4 * static_cast<std::size_t>(s), ukj);
      }
    }
    double* dinv = d_inv_.data() + 4 * static_cast<std::size_t>(j);
    ok = invert(w + 4 * j, dinv, pivot_tolerance) && ok;
    zero4(w + 4 * j);
    for (auto s = l_ptr_[j]; s < l_ptr_[j + 1]; ++s) {
      double* wi = w + 4 * l_row_[s];
      mul(l_val_.data() + 4 * static_cast<std::size_t>(s), wi, dinv);
      zero4(wi);
    }
  }
  return ok;
}

void BlockLu2::solve(std::span<double> b) {
  double* y = y_.data();
  for (std::int32_t i = 0; i < n_; ++i) {
    y[2 * pinv_[i]] = b[2 * static_cast<std::size_t>(i)];
    y[2 * pinv_[i] + 1] = b[2 * static_cast<std::size_t>(i) + 1];
  }
  for (std::int32_t j = 0; j < n_; ++j) {  // L z = y
    const double y0 = y[2 * j], y1 = y[2 * j + 1];
    for (auto s = l_ptr_[j]; s < l_ptr_[j + 1]; ++s) {
      const double* l = l_val_.data() + 4 * static_cast<std::size_t>(s);
      double* yi = y + 2 * l_row_[s];
      yi[0] -= l[0] * y0 + l[1] * y1;
      yi[1] -= l[2] * y0 + l[3] * y1;
    }
  }
  for (auto j = n_ - 1; j >= 0; --j) {  // U x = z, column by column
    const double* d = d_inv_.data() + 4 * static_cast<std::size_t>(j);
    const double x0 = d[0] * y[2 * j] + d[1] * y[2 * j + 1];
    const double x1 = d[2] * y[2 * j] + d[3] * y[2 * j + 1];
    y[2 * j] = x0;
    y[2 * j + 1] = x1;
    for (auto t = u_ptr_[j]; t < u_ptr_[j + 1]; ++t) {
      const double* u = u_val_.data() + 4 * static_cast<std::size_t>(t);
      double* yk = y + 2 * u_row_[t];
      yk[0] -= u[0] * x0 + u[1] * x1;
      yk[1] -= u[2] * x0 + u[3] * x1;
    }
  }
  for (std::int32_t i = 0; i < n_; ++i) {
    b[2 * static_cast<std::size_t>(i)] = y[2 * pinv_[i]];
    b[2 * static_cast<std::size_t>(i) + 1] = y[2 * pinv_[i] + 1];
  }
}

}  // namespace gat::linalg
