// Batched AC power mismatch on one Ybus: for many scenarios s (hours, injection sets) and
// voltage states V_s,
//   ΔS_s = V_s ∘ conj(Ybus V_s) − S_s,   S_s = scheduled generation − load (p.u.),
// and per scenario the worst |ΔP| over the buses whose P is fixed (PV and PQ) and the worst
// |ΔQ| over the buses whose Q is fixed (PQ) — the residual a Newton power flow drives to
// zero. A screen of batch power-flow states: a scenario whose worst mismatch is below the
// tolerance is already solved by its state and needs no Newton iteration.
//
// Each bus's sum runs over its Ybus row in ascending column order, term by term as the AC
// power flow's injected_power (pf/ac_kernel.cpp) forms it; the CPU and the device (f64) give
// the same bits. f32 on the device: within 4·2⁻²⁴ Σ_k |Y_ik||V_i||V_k| + |S_i| of f64.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "gat/accel/device.hpp"
#include "gat/core/scenario.hpp"
#include "gat/core/topology.hpp"
#include "gat/pf/ybus.hpp"

namespace gat::pf {

// Ybus by rows (the transpose of its CSC), for row-wise sums.
struct YbusRows {
  std::int32_t n = 0;
  std::vector<std::int32_t> row_ptr, col_idx;
  std::vector<double> g, b;
};
YbusRows ybus_rows(const Ybus& y);

struct MismatchInput {
  std::size_t n_scenarios = 0;
  std::span<const double> vr, vi;            // n_buses per scenario, or n_buses (one shared state)
  std::span<const double> p_sched, q_sched;  // n_buses per scenario
  std::span<const std::uint8_t> p_check, q_check;  // per bus
  bool keep_mismatch = false;
};

// On the CPU (oneTBB over scenarios), or on `device` when given.
accel::MismatchOutput power_mismatch(const YbusRows& y, const MismatchInput& in,
                                     accel::Device* device = nullptr,
                                     accel::Precision precision = accel::Precision::kF64);

// One voltage state to screen hours with, in rectangular form, and the buses whose P (PV, PQ)
// and Q (PQ) mismatches count. solved: the base case's AC power flow (bus types as it ends,
// buses it leaves unsolved at the case's voltages); else the case's own voltages.
struct MismatchState {
  std::vector<double> vr, vi;
  std::vector<std::uint8_t> p_check, q_check;
};
MismatchState mismatch_state(const core::Network& net, const core::Topology& topo, bool solved);

// Scheduled injections S = generation − load per bus (p.u.) of hours [first, first + n) of the
// scenario (core::Scenario::bus_injections), n_buses per hour, hour after hour.
void scheduled_injections(const core::Scenario& scenario, std::size_t first, std::size_t n,
                          std::vector<double>& p, std::vector<double>& q);

}  // namespace gat::pf
