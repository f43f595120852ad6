#include "gat/sens/lodf.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>

#include <cmath>
#include <numeric>

#include "gat/sens/accel_problems.hpp"

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

namespace {

// LODF column j from ψ(rows ext, j) (row-major, stride c): rows asked for, then the outaged
// branches' own rows.
void normalize_column(const DcModel& model, std::span<const std::int32_t> rows, std::int32_t k,
                      const double* psi, std::size_t c, std::size_t j, std::size_t own_row,
                      std::uint8_t& islanding, std::span<double> col) {
  const std::size_t nr = rows.size();
  const double denominator = 1.0 - psi[own_row * c + j];
  const bool islands =
      !model.active(k) || model.bridges()[k] || std::abs(denominator) < kMinDenominator;
  islanding = islands;
  for (std::size_t r = 0; r < nr; ++r) {
    col[r] = rows[r] == k ? -1.0 : islands ? 0.0 : psi[r * c + j] / denominator;
  }
}

// On a device: ψ(rows, outages) column-major straight into the result, φ_k from the
// diagonal rows, then each column divided as the CPU does (threads: oneTBB).
LodfColumns device_lodf_columns(const DcModel& model, std::span<const std::int32_t> outages,
                                std::span<const std::int32_t> rows, accel::Device& device,
                                accel::Precision precision) {
  const std::size_t nr = rows.size(), nk = outages.size();
  LodfColumns out;
  out.lodf = DenseMatrix(nr, nk);
  out.islanding.assign(nk, 0);
  const auto gather = gather_rows(model, rows), own = gather_rows(model, outages);
  const auto rhs = transfer_columns(model, outages);
  std::vector<double> phi(nk);
  device.branch_flows(
      {&model.factored(), nk, rhs.pos, rhs.value, gather.view(), own.view(), precision},
      out.lodf.values, phi);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nk, 64), [&](const auto& range) {
    for (std::size_t j = range.begin(); j < range.end(); ++j) {
      const auto k = outages[j];
      const double denominator = 1.0 - phi[j];
      const bool islands =
          !model.active(k) || model.bridges()[k] || std::abs(denominator) < kMinDenominator;
      out.islanding[j] = islands;
      auto col = out.lodf.col(j);
      for (std::size_t r = 0; r < nr; ++r) {
        col[r] = rows[r] == k ? -1.0 : islands ? 0.0 : col[r] / denominator;
      }
    }
  });
  return out;
}

}  // namespace

LodfColumns lodf_columns(const DcModel& model, std::span<const std::int32_t> outages,
                         std::span<const std::int32_t> rows, accel::Device* device,
                         accel::Precision precision) {
  if (device != nullptr) return device_lodf_columns(model, outages, rows, *device, precision);
  const std::size_t nr = rows.size(), nk = outages.size();
  LodfColumns out;
  out.lodf = DenseMatrix(nr, nk);
  out.islanding.assign(nk, 0);
  tbb::enumerable_thread_specific<DcModel::Solver> solvers([&] { return DcModel::Solver(model); });
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
      normalize_column(model, rows, block[j], psi.data(), c, j, nr + j,
                       out.islanding[range.begin() + j], out.lodf.col(range.begin() + j));
    }
  });
  return out;
}

LodfColumns lodf(const DcModel& model, accel::Device* device, accel::Precision precision) {
  std::vector<std::int32_t> all(model.n_branches());
  std::iota(all.begin(), all.end(), 0);
  auto out = lodf_columns(model, all, all, device, precision);
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (!model.active(k)) std::fill(out.lodf.col(k).begin(), out.lodf.col(k).end(), 0.0);
  }
  return out;
}

}  // namespace gat::sens
