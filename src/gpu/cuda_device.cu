#include "gpu/cuda_device.hpp"

#include <algorithm>
#include <vector>

#include "gat/gpu/cuda.hpp"

namespace gat::gpu {

namespace {

__global__ void probe_kernel(int* out) {
  if (out != nullptr) *out = 1;
}

}  // namespace

CudaDevice::CudaDevice(accel::DeviceInfo info) : info_(std::move(info)) {
  activate();
  stream_ = std::make_unique<Stream>();
}

void CudaDevice::activate() const {
  GAT_CUDA(cudaSetDevice(info_.ordinal));
}

std::size_t CudaDevice::free_bytes() const {
  std::size_t free = 0, total = 0;
  GAT_CUDA(cudaMemGetInfo(&free, &total));
  constexpr std::size_t kHeadroom = std::size_t{512} << 20;
  return free > kHeadroom ? free - kHeadroom : 0;
}

std::unique_ptr<accel::Device> make_cuda_device(accel::DeviceInfo info) {
  return std::make_unique<CudaDevice>(std::move(info));
}

bool kernels_run_on(int ordinal, std::string& why) {
  if (cudaSetDevice(ordinal) != cudaSuccess) {
    why = "cannot select CUDA device " + std::to_string(ordinal);
    return false;
  }
  cudaFuncAttributes attributes{};
  const cudaError_t e = cudaFuncGetAttributes(&attributes, probe_kernel);
  if (e != cudaSuccess) {
    cudaDeviceProp p{};
    cudaGetDeviceProperties(&p, ordinal);
    why = std::string(p.name) + " (compute capability " + std::to_string(p.major) + "." +
          std::to_string(p.minor) + ") cannot run this build's kernels (" + error_name(e) +
          "); rebuild with CMAKE_CUDA_ARCHITECTURES for it";
    cudaGetLastError();
    return false;
  }
  return true;
}

double copy_bandwidth_gbs(std::size_t bytes, int reps) {
  DeviceBuffer<unsigned char> a(bytes), b(bytes);
  Stream s;
  GAT_CUDA(cudaMemsetAsync(a.data(), 1, bytes, s));
  GAT_CUDA(cudaMemcpyAsync(b.data(), a.data(), bytes, cudaMemcpyDeviceToDevice, s));
  std::vector<float> ms;
  for (int r = 0; r < reps; ++r) {
    Event start, stop;
    start.record(s);
    GAT_CUDA(cudaMemcpyAsync(b.data(), a.data(), bytes, cudaMemcpyDeviceToDevice, s));
    stop.record(s);
    ms.push_back(stop.since(start));
  }
  std::sort(ms.begin(), ms.end());
  const double median_s = ms[ms.size() / 2] * 1e-3;
  return 2.0 * static_cast<double>(bytes) / median_s / 1e9;
}

}  // namespace gat::gpu
