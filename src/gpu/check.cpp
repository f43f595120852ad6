#include "gpu/check.hpp"

#include <cstdlib>
#include <cstring>
#include <string>

#include "gat/core/error.hpp"

namespace gat::gpu {

namespace {

bool sync_after_launch() {
  static const bool sync = [] {
    const char* v = std::getenv("GAT_CUDA_SYNC");
    return v != nullptr && std::strcmp(v, "0") != 0;
  }();
  return sync;
}

}  // namespace

const char* error_name(cudaError_t error) {
  return cudaGetErrorName(error);
}

const char* error_text(cudaError_t error) {
  return cudaGetErrorString(error);
}

void throw_cuda_error(cudaError_t error, const char* what, const char* file, int line) {
  const char* base = std::strrchr(file, '/');
  std::string message = std::string("CUDA: ") + what + " failed at " + (base ? base + 1 : file) +
                        ":" + std::to_string(line) + ": " + error_name(error) + " (" +
                        error_text(error) + ")";
  if (error == cudaErrorMemoryAllocation) message += "; the problem does not fit in device memory";
  throw Error(message);
}

void check_launch(const char* kernel, const char* file, int line) {
  check_cuda(cudaGetLastError(), kernel, file, line);
  if (sync_after_launch()) check_cuda(cudaDeviceSynchronize(), kernel, file, line);
}

}  // namespace gat::gpu
