// The CUDA implementation of accel::Device. Each operation lives in its own file:
// branch_flows.cpp (sensitivities), dc_screen.cpp (fused N-1 screening), mismatch.cu,
// capacity.cu; the kernels they launch are declared in the *_kernels.hpp beside them.
#pragma once

#include <memory>
#include <string>

#include "gat/accel/device.hpp"
#include "gpu/memory.hpp"

namespace gat::gpu {

class CudaDevice final : public accel::Device {
 public:
  explicit CudaDevice(accel::DeviceInfo info);

  const accel::DeviceInfo& info() const override { return info_; }
  std::string_view backend() const override { return "cuda"; }

  accel::DcScreenOutput screen_dc(const accel::DcScreenProblem& problem) override;
  void branch_flows(const accel::BranchFlowProblem& problem, std::span<double> out,
                    std::span<double> diagonal) override;
  accel::MismatchOutput power_mismatch(const accel::MismatchProblem& problem) override;
  accel::CapacityOutput capacity_check(const accel::CapacityProblem& problem) override;

  // Makes this device current for the calling thread.
  void activate() const;
  cudaStream_t stream() const { return stream_->get(); }
  // Bytes that may still be allocated, leaving headroom for the runtime.
  std::size_t free_bytes() const;

 private:
  accel::DeviceInfo info_;
  std::unique_ptr<Stream> stream_;
};

std::unique_ptr<accel::Device> make_cuda_device(accel::DeviceInfo info);

// Whether this binary carries code the device can run; why not otherwise.
bool kernels_run_on(int ordinal, std::string& why);

}  // namespace gat::gpu
