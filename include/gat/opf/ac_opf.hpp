// AC optimal power flow in polar coordinates, as MATPOWER's runopf states it:
//
//   minimize    Σ_g C_g(P_g) + Σ_g C_g^Q(Q_g)         (polynomials of any order; PWL epigraph)
//   subject to  P_i(V, θ) + P_d,i − Σ_{g at i} P_g = 0      (λ_P, one per bus)
//               Q_i(V, θ) + Q_d,i − Σ_{g at i} Q_g = 0      (λ_Q)
//               |S_f,k|² ≤ rate_a,k²,  |S_t,k|² ≤ rate_a,k²  (rated branches, squared as MATPOWER)
//               angmin_k ≤ θ_f − θ_t ≤ angmax_k             (MATPOWER's makeAang selection)
//               V_min ≤ V ≤ V_max, P_min ≤ P_g ≤ P_max, Q_min ≤ Q_g ≤ Q_max, θ_ref = θ_ref⁰
//               plus MATPOWER's linear constraints for generator capability curves (makeApq)
//               and the constant power factor of dispatchable loads (makeAvl)
//
// with P_i, Q_i the power leaving bus i through its branches and shunts (Ybus). The program is
// solved by an NlpSolver (Ipopt) with exact sparse first and second derivatives.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"
#include "gat/opf/dc_opf.hpp"

namespace gat::opf {

enum class AcStart {
  kFlat,   // MATPOWER's default: voltages mid-range at the reference angle, dispatch mid-range
  kDcOpf,  // angles and P_g from a DC-OPF, V = 1 p.u. (within limits), Q_g mid-range
  kCase,   // the case's own voltages and dispatch
};

std::string_view to_string(AcStart start);
// "flat" | "dc" | "case"; throws UsageError otherwise.
AcStart parse_ac_start(std::string_view name);

struct AcOpfOptions {
  std::string nlp_solver = "ipopt";
  std::vector<std::pair<std::string, std::string>> solver_options;  // passed to the back end
  AcStart start = AcStart::kFlat;
  std::string lp_solver = "highs";  // for AcStart::kDcOpf
  double binding_tolerance = 1e-5;
};

struct AcOpfResult {
  OpfStatus status = OpfStatus::kNotConverged;
  std::string message;
  double objective = 0.0;  // $/h, constant terms included

  // Per bus (NaN where not in the model). λ in $/MWh and $/MVArh; μ_V in $/h per p.u.
  std::vector<double> vm_pu, va_rad;
  std::vector<double> lam_p, lam_q;
  std::vector<double> mu_vmin, mu_vmax;
  // Per branch: flows into the branch at each end (p.u.), MATPOWER's MU_SF/MU_ST ($/MVAh) and
  // MU_ANGMIN/MU_ANGMAX ($/degree).
  std::vector<double> pf_pu, qf_pu, pt_pu, qt_pu;
  std::vector<double> mu_sf, mu_st, mu_angmin, mu_angmax;
  // Per generator (0 out of service); μ in $/MWh and $/MVArh.
  std::vector<double> pg_pu, qg_pu;
  std::vector<double> mu_pmin, mu_pmax, mu_qmin, mu_qmax;

  std::vector<BindingConstraint> binding;
  std::vector<std::string> notes;
  std::int64_t iterations = 0;
  double build_time_s = 0.0;  // model set-up, including any DC-OPF warm start
  double solve_time_s = 0.0;
  AcStart start = AcStart::kFlat;
};

// Throws ModelError for input the model cannot state (zero-impedance branch, invalid
// capability curve or dispatchable-load data), SolverUnavailable, UsageError for bad options.
AcOpfResult solve_ac_opf(const core::Network& net, const core::Topology& topo,
                         const AcOpfOptions& options = {});

}  // namespace gat::opf
