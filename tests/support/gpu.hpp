// The CUDA device for tests that compare the GPU with the CPU. Where this build has no CUDA or
// the machine no device, tests skip with the reason ("skipped: no GPU: ...") instead of passing.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "gat/accel/device.hpp"
#include "gat/core/error.hpp"
#ifdef GAT_HAVE_CUDA
#include "gat/gpu/cuda.hpp"
#endif

namespace gat::test {

// Opened once per test program; nullptr with *why set when there is none.
inline accel::Device* cuda_device(std::string& why) {
  static std::string reason;
  static std::unique_ptr<accel::Device> device = [] {
#ifdef GAT_HAVE_CUDA
    gpu::register_cuda_backend();
#endif
    try {
      return accel::open("cuda");
    } catch (const Error& e) {
      reason = e.what();
      return std::unique_ptr<accel::Device>{};
    }
  }();
  why = reason;
  return device.get();
}

}  // namespace gat::test

// Declares `device` (accel::Device*) or skips the test.
#define GAT_GPU_OR_SKIP(device)                          \
  std::string gat_gpu_why_;                              \
  auto* device = ::gat::test::cuda_device(gat_gpu_why_); \
  if (device == nullptr) GTEST_SKIP() << "skipped: no GPU: " << gat_gpu_why_
