// The accelerator registry: clear errors without a back end, precision names.
#include "gat/accel/device.hpp"

#include <gtest/gtest.h>

#include "gat/core/error.hpp"
#include "support/gpu.hpp"

TEST(AccelRegistry, UnknownBackendSaysSo) {
  EXPECT_THROW(gat::accel::open("nonesuch"), gat::SolverUnavailable);
  const auto a = gat::accel::probe("nonesuch");
  EXPECT_FALSE(a.compiled);
  EXPECT_FALSE(a.usable);
  EXPECT_NE(a.reason.find("nonesuch"), std::string::npos);
}

TEST(AccelRegistry, CudaIsCompiledExactlyWhenBuiltWithIt) {
  std::string why;
  gat::test::cuda_device(why);  // registers the CUDA back end where it is built
  const auto a = gat::accel::probe("cuda");
#ifdef GAT_HAVE_CUDA
  EXPECT_TRUE(a.compiled);
  if (!a.usable) {
    EXPECT_FALSE(a.reason.empty());
    try {
      gat::accel::open("cuda");
      ADD_FAILURE() << "open succeeded without a usable device";
    } catch (const gat::SolverUnavailable& e) {
      EXPECT_NE(std::string(e.what()).find("no CUDA device"), std::string::npos) << e.what();
    }
  }
#else
  EXPECT_FALSE(a.compiled);
  try {
    gat::accel::open("cuda");
    ADD_FAILURE() << "open succeeded in a build without CUDA";
  } catch (const gat::SolverUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find("built without CUDA"), std::string::npos) << e.what();
  }
#endif
}

TEST(AccelPrecision, Names) {
  using gat::accel::Precision;
  EXPECT_EQ(gat::accel::parse_precision("auto"), Precision::kAuto);
  EXPECT_EQ(gat::accel::parse_precision("f32"), Precision::kF32);
  EXPECT_EQ(gat::accel::parse_precision("f64"), Precision::kF64);
  EXPECT_EQ(gat::accel::to_string(Precision::kF32), "f32");
  EXPECT_THROW(gat::accel::parse_precision("f16"), gat::UsageError);
}

TEST(AccelDevice, DescribesItself) {
  GAT_GPU_OR_SKIP(device);
  EXPECT_EQ(device->backend(), "cuda");
  EXPECT_FALSE(device->info().name.empty());
  EXPECT_GE(device->info().compute_major, 9);
  EXPECT_GT(device->info().memory_total_bytes, 0u);
}
