// DC optimal power flow in the B-θ formulation, as MATPOWER's rundcopf states it:
//
//   minimize    Σ_g C_g(P_g)                                  (polynomial ≤ 2, or PWL epigraph)
//   subject to  B θ − C_g P_g = −P_d − G_sh − P_shift           (one balance row per bus, λ)
//               −rate_a ≤ b_k (θ_f − θ_t − φ_k) ≤ rate_a        (rated branches; rate_a = 0: none)
//               angmin_k ≤ θ_f − θ_t ≤ angmax_k                 (MATPOWER's makeAang selection)
//               P_min ≤ P_g ≤ P_max,   θ_ref = θ_ref⁰
//
// b_k = 1 / (x_k τ_k). Quadratic costs make it a convex QP; piecewise-linear costs add a
// variable y_g ≥ m_s (P_g − x_s) + c_s per segment. A dispatchable load is a generator with
// P_min < 0 = P_max (MATPOWER's convention); it needs nothing special in the DC model.
//
// The LMP of bus i is ∂(cost)/∂(P_d,i) in $/MWh, the balance row's dual over the base MVA —
// MATPOWER's bus LAM_P. With no losses in the DC model, LMP = energy + congestion where energy
// is the LMP at the island's reference bus.
//
// Buses in islands without an in-service generator are left out of the model (and reported);
// every other island is solved in one program.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"
#include "gat/opf/lp_solver.hpp"

namespace gat::opf {

enum class OpfStatus {
  kOptimal,
  kInfeasible,
  kUnbounded,
  kNotConverged,  // iteration or time limit, or a numerical failure; message says which
};

std::string_view to_string(OpfStatus status);

// One constraint at its limit, with its shadow price (∂cost/∂limit, $/h per unit of limit).
struct BindingConstraint {
  enum class Kind : std::uint8_t {
    kBranchFlow,   // element: branch row; side: +1 from→to limit, −1 the reverse
    kBranchAngle,  // element: branch row; side: +1 angmax, −1 angmin
    kGenP,         // element: generator row; side: +1 Pmax, −1 Pmin
    kGenQ,         // AC only
    kBusVm,        // AC only; element: bus index; side: +1 Vmax, −1 Vmin
  };
  Kind kind = Kind::kBranchFlow;
  std::int32_t element = 0;
  std::int8_t side = 1;
  double value = 0.0;  // in MW, MVA, degrees, p.u. as the kind suggests
  double limit = 0.0;
  double shadow_price = 0.0;  // ≥ 0: cost saved per unit the limit is relaxed ($/MWh, $/deg...)
};

std::string_view to_string(BindingConstraint::Kind kind);

struct DcOpfOptions {
  std::string lp_solver = "highs";  // for linear costs (and PWL): dual simplex, hot starts
  std::string qp_solver = "ipopt";  // for quadratic costs
  // Tried when the QP solver fails on a QP (HiGHS's active-set solver can stop with a
  // "solve error" on large DC-OPF QPs); empty: none.
  std::string qp_fallback = "ipopt";
  std::vector<std::pair<std::string, std::string>> solver_options;  // passed to the back end
  double binding_tolerance = 1e-6;  // relative to the limit: which constraints count as binding
};

struct DcOpfResult {
  OpfStatus status = OpfStatus::kNotConverged;
  std::string message;
  double objective = 0.0;  // $/h, constant terms included (as MATPOWER's f)

  // Per bus (NaN where not in the model: isolated, or an island without generation).
  std::vector<double> va_rad;
  std::vector<double> lmp;             // $/MWh
  std::vector<double> lmp_energy;      // reference-bus LMP of the bus's island
  std::vector<double> lmp_congestion;  // lmp − lmp_energy
  // Per branch: from-end flow (0 out of service), multipliers of the two flow limits ($/MWh,
  // MATPOWER's MU_SF, MU_ST) and of the angle limits ($/degree, MU_ANGMIN, MU_ANGMAX).
  std::vector<double> pf_pu;
  std::vector<double> mu_sf, mu_st, mu_angmin, mu_angmax;
  // Per generator: dispatch (0 out of service) and bound multipliers ($/MWh).
  std::vector<double> pg_pu;
  std::vector<double> mu_pmin, mu_pmax;

  std::vector<BindingConstraint> binding;
  std::vector<std::string> notes;  // islands left out, degenerate duals, ...
  std::string solver;  // the back end whose solution this is ("highs", "ipopt"): the fallback's
                       // when the QP solver failed
  std::int64_t iterations = 0;
  double build_time_s = 0.0;
  double solve_time_s = 0.0;
  bool hot_started = false;
};

// One DC-OPF model, built once and solved many times: set_bus_load() changes only the balance
// rows' bounds, so the next solve() hot-starts the LP from the previous basis (rolling studies).
// Holds references to net and topo, which must outlive it.
class DcOpf {
 public:
  // Throws ModelError for a case the DC model cannot state (a zero-reactance branch, a cost
  // polynomial of order > 2 — MATPOWER's rundcopf refuses those too), SolverUnavailable for an
  // unknown LP back end, UsageError for a bad solver option.
  DcOpf(const core::Network& net, const core::Topology& topo, DcOpfOptions options = {});
  ~DcOpf();
  DcOpf(const DcOpf&) = delete;
  DcOpf& operator=(const DcOpf&) = delete;

  // Active load per bus in p.u. for the next solve (the case's own load until called).
  void set_bus_load(std::span<const double> pd_pu);
  DcOpfResult solve();

  LpBasis basis() const;
  void set_basis(const LpBasis& basis);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

DcOpfResult solve_dc_opf(const core::Network& net, const core::Topology& topo,
                         const DcOpfOptions& options = {});

}  // namespace gat::opf
