// Private to src/pf: the AC power flow of one island, with MATPOWER's solution bookkeeping
// (pfsoln: slack P and shared Q of generators) and its Q-limit loop (runpf).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"
#include "gat/pf/ac_power_flow.hpp"
#include "gat/pf/ybus.hpp"
#include "pf/ac_kernel.hpp"

namespace gat::pf::detail {

// The network-wide matrices islands are cut from; b_prime/b_double_prime only for FDPF.
struct NetworkMatrices {
  Ybus y;
  Ybus b_prime;
  Ybus b_double_prime;
};

class IslandSolver {
 public:
  IslandSolver(const core::Network& net, const core::Topology& topo, std::int32_t island,
               const NetworkMatrices& m, const AcPfOptions& options,
               std::vector<std::int32_t>& scratch);

  // Solves from the start voltages (vm0, va0: per network bus) and writes this island's
  // buses and generators into result.
  IslandOutcome solve(const Injections& injections, std::span<const double> vm0,
                      std::span<const double> va0, AcPfResult& result);

 private:
  void load_state(const Injections& injections, std::span<const double> vm0,
                  std::span<const double> va0);
  void schedule();
  IslandKernel& kernel_for(const BusClasses& classes);
  void share_generation();
  // One round of Q-limit enforcement after a converged solve: returns false when nothing was
  // violated; sets failure_ when enforcement cannot go on.
  bool enforce_q_limits();
  bool reclassify();
  void write(AcPfResult& result, const IslandOutcome& outcome) const;

  const core::Network& net_;
  const AcPfOptions& options_;
  std::vector<std::int32_t> bus_;  // local -> network bus
  Ybus y_, b_prime_, b_double_prime_;
  BusClasses base_classes_;
  std::unique_ptr<IslandKernel> base_kernel_, round_kernel_;

  // Generators in service in the island (network indices, ascending), grouped by local bus.
  std::vector<std::int32_t> gen_;
  std::vector<std::int32_t> gen_local_bus_;
  std::vector<std::int32_t> bus_gen_ptr_, bus_gen_;  // CSR: gens (positions in gen_) per bus
  std::vector<std::int32_t> load_, load_local_bus_;

  // Working state of one solve.
  std::vector<core::BusType> type_;  // MATPOWER's bus-matrix types, changed by Q limits
  BusClasses classes_;
  std::vector<double> vm_, va_, pd_, qd_, p_sched_, q_sched_, s_re_, s_im_, vr_, vi_;
  std::vector<double> gen_p_, gen_q_;  // per position in gen_, p.u.
  std::vector<std::uint8_t> at_limit_;
  std::string failure_;
};

}  // namespace gat::pf::detail
