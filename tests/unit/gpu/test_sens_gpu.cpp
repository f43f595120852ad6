// PTDF and LODF solved on the GPU from the factored B': f64 equals the CPU to the bit, f32 is
// close.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/sens/lodf.hpp"
#include "gat/sens/ptdf.hpp"
#include "support/gpu.hpp"

namespace {

using gat::accel::Precision;

TEST(GpuSens, PtdfAndLodfEqualTheCpu) {
  GAT_GPU_OR_SKIP(device);
  const auto net = gat::io::load_case("case2383wp");
  const auto topo = gat::core::analyze_topology(net);
  const gat::sens::DcModel model(net, topo);
  const auto h_cpu = gat::sens::ptdf(model);
  const auto h_gpu = gat::sens::ptdf(model, {}, device, Precision::kF64);
  ASSERT_EQ(h_cpu.values.size(), h_gpu.values.size());
  for (std::size_t i = 0; i < h_cpu.values.size(); ++i)
    ASSERT_EQ(h_cpu.values[i], h_gpu.values[i]) << i;

  const auto l_cpu = gat::sens::lodf(model);
  const auto l_gpu = gat::sens::lodf(model, device, Precision::kF64);
  ASSERT_EQ(l_cpu.lodf.values.size(), l_gpu.lodf.values.size());
  for (std::size_t i = 0; i < l_cpu.lodf.values.size(); ++i)
    ASSERT_EQ(l_cpu.lodf.values[i], l_gpu.lodf.values[i]) << i;
  EXPECT_EQ(l_cpu.islanding, l_gpu.islanding);
}

TEST(GpuSens, SinglePrecisionPtdfIsClose) {
  GAT_GPU_OR_SKIP(device);
  const auto net = gat::io::load_case("case_ACTIVSg2000");
  const auto topo = gat::core::analyze_topology(net);
  const gat::sens::DcModel model(net, topo);
  std::vector<std::int32_t> buses(200);
  std::iota(buses.begin(), buses.end(), 0);
  const auto cpu = gat::sens::ptdf_columns(model, buses);
  const auto f32 = gat::sens::ptdf_columns(model, buses, {}, device, Precision::kF32);
  double worst = 0;
  for (std::size_t i = 0; i < cpu.values.size(); ++i)
    worst = std::max(worst, std::abs(cpu.values[i] - f32.values[i]));
  EXPECT_LT(worst, 1e-4);  // PTDF entries are at most 1 in magnitude
}

}  // namespace
