// Discovery and selection of CUDA devices; registration of the back end.
#include <cuda_runtime.h>

#include <cstdlib>
#include <string>

#include "gat/core/error.hpp"
#include "gat/gpu/cuda.hpp"
#include "gpu/check.hpp"
#include "gpu/cuda_device.hpp"

namespace gat::gpu {

namespace {

std::string driver_words(int version) {
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

accel::DeviceInfo describe(int ordinal, bool with_free_memory) {
  cudaDeviceProp p{};
  GAT_CUDA(cudaGetDeviceProperties(&p, ordinal));
  accel::DeviceInfo d;
  d.ordinal = ordinal;
  d.name = p.name;
  d.compute_major = p.major;
  d.compute_minor = p.minor;
  d.multiprocessors = p.multiProcessorCount;
  d.memory_total_bytes = p.totalGlobalMem;
  d.l2_bytes = static_cast<std::size_t>(p.l2CacheSize);
  int bus = 0, clock = 0;
  if (cudaDeviceGetAttribute(&bus, cudaDevAttrGlobalMemoryBusWidth, ordinal) == cudaSuccess)
    d.memory_bus_bits = bus;
  if (cudaDeviceGetAttribute(&clock, cudaDevAttrMemoryClockRate, ordinal) == cudaSuccess)
    d.memory_clock_khz = clock;
  if (with_free_memory) {
    GAT_CUDA(cudaSetDevice(ordinal));
    std::size_t free = 0, total = 0;
    if (cudaMemGetInfo(&free, &total) == cudaSuccess) d.memory_free_bytes = free;
  }
  return d;
}

int chosen_ordinal(int ordinal, int count) {
  if (ordinal < 0) {
    const char* env = std::getenv("GAT_CUDA_DEVICE");
    ordinal = env != nullptr ? std::atoi(env) : 0;
  }
  if (ordinal < 0 || ordinal >= count) {
    throw SolverUnavailable("no CUDA device " + std::to_string(ordinal) + " (" +
                            std::to_string(count) + " found)");
  }
  return ordinal;
}

std::unique_ptr<accel::Device> open_cuda(int ordinal) {
  const auto a = cuda_availability();
  if (!a.usable) throw SolverUnavailable("no CUDA device: " + a.reason);
  const int chosen = chosen_ordinal(ordinal, static_cast<int>(a.devices.size()));
  return make_cuda_device(describe(chosen, true));
}

}  // namespace

accel::Availability cuda_availability() {
  accel::Availability a;
  a.backend = "cuda";
  a.compiled = true;
  cudaRuntimeGetVersion(&a.runtime_version);
  if (cudaDriverGetVersion(&a.driver_version) != cudaSuccess || a.driver_version == 0) {
    a.driver_version = 0;
    a.reason = "no NVIDIA driver found (CUDA runtime " + driver_words(a.runtime_version) + ")";
    return a;
  }
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    // The count is left untouched on error (e.g. cudaErrorInsufficientDriver).
    a.reason = std::string(error_name(e)) + ": " + error_text(e) + " (driver " +
               driver_words(a.driver_version) + ", runtime " + driver_words(a.runtime_version) +
               ")";
    return a;
  }
  if (count == 0) {
    a.reason = "the driver reports no CUDA device";
    return a;
  }
  for (int i = 0; i < count; ++i) a.devices.push_back(describe(i, false));
  // Is there code in this binary for the device? (sm_90 machine code plus compute_90 PTX.)
  std::string why;
  if (!kernels_run_on(chosen_ordinal(-1, count), why)) {
    a.reason = why;
    return a;
  }
  a.usable = true;
  return a;
}

void register_cuda_backend() {
  accel::register_backend({"cuda", cuda_availability, open_cuda});
}

}  // namespace gat::gpu
