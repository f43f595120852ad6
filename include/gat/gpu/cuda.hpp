// The CUDA back end of accel::Device (H100/H200-class GPUs, sm_90, with PTX for newer ones).
// Only in builds with GAT_CUDA=ON; programs that link gat_gpu call register_cuda_backend()
// once at start, after which accel::open("cuda") finds it.
#pragma once

#include "gat/accel/device.hpp"

namespace gat::gpu {

void register_cuda_backend();

// Devices, driver and runtime as the CUDA runtime reports them, or why there are none.
accel::Availability cuda_availability();

// The roofline for memory-bound kernels: a device-to-device copy of `bytes` on the current
// device, median of `reps` timed copies after a warm-up, counting bytes read plus written
// (GB/s, 1e9 bytes).
double copy_bandwidth_gbs(std::size_t bytes, int reps = 10);

}  // namespace gat::gpu
