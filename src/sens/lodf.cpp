#include "gat/sens/lodf.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>

#include <cmath>
#include <numeric>

namespace gat::sens {

namespace {

constexpr std::size_t kBlock = 32;  // outages per block solve
// 1 − φ below this is treated as a bridge even if the graph did not say so (it cannot be
// trusted to more than a few digits).
constexpr double kMinDenominator = 1e-10;

}  // namespace

bool multi_outage_lodf(std::span<double> psi, std::size_t n_rows, std::span<const double> phi,
                       std::size_t m) {
  // LODF_S = Ψ (I − Φ)⁻¹, row by row: (I − Φ)ᵀ x = ψ_rᵀ. LU with partial pivoting of
  // A = (I − Φ)ᵀ, m is small (the outage's element count).
  std::vector<double> a(m * m);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < m; ++j) a[i * m + j] = (i == j ? 1.0 : 0.0) - phi[j * m + i];
  }
  std::vector<std::size_t> pivot(m);
  for (std::size_t c = 0; c < m; ++c) {
    std::size_t p = c;
    for (std::size_t r = c + 1; r < m; ++r) {
      if (std::abs(a[r * m + c]) > std::abs(a[p * m + c])) p = r;
    }
    if (std::abs(a[p * m + c]) < kMinDenominator) return false;
    pivot[c] = p;
    if (p != c) {
      for (std::size_t j = 0; j < m; ++j) std::swap(a[c * m + j], a[p * m + j]);
    }
    for (std::size_t r = c + 1; r < m; ++r) {
      a[r * m + c] /= a[c * m + c];
      for (std::size_t j = c + 1; j < m; ++j) a[r * m + j] -= a[r * m + c] * a[c * m + j];
    }
  }
  for (std::size_t row = 0; row < n_rows; ++row) {
    double* x = psi.data() + row * m;
    for (std::size_t c = 0; c < m; ++c) std::swap(x[c], x[pivot[c]]);
    for (std::size_t r = 0; r < m; ++r) {
      for (std::size_t j = 0; j < r; ++j) x[r] -= a[r * m + j] * x[j];
    }
    for (std::size_t r = m; r-- > 0;) {
      for (std::size_t j = r + 1; j < m; ++j) x[r] -= a[r * m + j] * x[j];
      x[r] /= a[r * m + r];
    }
  }
  return true;
}

LodfColumns lodf_columns(const DcModel& model, std::span<const std::int32_t> outages,
                         std::span<const std::int32_t> rows) {
  const std::size_t nr = rows.size(), nk = outages.size();
  LodfColumns out;
  out.lodf = DenseMatrix(nr, nk);
  out.islanding.assign(nk, 0);
  tbb::enumerable_thread_specific<DcModel::Solver> solvers(
      [&] { return DcModel::Solver(model); });
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nk, kBlock), [&](const auto& range) {
    auto& solver = solvers.local();
    const std::size_t c = range.size();
    const auto block = outages.subspan(range.begin(), c);
    // Rows asked for, then each outaged branch's own row (for φ).
    std::vector<std::int32_t> rows_ext(rows.begin(), rows.end());
    rows_ext.insert(rows_ext.end(), block.begin(), block.end());
    std::vector<double> psi(rows_ext.size() * c);
    solver.branch_transfers(block, rows_ext, psi, c);
    for (std::size_t j = 0; j < c; ++j) {
      const auto k = block[j];
      const double denominator = 1.0 - psi[(nr + j) * c + j];
      const bool islands = !model.active(k) || model.bridges()[k] ||
                           std::abs(denominator) < kMinDenominator;
      out.islanding[range.begin() + j] = islands;
      auto col = out.lodf.col(range.begin() + j);
      for (std::size_t r = 0; r < nr; ++r) {
        col[r] = rows[r] == k ? -1.0 : islands ? 0.0 : psi[r * c + j] / denominator;
      }
    }
  });
  return out;
}

LodfColumns lodf(const DcModel& model) {
  std::vector<std::int32_t> all(model.n_branches());
  std::iota(all.begin(), all.end(), 0);
  auto out = lodf_columns(model, all, all);
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (!model.active(k)) std::fill(out.lodf.col(k).begin(), out.lodf.col(k).end(), 0.0);
  }
  return out;
}

}  // namespace gat::sens
