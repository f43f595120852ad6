// Base flows, LODF columns and per-chunk bounds of the fused screen (screen_kernels.hpp).
#include <cfloat>

#include "gpu/memory.hpp"
#include "gpu/screen_kernels.hpp"

namespace gat::gpu::screen {

namespace {

constexpr int kTile = 32;

// Transposing copy: a 32 × 32 tile of (unknown u, hour h) read with u fastest from the
// hour-major injections and written with h fastest into the interleaved X.
__global__ void theta_rhs_kernel(double* __restrict__ x, std::size_t ld, std::size_t hc,
                                 std::size_t n_unknowns, const double* __restrict__ p,
                                 std::size_t n_buses, const std::int32_t* __restrict__ pos,
                                 const double* __restrict__ scale,
                                 const std::int32_t* __restrict__ bus,
                                 const double* __restrict__ rhs0) {
  __shared__ double tile[kTile][kTile + 1];
  const std::size_t u0 = static_cast<std::size_t>(blockIdx.x) * kTile;
  const std::size_t h0 = static_cast<std::size_t>(blockIdx.y) * kTile;
  for (int i = threadIdx.y; i < kTile; i += blockDim.y) {
    const std::size_t u = u0 + threadIdx.x, h = h0 + i;
    if (u < n_unknowns && h < hc) {
      // CPU: theta = p + rhs0, then y = theta · (1 / rs) at the pivotal row.
      tile[i][threadIdx.x] = __dmul_rn(__dadd_rn(p[h * n_buses + bus[u]], rhs0[u]), scale[u]);
    }
  }
  __syncthreads();
  for (int i = threadIdx.y; i < kTile; i += blockDim.y) {
    const std::size_t u = u0 + i, h = h0 + threadIdx.x;
    if (u < n_unknowns && h < hc)
      x[static_cast<std::size_t>(pos[u]) * ld + h] = tile[threadIdx.x][i];
  }
}

__global__ void clear_row_kernel(double* row, std::size_t n) {
  const std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) row[i] = 0.0;
}

__global__ void flow_rows_kernel(const double* __restrict__ x, std::size_t ld, std::size_t hc,
                                 FlowRowsDevice rows, double* __restrict__ out64,
                                 float* __restrict__ out32, std::size_t ldh) {
  const std::size_t h = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  for (std::size_t r = blockIdx.y; r < rows.n; r += gridDim.y) {
    if (h >= hc) return;
    const std::int32_t f = rows.from[r], t = rows.to[r];
    const double af = f >= 0 ? x[static_cast<std::size_t>(f) * ld + h] : rows.from_angle[r];
    const double at = t >= 0 ? x[static_cast<std::size_t>(t) * ld + h] : rows.to_angle[r];
    // CPU: b · (angle(f) − angle(t) − shift), left to right.
    const double v = __dmul_rn(rows.b[r], __dsub_rn(__dsub_rn(af, at), rows.shift[r]));
    out64[r * ldh + h] = v;
    if (out32 != nullptr) out32[r * ldh + h] = static_cast<float>(v);
  }
}

// One warp per row.
__global__ void row_extremes_kernel(const double* __restrict__ v, std::size_t ldh, std::size_t hc,
                                    std::size_t n_rows, double* max, double* min) {
  const std::size_t r = (static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x) / 32;
  const unsigned lane = threadIdx.x % 32;
  if (r >= n_rows) return;
  double hi = -DBL_MAX, lo = DBL_MAX;
  for (std::size_t h = lane; h < hc; h += 32) {
    const double x = v[r * ldh + h];
    hi = fmax(hi, x);
    lo = fmin(lo, x);
  }
  for (int o = 16; o > 0; o /= 2) {
    hi = fmax(hi, __shfl_xor_sync(0xffffffffu, hi, o));
    lo = fmin(lo, __shfl_xor_sync(0xffffffffu, lo, o));
  }
  if (lane == 0) {
    max[r] = hi;
    min[r] = lo;
  }
}

__global__ void denominators_kernel(const double* __restrict__ x, std::size_t ld,
                                    std::size_t n_cols, const double* __restrict__ b,
                                    const std::int32_t* __restrict__ from,
                                    const std::int32_t* __restrict__ to, double* inv,
                                    std::uint8_t* islanding) {
  const std::size_t j = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (j >= n_cols) return;
  const double xf = x[static_cast<std::size_t>(from[j]) * ld + j];
  const double xt = x[static_cast<std::size_t>(to[j]) * ld + j];
  const double phi = __dmul_rn(b[j], __dsub_rn(xf, xt));
  const double denominator = __dsub_rn(1.0, phi);
  const bool islands = fabs(denominator) < kMinDenominator;
  islanding[j] = islands ? 1 : 0;
  inv[j] = islands ? 0.0 : __ddiv_rn(1.0, denominator);
}

// Tile of 32 columns × 32 monitored rows: X read with columns fastest, the LODF written with
// rows fastest (through shared memory).
__global__ void lodf_columns_kernel(const double* __restrict__ x, std::size_t ld,
                                    std::size_t n_cols, std::size_t n_monitored,
                                    const double* __restrict__ b,
                                    const std::int32_t* __restrict__ from,
                                    const std::int32_t* __restrict__ to,
                                    const double* __restrict__ inv,
                                    const std::int32_t* __restrict__ own, double* __restrict__ lodf,
                                    float* __restrict__ lodf32, std::size_t m_ld) {
  __shared__ double tile[kTile][kTile + 1];
  const std::size_t j0 = static_cast<std::size_t>(blockIdx.x) * kTile;
  const std::size_t m0 = static_cast<std::size_t>(blockIdx.y) * kTile;
  for (int i = threadIdx.y; i < kTile; i += blockDim.y) {
    const std::size_t j = j0 + threadIdx.x, m = m0 + i;
    if (j < n_cols && m < n_monitored) {
      const double xf = x[static_cast<std::size_t>(from[m]) * ld + j];
      const double xt = x[static_cast<std::size_t>(to[m]) * ld + j];
      // CPU: psi = b (xf − xt), then psi *= inv.
      double v = __dmul_rn(__dmul_rn(b[m], __dsub_rn(xf, xt)), inv[j]);
      if (own[j] == static_cast<std::int32_t>(m) && inv[j] != 0.0) v = -1.0;
      tile[i][threadIdx.x] = v;
    }
  }
  __syncthreads();
  for (int i = threadIdx.y; i < kTile; i += blockDim.y) {
    const std::size_t j = j0 + i, m = m0 + threadIdx.x;
    if (j < n_cols && m < n_monitored) {
      const double v = tile[threadIdx.x][i];
      lodf[j * m_ld + m] = v;
      if (lodf32 != nullptr) lodf32[j * m_ld + m] = static_cast<float>(v);
    }
  }
}

__global__ void lodf_row_max_kernel(const double* __restrict__ lodf, std::size_t ld,
                                    std::size_t n_cols, std::size_t n_monitored,
                                    const std::uint8_t* __restrict__ islanding, double* lmax) {
  const std::size_t m = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (m >= n_monitored) return;
  double v = 0.0;
  for (std::size_t j = 0; j < n_cols; ++j) {
    if (!islanding[j]) v = fmax(v, fabs(lodf[j * ld + m]));
  }
  lmax[m] = fmax(lmax[m], v);  // over column blocks: lmax starts at 0
}

__global__ void column_abs_max_kernel(const double* omax, const double* omin,
                                      const std::uint8_t* islanding, std::size_t n_cols,
                                      double* pmax) {
  __shared__ double partial[32];
  double v = 0.0;
  for (std::size_t j = threadIdx.x; j < n_cols; j += blockDim.x) {
    if (!islanding[j]) v = fmax(v, fmax(fabs(omax[j]), fabs(omin[j])));
  }
  for (int o = 16; o > 0; o /= 2) v = fmax(v, __shfl_xor_sync(0xffffffffu, v, o));
  if (threadIdx.x % 32 == 0) partial[threadIdx.x / 32] = v;
  __syncthreads();
  if (threadIdx.x == 0) {
    for (unsigned w = 1; w < blockDim.x / 32; ++w) v = fmax(v, partial[w]);
    *pmax = v;
  }
}

// The f32 error bound (dc_screen.cpp): with u = 2⁻²⁴, |post32 − post64| ≤ 2.01u|P_l| +
// 3.01u|LODF·P_k| + u·limit, below tol = 4u (max|P_l| + max|LODF_l·| max|P_k| + limit).
// f64 pruning covers the rounding of the bound itself: 8·2⁻⁵³ (max|P_l| + max|LODF_l·|
// max|P_k|) plus the CPU's relative 1e-12.
__global__ void thresholds_kernel(Mode mode, std::size_t n, const double* limit, const double* bmax,
                                  const double* bmin, const double* lmax, const double* pmax,
                                  float* thr32, double* prune_limit) {
  const std::size_t m = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (m >= n) return;
  const double lim = limit[m];
  const double scale = fmax(fabs(bmax[m]), fabs(bmin[m])) + lmax[m] * *pmax;
  constexpr double kU32 = 1.0 / 16777216.0;          // 2^-24
  constexpr double kU64 = 1.0 / 9007199254740992.0;  // 2^-53
  const double tol = 4.0 * kU32 * (scale + lim);
  switch (mode) {
    case Mode::kF64:
      prune_limit[m] = lim - (8.0 * kU64 * scale + 1e-12 * lim);
      break;
    case Mode::kF32:
      thr32[m] = static_cast<float>(lim);
      prune_limit[m] = lim - 2.0 * tol;
      break;
    case Mode::kAuto:
      thr32[m] = __double2float_rd(lim - tol);
      prune_limit[m] = lim - 2.0 * tol;
      break;
  }
}

}  // namespace

void theta_rhs(double* x, std::size_t ld, std::size_t hc, std::size_t n_unknowns,
               const double* p_bus_chunk, std::size_t n_buses, const std::int32_t* pos,
               const double* scale, const std::int32_t* bus, const double* rhs0,
               cudaStream_t stream) {
  if (n_unknowns > 0 && hc > 0) {
    const dim3 grid(blocks_for(n_unknowns, kTile), blocks_for(hc, kTile));
    theta_rhs_kernel<<<grid, dim3(kTile, 8), 0, stream>>>(x, ld, hc, n_unknowns, p_bus_chunk,
                                                          n_buses, pos, scale, bus, rhs0);
    GAT_CUDA_LAUNCH("theta_rhs_kernel");
  }
  clear_row_kernel<<<blocks_for(ld, 256), 256, 0, stream>>>(x + n_unknowns * ld, ld);
  GAT_CUDA_LAUNCH("clear_row_kernel");
}

void flow_rows(const double* x, std::size_t ld, std::size_t hc, FlowRowsDevice rows, double* out64,
               float* out32, std::size_t ldh, cudaStream_t stream) {
  if (rows.n == 0 || hc == 0) return;
  const dim3 grid(blocks_for(hc, 128), static_cast<unsigned>(std::min<std::size_t>(rows.n, 65535)));
  flow_rows_kernel<<<grid, 128, 0, stream>>>(x, ld, hc, rows, out64, out32, ldh);
  GAT_CUDA_LAUNCH("flow_rows_kernel");
}

void row_extremes(const double* v, std::size_t ldh, std::size_t hc, std::size_t n_rows, double* max,
                  double* min, cudaStream_t stream) {
  if (n_rows == 0) return;
  row_extremes_kernel<<<blocks_for(n_rows * 32, 256), 256, 0, stream>>>(v, ldh, hc, n_rows, max,
                                                                        min);
  GAT_CUDA_LAUNCH("row_extremes_kernel");
}

void lodf_denominators(const double* x, std::size_t ld, std::size_t n_cols, const double* b,
                       const std::int32_t* from, const std::int32_t* to, double* inv,
                       std::uint8_t* islanding, cudaStream_t stream) {
  if (n_cols == 0) return;
  denominators_kernel<<<blocks_for(n_cols, 256), 256, 0, stream>>>(x, ld, n_cols, b, from, to, inv,
                                                                   islanding);
  GAT_CUDA_LAUNCH("denominators_kernel");
}

void lodf_columns(const double* x, std::size_t ld, std::size_t n_cols, std::size_t n_monitored,
                  const double* b, const std::int32_t* from, const std::int32_t* to,
                  const double* inv, const std::int32_t* own, double* lodf, float* lodf32,
                  std::size_t m_ld, cudaStream_t stream) {
  if (n_cols == 0 || n_monitored == 0) return;
  const dim3 grid(blocks_for(n_cols, kTile), blocks_for(n_monitored, kTile));
  lodf_columns_kernel<<<grid, dim3(kTile, 8), 0, stream>>>(x, ld, n_cols, n_monitored, b, from, to,
                                                           inv, own, lodf, lodf32, m_ld);
  GAT_CUDA_LAUNCH("lodf_columns_kernel");
}

void lodf_row_max(const double* lodf, std::size_t ld, std::size_t n_cols, std::size_t n_monitored,
                  const std::uint8_t* islanding, double* lmax, cudaStream_t stream) {
  if (n_monitored == 0) return;
  lodf_row_max_kernel<<<blocks_for(n_monitored, 128), 128, 0, stream>>>(
      lodf, ld, n_cols, n_monitored, islanding, lmax);
  GAT_CUDA_LAUNCH("lodf_row_max_kernel");
}

void column_abs_max(const double* omax, const double* omin, const std::uint8_t* islanding,
                    std::size_t n_cols, double* pmax, cudaStream_t stream) {
  column_abs_max_kernel<<<1, 1024, 0, stream>>>(omax, omin, islanding, n_cols, pmax);
  GAT_CUDA_LAUNCH("column_abs_max_kernel");
}

void thresholds(Mode mode, std::size_t n_monitored, const double* limit, const double* bmax,
                const double* bmin, const double* lmax, const double* pmax, float* thr32,
                double* prune_limit, cudaStream_t stream) {
  if (n_monitored == 0) return;
  thresholds_kernel<<<blocks_for(n_monitored, 256), 256, 0, stream>>>(
      mode, n_monitored, limit, bmax, bmin, lmax, pmax, thr32, prune_limit);
  GAT_CUDA_LAUNCH("thresholds_kernel");
}

}  // namespace gat::gpu::screen
