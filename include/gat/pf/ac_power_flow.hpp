// AC power flow, per island, as MATPOWER's runpf:
//
//   find V such that  V ∘ conj(Ybus V) = S_sched   at PQ buses (P and Q) and PV buses (P),
//
// with |V| held at the generator set-point at PV and REF buses and ∠V held at REF buses.
// Newton–Raphson in polar form (newtonpf) or fast-decoupled XB/BX (fdpf); convergence on
// ‖F‖∞ < tol with F = [ΔP(pv, pq); ΔQ(pq)] in p.u.; start from the case's voltages with the
// generator set-points applied at PV/REF buses. Each island is solved with its own reference
// bus(es) (core::analyze_topology). After convergence the generator outputs and branch flows
// follow MATPOWER's pfsoln: the first generator at a reference bus takes the island's slack P,
// the reactive power at a bus is shared among its generators in proportion to their Q ranges.
//
// Q limits (MATPOWER pf.enforce_q_lims = 1): after a converged solve every in-service
// generator outside [Qmin, Qmax] is fixed at the limit and its bus becomes PQ, all at once
// (mode 1) or the worst one only (mode 2); the island is solved again from the current
// voltages, with a new reference bus (the first PV bus) when the old one was converted, until
// no limit is violated. Iterations are summed over these solves, as MATPOWER reports them, and
// angles are shifted back so the original reference keeps its angle.
//
// Non-convergence, divergence and singular Jacobians are island statuses, never exceptions.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"
#include "gat/pf/island_status.hpp"

namespace gat::pf {

enum class AcAlgorithm { kNewton, kFastDecoupledXB, kFastDecoupledBX };

enum class StartPoint {
  kCase,  // bus Vm, Va from the case (MATPOWER's choice)
  kFlat,  // Vm = 1, Va = 0 except the reference angle
};

struct AcPfOptions {
  AcAlgorithm algorithm = AcAlgorithm::kNewton;
  double tol_pu = 1e-8;
  int max_iter = 0;  // 0: MATPOWER's default for the algorithm (Newton 10, fast-decoupled 30)
  int q_limits = 0;  // 0: ignore, 1: fix every violating generator at once, 2: the worst only
  double q_violation_mvar = 5e-6;  // MATPOWER opf.violation: tolerance of the Q-limit check
  StartPoint start = StartPoint::kCase;
  std::string linear_solver = "klu";

  int effective_max_iter() const;
};

struct AcPfResult {
  // Per bus; NaN for buses not in a solved island (isolated, or an island without
  // generation). An island that did not converge keeps its last iterate (see islands).
  std::vector<double> vm_pu;
  std::vector<double> va_rad;
  std::vector<double> p_inj_pu;  // V ∘ conj(Ybus V): generation − load (shunts are in Ybus)
  std::vector<double> q_inj_pu;
  std::vector<core::BusType> bus_type;  // after Q-limit switching (limited buses become PQ)

  // Per generator; 0 when out of service or at an isolated bus, NaN in an unsolved island.
  std::vector<double> gen_p_pu;
  std::vector<double> gen_q_pu;
  std::vector<std::uint8_t> gen_at_q_limit;  // fixed at Qmin/Qmax by Q-limit enforcement

  // Per branch, power into the branch at each end; 0 when out of service, NaN if unsolved.
  std::vector<double> pf_pu, qf_pu, pt_pu, qt_pu;

  std::vector<IslandOutcome> islands;  // parallel to Topology::islands
  int iterations = 0;                  // the largest over islands
  double max_mismatch_pu = 0;          // the largest over solved-for islands

  bool all_solved() const;
  double losses_p_pu() const;  // Σ (pf + pt) over branches with finite flows
  double losses_q_pu() const;
};

// A scenario on the case: other loads and generator set-points (p.u.). Loads are given as the
// total in-service load at each bus (spans over buses), so a profile can set any bus; generator
// set-points as a span over GenTable rows. An empty span keeps the case's values.
struct Injections {
  std::span<const double> bus_load_p_pu = {};
  std::span<const double> bus_load_q_pu = {};
  std::span<const double> gen_p_pu = {};
};

// A reusable AC power flow for one network: builds Ybus, island matrices, Jacobian patterns
// and their symbolic factorizations once, then solves any number of scenarios. Not
// thread-safe: use one per thread. The network must outlive it (the topology is copied).
class AcPowerFlow {
 public:
  AcPowerFlow(const core::Network& net, const core::Topology& topo, AcPfOptions options = {});
  ~AcPowerFlow();
  AcPowerFlow(AcPowerFlow&&) noexcept;
  AcPowerFlow& operator=(AcPowerFlow&&) noexcept;

  // Solves into result (reusing its storage). warm_start, when given, supplies the starting
  // vm_pu/va_rad per bus (e.g. the previous hour's solution); generator set-points are
  // applied on top, as for a start from the case.
  void solve(AcPfResult& result, const Injections& injections = {},
             const AcPfResult* warm_start = nullptr);

  const AcPfOptions& options() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// One-shot convenience.
AcPfResult solve_ac_power_flow(const core::Network& net, const core::Topology& topo,
                               const AcPfOptions& options = {});

std::string_view to_string(AcAlgorithm algorithm);

}  // namespace gat::pf
