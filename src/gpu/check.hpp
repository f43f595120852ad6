// The one place that checks CUDA calls and kernel launches. Every runtime call goes through
// GAT_CUDA(...), every launch is followed by GAT_CUDA_LAUNCH("name"): a failure throws
// gat::Error naming the call, the source line and the runtime's own words. With
// GAT_CUDA_SYNC=1 in the environment each launch is also waited for, so that an error in a
// kernel is reported at that kernel (for debugging and compute-sanitizer runs).
#pragma once

#include <cuda_runtime.h>

namespace gat::gpu {

[[noreturn]] void throw_cuda_error(cudaError_t error, const char* what, const char* file, int line);

inline void check_cuda(cudaError_t error, const char* what, const char* file, int line) {
  if (error != cudaSuccess) throw_cuda_error(error, what, file, line);
}

// After a launch: the launch error, and with GAT_CUDA_SYNC=1 the kernel's own.
void check_launch(const char* kernel, const char* file, int line);

// "cudaErrorInsufficientDriver: CUDA driver version is insufficient for CUDA runtime version"
const char* error_name(cudaError_t error);
const char* error_text(cudaError_t error);

}  // namespace gat::gpu

#define GAT_CUDA(call) ::gat::gpu::check_cuda((call), #call, __FILE__, __LINE__)
#define GAT_CUDA_LAUNCH(kernel) ::gat::gpu::check_launch((kernel), __FILE__, __LINE__)
