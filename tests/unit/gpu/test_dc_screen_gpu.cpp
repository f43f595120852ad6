// The fused N-1 screen on the GPU against the CPU path, on real cases over a day of hours:
// f64 and auto give the CPU's violations exactly (same set, same post-contingency flows to
// the bit), f32 the same set up to flows within its rounding of a limit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "gat/contingency/dc_screen.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "support/gpu.hpp"

namespace {

using gat::accel::Precision;
using gat::contingency::DcScreenOptions;
using gat::contingency::DcScreenResult;
using gat::contingency::Violation;

struct Study {
  gat::core::Network net;
  gat::core::Topology topo;
  std::vector<gat::contingency::Outage> outages;
  std::vector<double> p_bus;
  std::size_t hours;
  std::size_t n_single = 0;  // outages before the double ones
};

// A day of hours (the bench profile's shape), every in-service branch out in turn, and a few
// double outages so that the CPU part of the device path is exercised too.
Study study(const char* name, std::size_t hours, bool with_doubles) {
  Study s{gat::io::load_case(name), {}, {}, {}, hours};
  s.topo = gat::core::analyze_topology(s.net);
  s.outages = gat::contingency::all_branch_outages(s.net);
  s.n_single = s.outages.size();
  if (with_doubles) {
    for (std::int32_t k = 0; k + 7 < 80; k += 8) s.outages.push_back({{k, k + 5}});
  }
  gat::core::Scenario profile(s.net);
  for (std::size_t h = 0; h < hours; ++h) {
    const double scale = 0.75 + 0.3 * std::sin(3.14159 * static_cast<double>(h) / 24.0);
    profile.add_hour(static_cast<std::int64_t>(h), scale, scale);
  }
  s.p_bus = gat::contingency::hourly_injections(profile);
  return s;
}

// all_violations: every post-contingency violation (the device ranks the top K in its pass);
// else those the filter reports (new or worse than before the outage; ranked on the host).
DcScreenResult screen(const Study& s, gat::accel::Device* device, Precision precision,
                      double threshold, bool all_violations = true) {
  DcScreenOptions o;
  o.threshold = threshold;
  o.report.all = all_violations;
  o.device = device;
  o.precision = precision;
  return gat::contingency::screen_dc(s.net, s.topo, s.outages, s.p_bus, s.hours, o);
}

auto key(const Violation& v) {
  return std::tie(v.hour, v.contingency, v.branch);
}

void expect_identical(const DcScreenResult& cpu, const DcScreenResult& gpu) {
  ASSERT_EQ(cpu.violations.size(), gpu.violations.size());
  for (std::size_t i = 0; i < cpu.violations.size(); ++i) {
    const auto &a = cpu.violations[i], &b = gpu.violations[i];
    ASSERT_EQ(key(a), key(b)) << "violation " << i;
    EXPECT_EQ(a.post_pu, b.post_pu) << "violation " << i;
    EXPECT_EQ(a.pre_pu, b.pre_pu) << "violation " << i;
    EXPECT_EQ(a.limit_pu, b.limit_pu);
  }
  ASSERT_EQ(cpu.contingencies.size(), gpu.contingencies.size());
  for (std::size_t i = 0; i < cpu.contingencies.size(); ++i) {
    EXPECT_EQ(cpu.contingencies[i].status, gpu.contingencies[i].status) << "contingency " << i;
    EXPECT_EQ(cpu.contingencies[i].n_violations, gpu.contingencies[i].n_violations);
  }
  ASSERT_EQ(cpu.base_violations.size(), gpu.base_violations.size());
  for (std::size_t i = 0; i < cpu.base_violations.size(); ++i) {
    const auto &a = cpu.base_violations[i], &b = gpu.base_violations[i];
    EXPECT_EQ(std::tie(a.hour, a.branch, a.flow_pu), std::tie(b.hour, b.branch, b.flow_pu));
  }
  ASSERT_EQ(cpu.top.size(), gpu.top.size());
  for (std::size_t i = 0; i < cpu.top.size(); ++i) {
    EXPECT_EQ(std::tie(cpu.top[i].hour, cpu.top[i].branch, cpu.top[i].rank, cpu.top[i].contingency),
              std::tie(gpu.top[i].hour, gpu.top[i].branch, gpu.top[i].rank, gpu.top[i].contingency))
        << "top " << i;
    EXPECT_EQ(cpu.top[i].post_pu, gpu.top[i].post_pu);
  }
}

class GpuScreen : public ::testing::TestWithParam<const char*> {};

TEST_P(GpuScreen, F64AndAutoEqualTheCpu) {
  GAT_GPU_OR_SKIP(device);
  const auto s = study(GetParam(), 24, true);
  for (const bool all : {true, false}) {
    for (double threshold : {0.9, 0.7}) {
      const auto cpu = screen(s, nullptr, Precision::kF64, threshold, all);
      ASSERT_GT(cpu.violations.size(), 0u) << "a test without violations proves nothing";
      const auto f64 = screen(s, device, Precision::kF64, threshold, all);
      EXPECT_EQ(f64.stats.backend, "cuda");
      expect_identical(cpu, f64);
      const auto automatic = screen(s, device, Precision::kAuto, threshold, all);
      expect_identical(cpu, automatic);
      // Every violation of a single outage was an f32 candidate first (double outages: CPU).
      const auto singles =
          std::count_if(cpu.violations.begin(), cpu.violations.end(), [&](const Violation& v) {
            return v.contingency < static_cast<std::int32_t>(s.n_single);
          });
      EXPECT_GE(automatic.stats.device.candidates, static_cast<std::uint64_t>(singles));
    }
  }
}

// With base-case overloads (threshold 0.7 puts many branches above it before any outage), the
// filter drops rows: the filtered screen is a strict subset of the full one, on both paths.
TEST_P(GpuScreen, FilteredIsASubsetOfEveryViolation) {
  GAT_GPU_OR_SKIP(device);
  const auto s = study(GetParam(), 6, false);
  const auto every = screen(s, device, Precision::kAuto, 0.7, true);
  const auto reported = screen(s, device, Precision::kAuto, 0.7, false);
  ASSERT_GT(every.base_violations.size(), 0u);
  ASSERT_LT(reported.violations.size(), every.violations.size());
  EXPECT_TRUE(
      std::includes(every.violations.begin(), every.violations.end(), reported.violations.begin(),
                    reported.violations.end(),
                    [](const Violation& a, const Violation& b) { return key(a) < key(b); }));
}

TEST_P(GpuScreen, F32FindsTheSameViolationsAwayFromTheLimit) {
  GAT_GPU_OR_SKIP(device);
  const auto s = study(GetParam(), 24, false);
  // Every violation: the filter's own boundary (|post| = |pre| · 1.01) is f64 arithmetic too.
  const auto cpu = screen(s, nullptr, Precision::kF64, 0.9);
  const auto f32 = screen(s, device, Precision::kF32, 0.9);
  // Every difference must be a flow within f32 rounding of its limit.
  auto near_limit = [](const Violation& v) {
    return std::abs(std::abs(v.post_pu) - 0.9 * v.limit_pu) < 1e-5 * (1 + std::abs(v.pre_pu));
  };
  std::size_t i = 0, j = 0;
  while (i < cpu.violations.size() || j < f32.violations.size()) {
    if (j == f32.violations.size() ||
        (i < cpu.violations.size() && key(cpu.violations[i]) < key(f32.violations[j]))) {
      EXPECT_TRUE(near_limit(cpu.violations[i])) << "f32 missed a clear violation";
      ++i;
    } else if (i == cpu.violations.size() || key(f32.violations[j]) < key(cpu.violations[i])) {
      EXPECT_TRUE(near_limit(f32.violations[j])) << "f32 reported a clear non-violation";
      ++j;
    } else {
      EXPECT_NEAR(cpu.violations[i].post_pu, f32.violations[j].post_pu,
                  1e-5 * (1 + std::abs(cpu.violations[i].pre_pu)));
      ++i, ++j;
    }
  }
}

TEST_P(GpuScreen, WithoutPruningTheSame) {
  GAT_GPU_OR_SKIP(device);
  const auto s = study(GetParam(), 6, false);
  auto cpu = screen(s, nullptr, Precision::kF64, 0.9);
  DcScreenOptions o;
  o.threshold = 0.9;
  o.device = device;
  o.precision = Precision::kF64;
  o.prune = false;
  o.report.all = true;  // as screen()'s default
  const auto gpu = gat::contingency::screen_dc(s.net, s.topo, s.outages, s.p_bus, s.hours, o);
  expect_identical(cpu, gpu);
}

INSTANTIATE_TEST_SUITE_P(RealCases, GpuScreen, ::testing::Values("case2383wp", "case_ACTIVSg2000"));

}  // namespace
