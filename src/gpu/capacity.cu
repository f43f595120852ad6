// CudaDevice::capacity_check: one thread per (scenario, hour) draws every unit's availability
// (Philox, adequacy/philox.hpp) and sums the available capacity in unit order; per-scenario
// and per-hour sums follow in the CPU's order. Units' ratings and outage rates sit in shared
// memory, read by every thread of a block at the same time.
#include <chrono>

#include "gat/adequacy/philox.hpp"
#include "gpu/cuda_device.hpp"

namespace gat::gpu {

namespace {

constexpr int kUnitsPerStage = 1024;

__global__ void shortfall_kernel(std::uint64_t seed, std::uint64_t first_scenario,
                                 std::size_t n_scenarios, std::size_t n_hours,
                                 const double* __restrict__ unit_mw,
                                 const double* __restrict__ unit_for, std::size_t n_units,
                                 const double* __restrict__ load_mw,
                                 double* __restrict__ shortfall) {
  __shared__ double mw[kUnitsPerStage], outage[kUnitsPerStage];
  const std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const bool active = i < n_scenarios * n_hours;
  const std::size_t s = active ? i / n_hours : 0, h = active ? i % n_hours : 0;
  double capacity = 0.0;
  for (std::size_t u0 = 0; u0 < n_units; u0 += kUnitsPerStage) {
    const std::size_t count = min(static_cast<std::size_t>(kUnitsPerStage), n_units - u0);
    __syncthreads();
    for (std::size_t j = threadIdx.x; j < count; j += blockDim.x) {
      mw[j] = unit_mw[u0 + j];
      outage[j] = unit_for[u0 + j];
    }
    __syncthreads();
    if (!active) continue;
    for (std::size_t j = 0; j < count; j += 2) {
      // One Philox block serves units 2i and 2i + 1 (u0 is even).
      const std::uint32_t u = static_cast<std::uint32_t>(u0 + j);
      const std::uint64_t scenario = first_scenario + s;
      const adequacy::PhiloxBlock r = adequacy::philox4x32_10(
          {{u / 2, static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(scenario),
            static_cast<std::uint32_t>(scenario >> 32)}},
          static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32));
      if (adequacy::to_unit(r.v[0], r.v[1]) >= outage[j]) capacity = __dadd_rn(capacity, mw[j]);
      if (j + 1 < count && adequacy::to_unit(r.v[2], r.v[3]) >= outage[j + 1])
        capacity = __dadd_rn(capacity, mw[j + 1]);
    }
  }
  if (active) shortfall[i] = fmax(0.0, __dsub_rn(load_mw[h], capacity));
}

__global__ void per_scenario_kernel(const double* __restrict__ shortfall, std::size_t n_scenarios,
                                    std::size_t n_hours, std::int32_t* lol, double* unserved) {
  const std::size_t s = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (s >= n_scenarios) return;
  std::int32_t n = 0;
  double e = 0.0;
  for (std::size_t h = 0; h < n_hours; ++h) {
    const double x = shortfall[s * n_hours + h];
    n += x > 0.0;
    e = __dadd_rn(e, x);
  }
  lol[s] = n;
  unserved[s] = e;
}

__global__ void per_hour_kernel(const double* __restrict__ shortfall, std::size_t n_scenarios,
                                std::size_t n_hours, std::int32_t* lol, double* unserved) {
  const std::size_t h = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (h >= n_hours) return;
  std::int32_t n = 0;
  double e = 0.0;
  for (std::size_t s = 0; s < n_scenarios; ++s) {
    const double x = shortfall[s * n_hours + h];
    n += x > 0.0;
    e = __dadd_rn(e, x);
  }
  lol[h] = n;
  unserved[h] = e;
}

}  // namespace

accel::CapacityOutput CudaDevice::capacity_check(const accel::CapacityProblem& p) {
  activate();
  const cudaStream_t s = stream();
  const std::size_t ns = p.n_scenarios, nh = p.load_mw.size(), nu = p.unit_mw.size();
  accel::CapacityOutput out;
  out.scenario_lol_hours.assign(ns, 0);
  out.scenario_unserved_mwh.assign(ns, 0.0);
  out.hour_lol_count.assign(nh, 0);
  out.hour_unserved_mwh.assign(nh, 0.0);
  if (ns == 0 || nh == 0) return out;
  DeviceBuffer<double> mw, outage, load, shortfall(ns * nh), s_unserved(ns), h_unserved(nh);
  DeviceBuffer<std::int32_t> s_lol(ns), h_lol(nh);
  mw.upload(p.unit_mw, s);
  outage.upload(p.unit_for, s);
  load.upload(p.load_mw, s);
  GAT_CUDA(cudaStreamSynchronize(s));
  const auto start = std::chrono::steady_clock::now();
  shortfall_kernel<<<blocks_for(ns * nh, 256), 256, 0, s>>>(p.seed, p.first_scenario, ns, nh,
                                                            mw.data(), outage.data(), nu,
                                                            load.data(), shortfall.data());
  GAT_CUDA_LAUNCH("shortfall_kernel");
  per_scenario_kernel<<<blocks_for(ns, 128), 128, 0, s>>>(shortfall.data(), ns, nh, s_lol.data(),
                                                          s_unserved.data());
  GAT_CUDA_LAUNCH("per_scenario_kernel");
  per_hour_kernel<<<blocks_for(nh, 128), 128, 0, s>>>(shortfall.data(), ns, nh, h_lol.data(),
                                                      h_unserved.data());
  GAT_CUDA_LAUNCH("per_hour_kernel");
  GAT_CUDA(cudaStreamSynchronize(s));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  s_lol.download(out.scenario_lol_hours, s);
  s_unserved.download(out.scenario_unserved_mwh, s);
  h_lol.download(out.hour_lol_count, s);
  h_unserved.download(out.hour_unserved_mwh, s);
  if (p.keep_shortfall) {
    out.shortfall_mw.resize(ns * nh);
    shortfall.download(out.shortfall_mw, s);
  }
  GAT_CUDA(cudaStreamSynchronize(s));
  return out;
}

}  // namespace gat::gpu
