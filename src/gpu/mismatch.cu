// CudaDevice::power_mismatch: one thread per scenario walks the buses in order, so the worst
// bus is found as the CPU finds it and every f64 sum has the CPU's order and roundings
// (explicit _rn operations: no contraction into fused multiply-adds, as on the CPU).
#include <chrono>

#include "gat/core/error.hpp"
#include "gpu/cuda_device.hpp"

namespace gat::gpu {

namespace {

template <class T>
struct Ops;
template <>
struct Ops<double> {
  static __device__ double mul(double a, double b) { return __dmul_rn(a, b); }
  static __device__ double add(double a, double b) { return __dadd_rn(a, b); }
  static __device__ double sub(double a, double b) { return __dsub_rn(a, b); }
};
template <>
struct Ops<float> {
  static __device__ float mul(float a, float b) { return __fmul_rn(a, b); }
  static __device__ float add(float a, float b) { return __fadd_rn(a, b); }
  static __device__ float sub(float a, float b) { return __fsub_rn(a, b); }
};

// Voltages are stored bus-major (v[k * ldv + s]) so that a warp's 32 scenarios read one row
// of 32 consecutive values; one shared state has ldv = 1 and every thread reads it.
template <class T>
__global__ void mismatch_kernel(int n_buses, const std::int32_t* __restrict__ row_ptr,
                                const std::int32_t* __restrict__ col_idx, const T* __restrict__ g,
                                const T* __restrict__ b, std::size_t n_scenarios,
                                const T* __restrict__ vr, const T* __restrict__ vi, std::size_t ldv,
                                bool shared, const double* __restrict__ p_sched,
                                const double* __restrict__ q_sched,
                                const std::uint8_t* __restrict__ p_check,
                                const std::uint8_t* __restrict__ q_check, double* max_dp,
                                double* max_dq, std::int32_t* worst_p, std::int32_t* worst_q,
                                double* dp_out, double* dq_out) {
  using O = Ops<T>;
  const std::size_t s = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (s >= n_scenarios) return;
  const std::size_t col = shared ? 0 : s;
  double wp = 0, wq = 0;
  std::int32_t bp = -1, bq = -1;
  for (int i = 0; i < n_buses; ++i) {
    const T vri = vr[static_cast<std::size_t>(i) * ldv + col];
    const T vii = vi[static_cast<std::size_t>(i) * ldv + col];
    T s_re = 0, s_im = 0;
    for (std::int32_t p = row_ptr[i]; p < row_ptr[i + 1]; ++p) {
      const std::size_t k = static_cast<std::size_t>(col_idx[p]);
      const T vrk = vr[k * ldv + col], vik = vi[k * ldv + col];
      const T yr = O::sub(O::mul(g[p], vrk), O::mul(b[p], vik));
      const T yi = O::add(O::mul(g[p], vik), O::mul(b[p], vrk));
      s_re = O::add(s_re, O::add(O::mul(vri, yr), O::mul(vii, yi)));
      s_im = O::add(s_im, O::sub(O::mul(vii, yr), O::mul(vri, yi)));
    }
    const std::size_t at = s * static_cast<std::size_t>(n_buses) + i;
    const double dp = __dsub_rn(static_cast<double>(s_re), p_sched[at]);
    const double dq = __dsub_rn(static_cast<double>(s_im), q_sched[at]);
    if (dp_out != nullptr) {
      dp_out[at] = dp;
      dq_out[at] = dq;
    }
    if (p_check[i] && (bp < 0 || fabs(dp) > wp)) wp = fabs(dp), bp = i;
    if (q_check[i] && (bq < 0 || fabs(dq) > wq)) wq = fabs(dq), bq = i;
  }
  max_dp[s] = wp;
  max_dq[s] = wq;
  worst_p[s] = bp;
  worst_q[s] = bq;
}

template <class T>
DeviceBuffer<T> converted(std::span<const double> h, cudaStream_t s) {
  const std::vector<T> c(h.begin(), h.end());
  DeviceBuffer<T> d;
  d.upload(std::span<const T>(c), s);
  GAT_CUDA(cudaStreamSynchronize(s));
  return d;
}

// Scenario-major host voltages to bus-major device ones.
template <class T>
DeviceBuffer<T> bus_major(std::span<const double> v, std::size_t nb, std::size_t ns,
                          cudaStream_t s) {
  if (v.size() == nb) return converted<T>(v, s);
  std::vector<double> t(v.size());
  for (std::size_t j = 0; j < ns; ++j) {
    for (std::size_t i = 0; i < nb; ++i) t[i * ns + j] = v[j * nb + i];
  }
  return converted<T>(t, s);
}

template <class T>
void run(const accel::MismatchProblem& p, accel::MismatchOutput& out, cudaStream_t s) {
  const std::size_t nb = static_cast<std::size_t>(p.n_buses), ns = p.n_scenarios;
  const bool shared = p.vr.size() == nb;
  DeviceBuffer<std::int32_t> row_ptr, col_idx;
  row_ptr.upload(p.row_ptr, s);
  col_idx.upload(p.col_idx, s);
  const auto g = converted<T>(p.g, s), b = converted<T>(p.b, s);
  const auto vr = bus_major<T>(p.vr, nb, ns, s), vi = bus_major<T>(p.vi, nb, ns, s);
  DeviceBuffer<double> ps, qs, max_dp(ns), max_dq(ns), dp(p.keep_mismatch ? nb * ns : 0),
      dq(p.keep_mismatch ? nb * ns : 0);
  ps.upload(p.p_sched, s);
  qs.upload(p.q_sched, s);
  DeviceBuffer<std::uint8_t> pc, qc;
  pc.upload(p.p_check, s);
  qc.upload(p.q_check, s);
  DeviceBuffer<std::int32_t> wp(ns), wq(ns);
  GAT_CUDA(cudaStreamSynchronize(s));
  const auto start = std::chrono::steady_clock::now();
  mismatch_kernel<T><<<blocks_for(ns, 64), 64, 0, s>>>(
      p.n_buses, row_ptr.data(), col_idx.data(), g.data(), b.data(), ns, vr.data(), vi.data(),
      shared ? 1 : ns, shared, ps.data(), qs.data(), pc.data(), qc.data(), max_dp.data(),
      max_dq.data(), wp.data(), wq.data(), p.keep_mismatch ? dp.data() : nullptr,
      p.keep_mismatch ? dq.data() : nullptr);
  GAT_CUDA_LAUNCH("mismatch_kernel");
  GAT_CUDA(cudaStreamSynchronize(s));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.max_dp.resize(ns), out.max_dq.resize(ns), out.worst_p_bus.resize(ns),
      out.worst_q_bus.resize(ns);
  max_dp.download(out.max_dp, s);
  max_dq.download(out.max_dq, s);
  wp.download(out.worst_p_bus, s);
  wq.download(out.worst_q_bus, s);
  if (p.keep_mismatch) {
    out.dp.resize(nb * ns), out.dq.resize(nb * ns);
    dp.download(out.dp, s);
    dq.download(out.dq, s);
  }
  GAT_CUDA(cudaStreamSynchronize(s));
}

}  // namespace

accel::MismatchOutput CudaDevice::power_mismatch(const accel::MismatchProblem& p) {
  activate();
  accel::MismatchOutput out;
  if (p.n_scenarios == 0) return out;
  if (p.precision == accel::Precision::kF32) {
    run<float>(p, out, stream());
  } else {
    run<double>(p, out, stream());
  }
  return out;
}

}  // namespace gat::gpu
