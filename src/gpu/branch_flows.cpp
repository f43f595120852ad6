// CudaDevice::branch_flows: PTDF/LODF columns (sens/) from the factored B' on the device, in
// blocks of columns that fit: scatter the sparse right-hand sides, solve, gather the rows'
// flows (column-major, so a block of columns is one contiguous copy to the host).
#include <algorithm>

#include "gat/core/error.hpp"
#include "gat/linalg/lu_factors.hpp"
#include "gpu/cuda_device.hpp"
#include "gpu/factor_solve.hpp"

namespace gat::gpu {

namespace {

struct Rows {
  DeviceBuffer<double> b;
  DeviceBuffer<std::int32_t> from, to;
  Rows(const accel::BranchRows& r, cudaStream_t s) {
    b.upload(r.b, s);
    from.upload(r.from, s);
    to.upload(r.to, s);
  }
};

template <class T>
void run(const accel::BranchFlowProblem& p, std::span<double> out, std::span<double> diagonal,
         const DeviceFactors& factors, std::size_t room, cudaStream_t s) {
  const std::size_t n = static_cast<std::size_t>(factors.n()), nr = p.rows.size(), nc = p.n_cols;
  DeviceBuffer<std::int32_t> pos;
  DeviceBuffer<double> value;
  pos.upload(p.rhs_pos, s);
  value.upload(p.rhs_value, s);
  const Rows rows(p.rows, s), diag_rows(p.diagonal, s);
  // Columns per block: X ((n + 1) × cols) and the block of flows (rows × cols).
  const std::size_t per_col = (n + 1) * sizeof(T) + (nr + 1) * sizeof(double);
  const std::size_t cols = std::clamp<std::size_t>(room / 2 / per_col, 1, nc);
  DeviceBuffer<T> x((n + 1) * cols);
  DeviceBuffer<double> block(nr * cols), diag(diagonal.empty() ? 0 : nc);
  for (std::size_t j0 = 0; j0 < nc; j0 += cols) {
    const std::size_t m = std::min(cols, nc - j0);
    x.zero(s);
    scatter_rhs<T>(x.data(), m, m, pos.data() + 2 * j0, value.data() + 2 * j0, s);
    factors.solve<T>(x.data(), m, m, s);
    gather_branch_flows<T>(x.data(), m, m, nr, rows.b.data(), rows.from.data(), rows.to.data(),
                           block.data(), s);
    if (!diagonal.empty()) {
      gather_diagonal<T>(x.data(), m, m, diag_rows.b.data() + j0, diag_rows.from.data() + j0,
                         diag_rows.to.data() + j0, diag.data() + j0, s);
    }
    GAT_CUDA(cudaMemcpyAsync(out.data() + j0 * nr, block.data(), m * nr * sizeof(double),
                             cudaMemcpyDeviceToHost, s));
    GAT_CUDA(cudaStreamSynchronize(s));
  }
  if (!diagonal.empty()) {
    diag.download(diagonal, s);
    GAT_CUDA(cudaStreamSynchronize(s));
  }
}

}  // namespace

void CudaDevice::branch_flows(const accel::BranchFlowProblem& p, std::span<double> out,
                              std::span<double> diagonal) {
  if (p.factors == nullptr) throw UsageError("branch_flows (cuda): no factors");
  if (p.rhs_pos.size() != 2 * p.n_cols || p.rhs_value.size() != 2 * p.n_cols)
    throw UsageError("branch_flows (cuda): two right-hand-side entries per column");
  if (out.size() != p.rows.size() * p.n_cols)
    throw UsageError("branch_flows (cuda): output is not rows × columns");
  if (!diagonal.empty() && (diagonal.size() != p.n_cols || p.diagonal.size() != p.n_cols))
    throw UsageError("branch_flows (cuda): one diagonal row and value per column");
  if (p.n_cols == 0) return;
  activate();
  const bool single = p.precision == accel::Precision::kF32;
  const DeviceFactors factors(*p.factors, stream(), single);
  if (single) {
    run<float>(p, out, diagonal, factors, free_bytes(), stream());
  } else {
    run<double>(p, out, diagonal, factors, free_bytes(), stream());
  }
}

}  // namespace gat::gpu
