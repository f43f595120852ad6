#include "gpu/factor_solve.hpp"

#include <type_traits>
#include <vector>

#include "gat/core/error.hpp"
#include "gat/linalg/lu_factors.hpp"

namespace gat::gpu {

namespace {

constexpr unsigned kSolveThreads = 64;

__device__ __forceinline__ double fused_update(double a, double xk, double xi) {
  return fma(-a, xk, xi);
}
__device__ __forceinline__ float fused_update(float a, float xk, float xi) {
  return fmaf(-a, xk, xi);
}

// x_row −= a_p · xk for the entries [p, end) of one factor column. Rows of a column are
// distinct, so four are loaded before any is stored (memory-level parallelism).
template <class T>
__device__ __forceinline__ void column_axpy(const std::int32_t* __restrict__ idx,
                                            const T* __restrict__ val, std::int32_t p,
                                            std::int32_t end, T xk, T* __restrict__ x,
                                            std::size_t ld) {
  for (; p + 4 <= end; p += 4) {
    T* x0 = x + static_cast<std::size_t>(idx[p]) * ld;
    T* x1 = x + static_cast<std::size_t>(idx[p + 1]) * ld;
    T* x2 = x + static_cast<std::size_t>(idx[p + 2]) * ld;
    T* x3 = x + static_cast<std::size_t>(idx[p + 3]) * ld;
    const T v0 = *x0, v1 = *x1, v2 = *x2, v3 = *x3;
    *x0 = fused_update(val[p], xk, v0);
    *x1 = fused_update(val[p + 1], xk, v1);
    *x2 = fused_update(val[p + 2], xk, v2);
    *x3 = fused_update(val[p + 3], xk, v3);
  }
  for (; p < end; ++p) {
    T* xi = x + static_cast<std::size_t>(idx[p]) * ld;
    *xi = fused_update(val[p], xk, *xi);
  }
}

template <class T>
__global__ void __launch_bounds__(kSolveThreads)
    solve_kernel(FactorPointers<T> f, T* __restrict__ x, std::size_t ld, std::size_t n_cols) {
  const std::size_t j = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (j >= n_cols) return;
  T* xj = x + j;
  for (std::int32_t b = f.n_blocks - 1; b-- > 0;) {
    const std::int32_t k1 = f.blocks[b], k2 = f.blocks[b + 1];
    for (std::int32_t c = k1; c < k2; ++c) {
      const T xc = xj[static_cast<std::size_t>(c) * ld];
      if (xc == T(0)) continue;
      column_axpy(f.l_idx, f.l_val, f.l_start[c], f.l_ptr[c + 1], xc, xj, ld);
    }
    for (std::int32_t c = k2; c-- > k1;) {
      T* xcp = xj + static_cast<std::size_t>(c) * ld;
      if (*xcp == T(0)) continue;
      const T xc = *xcp * f.inv_diag[c];
      *xcp = xc;
      column_axpy(f.u_idx, f.u_val, f.u_ptr[c], f.u_end[c], xc, xj, ld);
    }
    if (b == 0) continue;
    for (std::int32_t c = k1; c < k2; ++c) {
      const T xc = xj[static_cast<std::size_t>(c) * ld];
      if (xc == T(0)) continue;
      column_axpy(f.f_idx, f.f_val, f.f_ptr[c], f.f_ptr[c + 1], xc, xj, ld);
    }
  }
}

template <class T>
__global__ void scatter_kernel(T* x, std::size_t ld, std::size_t n_cols, const std::int32_t* pos,
                               const double* value) {
  const std::size_t j = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (j >= n_cols) return;
  for (int e = 0; e < 2; ++e) {
    const std::int32_t p = pos[2 * j + e];
    if (p >= 0) x[static_cast<std::size_t>(p) * ld + j] += static_cast<T>(value[2 * j + e]);
  }
}

constexpr int kTile = 32;

// A 32 × 32 tile of (row, column): X read with columns fastest, the column-major output
// written with rows fastest, through shared memory. As the CPU: b · (x_f − x_t).
template <class T>
__global__ void gather_kernel(const T* __restrict__ x, std::size_t ld, std::size_t n_cols,
                              std::size_t n_rows, const double* __restrict__ b,
                              const std::int32_t* __restrict__ from,
                              const std::int32_t* __restrict__ to, double* __restrict__ out) {
  __shared__ double tile[kTile][kTile + 1];
  const std::size_t j0 = static_cast<std::size_t>(blockIdx.x) * kTile;
  const std::size_t r0 = static_cast<std::size_t>(blockIdx.y) * kTile;
  for (int i = threadIdx.y; i < kTile; i += blockDim.y) {
    const std::size_t j = j0 + threadIdx.x, r = r0 + i;
    if (j < n_cols && r < n_rows) {
      const double xf = static_cast<double>(x[static_cast<std::size_t>(from[r]) * ld + j]);
      const double xt = static_cast<double>(x[static_cast<std::size_t>(to[r]) * ld + j]);
      tile[i][threadIdx.x] = __dmul_rn(b[r], __dsub_rn(xf, xt));
    }
  }
  __syncthreads();
  for (int i = threadIdx.y; i < kTile; i += blockDim.y) {
    const std::size_t j = j0 + i, r = r0 + threadIdx.x;
    if (j < n_cols && r < n_rows) out[j * n_rows + r] = tile[threadIdx.x][i];
  }
}

template <class T>
__global__ void diagonal_kernel(const T* __restrict__ x, std::size_t ld, std::size_t n_cols,
                                const double* __restrict__ b, const std::int32_t* __restrict__ from,
                                const std::int32_t* __restrict__ to, double* __restrict__ out) {
  const std::size_t j = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (j >= n_cols) return;
  const double xf = static_cast<double>(x[static_cast<std::size_t>(from[j]) * ld + j]);
  const double xt = static_cast<double>(x[static_cast<std::size_t>(to[j]) * ld + j]);
  out[j] = __dmul_rn(b[j], __dsub_rn(xf, xt));
}

template <class T>
void upload_converted(DeviceBuffer<T>& d, const std::vector<double>& h, cudaStream_t s) {
  if constexpr (std::is_same_v<T, double>) {
    d.upload(std::span<const double>(h), s);
  } else {
    const std::vector<T> c(h.begin(), h.end());
    d.upload(std::span<const T>(c), s);
    GAT_CUDA(cudaStreamSynchronize(s));  // c dies here
  }
}

void upload_ints(DeviceBuffer<std::int32_t>& d, std::span<const std::int32_t> h, cudaStream_t s) {
  d.upload(h, s);
}

}  // namespace

DeviceFactors::DeviceFactors(const linalg::FactoredSolver& lu, cudaStream_t s, bool single) {
  const auto a = lu.arrays();
  const auto& f = a.factors;
  n_ = f.n;
  n_blocks_ = static_cast<std::int32_t>(f.blocks.size());
  upload_ints(blocks_, f.blocks, s);
  upload_ints(l_ptr_, f.l.col_ptr, s);
  upload_ints(l_start_, a.l_start, s);
  upload_ints(l_idx_, f.l.row_idx, s);
  upload_ints(u_ptr_, f.u.col_ptr, s);
  upload_ints(u_end_, a.u_end, s);
  upload_ints(u_idx_, f.u.row_idx, s);
  upload_ints(f_ptr_, f.f.col_ptr, s);
  upload_ints(f_idx_, f.f.row_idx, s);
  const std::vector<double> inv(a.inverse_diagonal.begin(), a.inverse_diagonal.end());
  upload_converted(l_val_, f.l.values, s);
  upload_converted(u_val_, f.u.values, s);
  upload_converted(f_val_, f.f.values, s);
  upload_converted(inv_diag_, inv, s);
  if (single) {
    upload_converted(l_val32_, f.l.values, s);
    upload_converted(u_val32_, f.u.values, s);
    upload_converted(f_val32_, f.f.values, s);
    upload_converted(inv_diag32_, inv, s);
  }
  GAT_CUDA(cudaStreamSynchronize(s));
}

std::size_t DeviceFactors::bytes() const {
  return blocks_.bytes() + l_ptr_.bytes() + l_start_.bytes() + l_idx_.bytes() + u_ptr_.bytes() +
         u_end_.bytes() + u_idx_.bytes() + f_ptr_.bytes() + f_idx_.bytes() + l_val_.bytes() +
         u_val_.bytes() + f_val_.bytes() + inv_diag_.bytes() + l_val32_.bytes() + u_val32_.bytes() +
         f_val32_.bytes() + inv_diag32_.bytes();
}

template <class T>
FactorPointers<T> DeviceFactors::pointers() const {
  FactorPointers<T> p;
  p.n = n_;
  p.n_blocks = n_blocks_;
  p.blocks = blocks_.data();
  p.l_ptr = l_ptr_.data();
  p.l_start = l_start_.data();
  p.l_idx = l_idx_.data();
  p.u_ptr = u_ptr_.data();
  p.u_end = u_end_.data();
  p.u_idx = u_idx_.data();
  p.f_ptr = f_ptr_.data();
  p.f_idx = f_idx_.data();
  if constexpr (std::is_same_v<T, double>) {
    p.l_val = l_val_.data();
    p.u_val = u_val_.data();
    p.f_val = f_val_.data();
    p.inv_diag = inv_diag_.data();
  } else {
    if (l_val32_.empty() && n_ > 0)
      throw Error("DeviceFactors: single-precision factors not uploaded");
    p.l_val = l_val32_.data();
    p.u_val = u_val32_.data();
    p.f_val = f_val32_.data();
    p.inv_diag = inv_diag32_.data();
  }
  return p;
}

template <class T>
void DeviceFactors::solve(T* x, std::size_t ld, std::size_t n_cols, cudaStream_t stream) const {
  if (n_ == 0 || n_cols == 0) return;
  solve_kernel<T><<<blocks_for(n_cols, kSolveThreads), kSolveThreads, 0, stream>>>(pointers<T>(), x,
                                                                                   ld, n_cols);
  GAT_CUDA_LAUNCH("solve_kernel");
}

template <class T>
void scatter_rhs(T* x, std::size_t ld, std::size_t n_cols, const std::int32_t* pos,
                 const double* value, cudaStream_t stream) {
  if (n_cols == 0) return;
  scatter_kernel<T><<<blocks_for(n_cols, 256), 256, 0, stream>>>(x, ld, n_cols, pos, value);
  GAT_CUDA_LAUNCH("scatter_kernel");
}

template <class T>
void gather_branch_flows(const T* x, std::size_t ld, std::size_t n_cols, std::size_t n_rows,
                         const double* b, const std::int32_t* from, const std::int32_t* to,
                         double* out, cudaStream_t stream) {
  if (n_cols == 0 || n_rows == 0) return;
  if (n_rows > std::size_t{65535} * kTile) throw Error("gather_branch_flows: too many rows");
  const dim3 grid(blocks_for(n_cols, kTile), blocks_for(n_rows, kTile));
  gather_kernel<T><<<grid, dim3(kTile, 8), 0, stream>>>(x, ld, n_cols, n_rows, b, from, to, out);
  GAT_CUDA_LAUNCH("gather_kernel");
}

template <class T>
void gather_diagonal(const T* x, std::size_t ld, std::size_t n_cols, const double* b,
                     const std::int32_t* from, const std::int32_t* to, double* out,
                     cudaStream_t stream) {
  if (n_cols == 0) return;
  diagonal_kernel<T><<<blocks_for(n_cols, 256), 256, 0, stream>>>(x, ld, n_cols, b, from, to, out);
  GAT_CUDA_LAUNCH("diagonal_kernel");
}

template void DeviceFactors::solve<double>(double*, std::size_t, std::size_t, cudaStream_t) const;
template void DeviceFactors::solve<float>(float*, std::size_t, std::size_t, cudaStream_t) const;
template void scatter_rhs<double>(double*, std::size_t, std::size_t, const std::int32_t*,
                                  const double*, cudaStream_t);
template void scatter_rhs<float>(float*, std::size_t, std::size_t, const std::int32_t*,
                                 const double*, cudaStream_t);
template void gather_branch_flows<double>(const double*, std::size_t, std::size_t, std::size_t,
                                          const double*, const std::int32_t*, const std::int32_t*,
                                          double*, cudaStream_t);
template void gather_branch_flows<float>(const float*, std::size_t, std::size_t, std::size_t,
                                         const double*, const std::int32_t*, const std::int32_t*,
                                         double*, cudaStream_t);
template void gather_diagonal<double>(const double*, std::size_t, std::size_t, const double*,
                                      const std::int32_t*, const std::int32_t*, double*,
                                      cudaStream_t);
template void gather_diagonal<float>(const float*, std::size_t, std::size_t, const double*,
                                     const std::int32_t*, const std::int32_t*, double*,
                                     cudaStream_t);

}  // namespace gat::gpu
