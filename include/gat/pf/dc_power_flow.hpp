// DC power flow, per island:
//
//   B' θ = P − P_shift − G_sh,   θ_ref fixed at the case's reference angle,
//   P_f = b (θ_f − θ_t − φ),     b = 1 / (x · τ)
//
// with B' built from in-service branches (series reactance x, tap ratio τ, phase shift φ),
// P the scheduled injections (in-service generation minus load), G_sh the shunt conductance
// drawn at 1 p.u., as MATPOWER's makeBdc/dcpf. The reference bus's generator(s) pick up the
// island's imbalance. One KLU analysis and factorization per island, kept by DcPowerFlow so
// that many injection patterns (hours, scenarios) are solved on one factorization.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"
#include "gat/pf/island_status.hpp"

namespace gat::pf {

struct DcPfResult {
  std::vector<double> va_rad;    // per bus; NaN where not solved (isolated, unsolved island)
  std::vector<double> p_inj_pu;  // per bus: generation − load − shunt; NaN where not solved
  std::vector<double> pf_pu;     // per branch, from end; 0 when out of service, NaN if unsolved
  std::vector<double> gen_p_pu;  // per generator; 0 when out of service
  std::vector<IslandOutcome> islands;  // parallel to Topology::islands

  bool all_solved() const;
};

struct DcPfOptions {
  std::string linear_solver = "klu";
};

// B' factorized per island, ready to solve any number of injection patterns. Not safe to
// share between threads (the LU keeps solve workspace); use one per thread.
class DcPowerFlow {
 public:
  DcPowerFlow(const core::Network& net, const core::Topology& topo,
              const DcPfOptions& options = {});
  ~DcPowerFlow();
  DcPowerFlow(DcPowerFlow&&) noexcept;
  DcPowerFlow& operator=(DcPowerFlow&&) noexcept;

  // The case's own injections (in-service generation − load − shunt conductance, per bus).
  std::span<const double> scheduled_injection_pu() const { return p_scheduled_; }

  // Solves for per-bus scheduled injections p_pu (size n_buses). Generators keep their
  // scheduled output except the reference generators, which take up each island's imbalance.
  DcPfResult solve(std::span<const double> p_pu);
  DcPfResult solve() { return solve(p_scheduled_); }

 private:
  struct Island;
  const core::Network* net_;
  const core::Topology* topo_;
  std::vector<double> b_;  // per branch: 1 / (x τ); 0 when the branch carries no flow
  std::vector<double> p_scheduled_;
  std::vector<Island> islands_;
};

// One-shot convenience: factorize and solve the case's own injections.
DcPfResult solve_dc_power_flow(const core::Network& net, const core::Topology& topo,
                               const DcPfOptions& options = {});

}  // namespace gat::pf
