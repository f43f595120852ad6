// Pruning plan, the fused screen, the f64 re-check and the top-K compaction.
#include <cfloat>

#include "gpu/memory.hpp"
#include "gpu/screen_kernels.hpp"

namespace gat::gpu::screen {

namespace {

constexpr int kPlanThreads = 256;
constexpr int kStage = 32;  // outage columns staged in shared memory at a time

// Ordered compaction of the columns that may violate somewhere in the tile: a ballot per warp,
// the warps' counts scanned in shared memory, so the list stays ascending.
__global__ void __launch_bounds__(kPlanThreads)
    plan_kernel(const double* __restrict__ lodf, std::size_t ld, std::size_t n_monitored,
                std::size_t n_cols, const double* __restrict__ bmax,
                const double* __restrict__ bmin, const double* __restrict__ omax,
                const double* __restrict__ omin, const double* __restrict__ prune_limit,
                const std::uint8_t* __restrict__ islanding, bool prune,
                std::int32_t* __restrict__ klist, std::size_t klist_ld,
                std::int32_t* __restrict__ kcount) {
  __shared__ int warp_offset[kPlanThreads / 32 + 1];
  const std::size_t tile = blockIdx.x, m0 = tile * kRows;
  const unsigned lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  std::int32_t* list = klist + tile * klist_ld;
  int written = 0;
  for (std::size_t k0 = 0; k0 < n_cols; k0 += kPlanThreads) {
    const std::size_t k = k0 + threadIdx.x;
    bool keep = false;
    if (k < n_cols && !islanding[k]) {
      keep = !prune;
      const double hi_k = omax[k], lo_k = omin[k];
      for (int r = 0; r < kRows && !keep; ++r) {
        const std::size_t m = m0 + r;
        if (m >= n_monitored) break;
        const double l = lodf[k * ld + m];
        const double a = l * hi_k, c = l * lo_k, lim = prune_limit[m];
        keep = bmax[m] + fmax(a, c) > lim || bmin[m] + fmin(a, c) < -lim;
      }
    }
    const unsigned ballot = __ballot_sync(0xffffffffu, keep);
    if (lane == 0) warp_offset[warp + 1] = __popc(ballot);
    __syncthreads();
    if (threadIdx.x == 0) {
      warp_offset[0] = 0;
      for (int w = 1; w <= kPlanThreads / 32; ++w) warp_offset[w] += warp_offset[w - 1];
    }
    __syncthreads();
    if (keep) {
      const int before = __popc(ballot & ((1u << lane) - 1u));
      list[written + warp_offset[warp] + before] = static_cast<std::int32_t>(k);
    }
    written += warp_offset[kPlanThreads / 32];
    __syncthreads();
  }
  if (threadIdx.x == 0) kcount[tile] = written;
}

template <class T>
__device__ __forceinline__ T fused(T a, T b, T c);
template <>
__device__ __forceinline__ double fused(double a, double b, double c) {
  return fma(a, b, c);
}
template <>
__device__ __forceinline__ float fused(float a, float b, float c) {
  return fmaf(a, b, c);
}

__device__ __forceinline__ unsigned long long reserve(unsigned long long* counter) {
  return atomicAdd(counter, 1ull);
}

// Inserts (column, loading) into the (monitored, hour) list: worst first, an equal loading
// after the ones already there (they have lower columns), as the CPU's reduce ranks them.
__device__ void insert_top(const ScreenArgs& a, std::size_t m, std::size_t h, int column,
                           double post) {
  const std::size_t slot = m * a.hc + h;
  const double loading = fabs(post) / a.rate[m];
  const int n = a.top_n[slot], k = a.top_k;
  double* v = a.top_loading + slot * k;
  std::int32_t* c = a.top_column + slot * k;
  double* p = a.top_post + slot * k;
  int i = n;
  while (i > 0 && v[i - 1] < loading) --i;
  if (i >= k) return;
  for (int j = min(n, k - 1); j > i; --j) {
    v[j] = v[j - 1];
    c[j] = c[j - 1];
    p[j] = p[j - 1];
  }
  v[i] = loading;
  c[i] = column;
  p[i] = post;
  a.top_n[slot] = static_cast<std::uint8_t>(min(n + 1, k));
}

// The rare path: which rows of the tile violate for column k at hour h, recomputed with the
// same operations as the fast path.
template <class T>
__device__ __noinline__ void record(const ScreenArgs& a, const T* lrow, T p, int k, std::size_t m0,
                                    std::size_t h) {
  const T* base = static_cast<const T*>(a.base);
  const T* thr = static_cast<const T*>(a.thr);
  for (int r = 0; r < kRows; ++r) {
    const std::size_t m = m0 + r;
    if (m >= a.n_monitored) break;
    const T v = fused(lrow[r], p, base[m * a.ldh + h]);
    if (!(fabs(v) > thr[m])) continue;
    const auto i = reserve(a.n_out);
    if (a.mode == Mode::kAuto) {
      if (i < a.capacity)
        a.candidates[i] = {k, static_cast<std::int32_t>(m), static_cast<std::int32_t>(h)};
      continue;
    }
    const double post = static_cast<double>(v);
    if (i < a.capacity) {
      a.hits[i] = {k, static_cast<std::int32_t>(m), a.h0 + static_cast<std::int32_t>(h),
                   0, a.base64[m * a.ldh + h],      post};
    }
    if (a.top_k > 0) insert_top(a, m, h, k, post);
  }
}

// One thread per hour of the chunk, kRows monitored rows per block (their base flows and
// thresholds in registers); the block walks its tile's column list, kStage columns at a time
// staged in shared memory. Per (column, hour): one load of the outaged flow, then kRows fused
// multiply-adds and compares; only a hit leaves the loop.
template <class T>
__global__ void __launch_bounds__(256) screen_kernel(ScreenArgs a) {
  __shared__ __align__(16) T stage[kStage][kRows];
  __shared__ int columns[kStage];
  const T* lodf = static_cast<const T*>(a.lodf);
  const T* base = static_cast<const T*>(a.base);
  const T* outv = static_cast<const T*>(a.outv);
  const T* thr = static_cast<const T*>(a.thr);
  const std::size_t tile = blockIdx.x, m0 = tile * kRows;
  const std::size_t h = static_cast<std::size_t>(blockIdx.y) * blockDim.x + threadIdx.x;
  const bool active = h < a.hc;
  T b[kRows], t[kRows];
#pragma unroll
  for (int r = 0; r < kRows; ++r) {
    const std::size_t m = m0 + r;
    const bool ok = active && m < a.n_monitored;
    b[r] = ok ? base[m * a.ldh + h] : T(0);
    t[r] = ok ? thr[m] : T(INFINITY);
  }
  const int n = a.kcount[tile];
  const std::int32_t* list = a.klist + tile * a.klist_ld;
  for (int k0 = 0; k0 < n; k0 += kStage) {
    const int count = min(kStage, n - k0);
    __syncthreads();
    for (int i = threadIdx.x; i < kStage * kRows; i += blockDim.x) {
      const int s = i / kRows, r = i % kRows;
      T v = T(0);
      if (s < count) {
        const std::int32_t k = list[k0 + s];
        if (m0 + r < a.n_monitored) v = lodf[static_cast<std::size_t>(k) * a.lodf_ld + m0 + r];
        if (r == 0) columns[s] = k;
      }
      stage[s][r] = v;
    }
    __syncthreads();
#pragma unroll 4
    for (int s = 0; s < count; ++s) {
      const int k = columns[s];
      const T p = active ? outv[static_cast<std::size_t>(k) * a.ldh + h] : T(0);
      bool hit = false;
#pragma unroll
      for (int r = 0; r < kRows; ++r) hit |= fabs(fused(stage[s][r], p, b[r])) > t[r];
      if (hit) record<T>(a, stage[s], p, k, m0, h);
    }
  }
}

__global__ void recheck_kernel(const Candidate* __restrict__ c, std::size_t n,
                               const double* __restrict__ lodf, std::size_t ld,
                               const double* __restrict__ base, const double* __restrict__ outv,
                               std::size_t ldh, const double* __restrict__ limit, int h0, Hit* hits,
                               unsigned long long* n_hits, std::size_t capacity) {
  const std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const std::size_t k = c[i].column, m = c[i].monitored, h = c[i].hour;
  const double b = base[m * ldh + h];
  const double v = fma(lodf[k * ld + m], outv[k * ldh + h], b);  // the CPU's fused check
  if (!(fabs(v) > limit[m])) return;
  const auto slot = atomicAdd(n_hits, 1ull);
  if (slot < capacity)
    hits[slot] = {static_cast<std::int32_t>(k),
                  static_cast<std::int32_t>(m),
                  h0 + static_cast<std::int32_t>(h),
                  0,
                  b,
                  v};
}

__global__ void compact_top_kernel(std::size_t n_monitored, std::size_t hc, int h0, int top_k,
                                   const std::uint8_t* __restrict__ top_n,
                                   const std::int32_t* __restrict__ top_column,
                                   const double* __restrict__ top_post, TopRecord* out,
                                   unsigned long long* n_out) {
  const std::size_t slot = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (slot >= n_monitored * hc) return;
  const int n = top_n[slot];
  if (n == 0) return;
  const auto i = atomicAdd(n_out, 1ull);
  TopRecord& r = out[i];
  r.monitored = static_cast<std::int32_t>(slot / hc);
  r.hour = h0 + static_cast<std::int32_t>(slot % hc);
  r.count = n;
  for (int j = 0; j < n; ++j) {
    r.column[j] = top_column[slot * top_k + j];
    r.post[j] = top_post[slot * top_k + j];
  }
}

}  // namespace

void plan(const double* lodf, std::size_t ld, std::size_t n_monitored, std::size_t n_cols,
          const double* bmax, const double* bmin, const double* omax, const double* omin,
          const double* prune_limit, const std::uint8_t* islanding, bool prune, std::int32_t* klist,
          std::size_t klist_ld, std::int32_t* kcount, cudaStream_t stream) {
  const std::size_t tiles = (n_monitored + kRows - 1) / kRows;
  if (tiles == 0) return;
  plan_kernel<<<static_cast<unsigned>(tiles), kPlanThreads, 0, stream>>>(
      lodf, ld, n_monitored, n_cols, bmax, bmin, omax, omin, prune_limit, islanding, prune, klist,
      klist_ld, kcount);
  GAT_CUDA_LAUNCH("plan_kernel");
}

void fused_screen(const ScreenArgs& args, cudaStream_t stream) {
  const std::size_t tiles = (args.n_monitored + kRows - 1) / kRows;
  if (tiles == 0 || args.hc == 0) return;
  // Threads per block: the chunk's hours rounded up to whole warps, at most 256. Row tiles
  // vary fastest in the grid, so the blocks running together share one tile of hours, and
  // its outaged flows (256 hours × every column: about 15 MB in f32) stay in L2.
  const unsigned threads =
      static_cast<unsigned>(std::min<std::size_t>(256, (args.hc + 31) / 32 * 32));
  const dim3 grid(static_cast<unsigned>(tiles), blocks_for(args.hc, threads));
  if (args.mode == Mode::kF64) {
    screen_kernel<double><<<grid, threads, 0, stream>>>(args);
  } else {
    screen_kernel<float><<<grid, threads, 0, stream>>>(args);
  }
  GAT_CUDA_LAUNCH("screen_kernel");
}

void recheck(const Candidate* candidates, std::size_t n, const double* lodf64, std::size_t ld,
             const double* base64, const double* outv64, std::size_t ldh, const double* limit,
             int h0, Hit* hits, unsigned long long* n_hits, std::size_t capacity,
             cudaStream_t stream) {
  if (n == 0) return;
  recheck_kernel<<<blocks_for(n, 256), 256, 0, stream>>>(candidates, n, lodf64, ld, base64, outv64,
                                                         ldh, limit, h0, hits, n_hits, capacity);
  GAT_CUDA_LAUNCH("recheck_kernel");
}

void compact_top(std::size_t n_monitored, std::size_t hc, int h0, int top_k,
                 const std::uint8_t* top_n, const std::int32_t* top_column, const double* top_post,
                 TopRecord* out, unsigned long long* n_out, cudaStream_t stream) {
  if (n_monitored * hc == 0) return;
  compact_top_kernel<<<blocks_for(n_monitored * hc, 256), 256, 0, stream>>>(
      n_monitored, hc, h0, top_k, top_n, top_column, top_post, out, n_out);
  GAT_CUDA_LAUNCH("compact_top_kernel");
}

}  // namespace gat::gpu::screen
