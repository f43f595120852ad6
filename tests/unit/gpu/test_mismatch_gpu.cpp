// Batched AC power mismatch: the CPU reference on its own, then the GPU against it.
#include "gat/pf/mismatch.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/ac_power_flow.hpp"
#include "support/gpu.hpp"

namespace {

using gat::accel::Precision;

struct Batch {
  gat::pf::YbusRows y;
  std::vector<double> vr, vi, p, q, scale;  // scale: Σ_k |Y_ik||V_i||V_k| + |S_i| per scenario, bus
  std::vector<std::uint8_t> p_check, q_check;
  std::size_t n = 0;
  gat::pf::MismatchInput input(bool keep) const {
    return {n, vr, vi, p, q, p_check, q_check, keep};
  }
};

// The solved base case's voltages, perturbed per scenario, against the case's own injections
// scaled per scenario: scenario 0 is the solved case itself.
Batch batch(const char* name, std::size_t scenarios) {
  const auto net = gat::io::load_case(name);
  const auto topo = gat::core::analyze_topology(net);
  const auto r = gat::pf::solve_ac_power_flow(net, topo);
  Batch b;
  b.n = scenarios;
  b.y = gat::pf::ybus_rows(gat::pf::build_ybus(net, topo));
  const std::size_t nb = net.n_buses();
  for (std::size_t s = 0; s < scenarios; ++s) {
    for (std::size_t i = 0; i < nb; ++i) {
      const double vm = r.vm_pu[i] * (1 + (s == 0 ? 0 : 1e-3 * std::sin(double(i * s))));
      const double va = r.va_rad[i] + (s == 0 ? 0 : 1e-3 * std::cos(double(i + s)));
      b.vr.push_back(vm * std::cos(va));
      b.vi.push_back(vm * std::sin(va));
      b.p.push_back(r.p_inj_pu[i] * (1 + 0.01 * double(s)));
      b.q.push_back(r.q_inj_pu[i] * (1 + 0.01 * double(s)));
    }
  }
  for (std::size_t i = 0; i < nb; ++i) {
    b.p_check.push_back(r.bus_type[i] != gat::core::BusType::kRef);
    b.q_check.push_back(r.bus_type[i] == gat::core::BusType::kPQ);
  }
  for (std::size_t s = 0; s < scenarios; ++s) {
    for (std::size_t i = 0; i < nb; ++i) {
      double t = 0;
      const double vi_abs = std::hypot(b.vr[s * nb + i], b.vi[s * nb + i]);
      for (auto k = b.y.row_ptr[i]; k < b.y.row_ptr[i + 1]; ++k) {
        const std::size_t c = b.y.col_idx[k];
        t += std::hypot(b.y.g[k], b.y.b[k]) * vi_abs *
             std::hypot(b.vr[s * nb + c], b.vi[s * nb + c]);
      }
      b.scale.push_back(t + std::hypot(b.p[s * nb + i], b.q[s * nb + i]));
    }
  }
  return b;
}

TEST(Mismatch, SolvedCaseHasNone) {
  const auto b = batch("case2383wp", 2);
  const auto out = gat::pf::power_mismatch(b.y, b.input(false));
  EXPECT_LT(out.max_dp[0], 1e-6);
  EXPECT_LT(out.max_dq[0], 1e-6);
  EXPECT_GT(out.max_dp[1], 1e-4);  // the perturbed scenario is not solved
}

TEST(Mismatch, SharedStateEqualsRepeatedState) {
  const auto b = batch("case2383wp", 1);
  Batch two = b;
  two.n = 2;
  two.p.insert(two.p.end(), b.p.begin(), b.p.end());
  two.q.insert(two.q.end(), b.q.begin(), b.q.end());
  const auto out = gat::pf::power_mismatch(two.y, two.input(false));  // vr/vi: one shared state
  EXPECT_EQ(out.max_dp[0], out.max_dp[1]);
  EXPECT_EQ(out.worst_q_bus[0], out.worst_q_bus[1]);
}

TEST(GpuMismatch, EqualsTheCpu) {
  GAT_GPU_OR_SKIP(device);
  const auto b = batch("case2383wp", 40);
  const auto cpu = gat::pf::power_mismatch(b.y, b.input(true));
  const auto f64 = gat::pf::power_mismatch(b.y, b.input(true), device, Precision::kF64);
  EXPECT_EQ(cpu.dp, f64.dp);  // same order, same roundings: the same bits
  EXPECT_EQ(cpu.dq, f64.dq);
  EXPECT_EQ(cpu.max_dp, f64.max_dp);
  EXPECT_EQ(cpu.worst_p_bus, f64.worst_p_bus);
  EXPECT_EQ(cpu.worst_q_bus, f64.worst_q_bus);
  const auto f32 = gat::pf::power_mismatch(b.y, b.input(true), device, Precision::kF32);
  for (std::size_t i = 0; i < cpu.dp.size(); ++i) {
    const double tol = 4.0 / 16777216.0 * b.scale[i] * 4;  // the stated bound, with slack
    ASSERT_NEAR(cpu.dp[i], f32.dp[i], tol) << i;
    ASSERT_NEAR(cpu.dq[i], f32.dq[i], tol) << i;
  }
}

}  // namespace
