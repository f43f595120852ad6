// The polar AC-OPF as an NlpProblem (formulation in gat/opf/ac_opf.hpp).
//
// Variables x = [θ (model buses), V (model buses), P_g, Q_g (model generators), y (PWL costs)].
// Constraints g = [P balance, Q balance (model buses), |S_f|², |S_t|² (rated branches),
// linear rows (angle limits, PWL epigraph, capability curves, dispatchable loads)].
//
// The Jacobian and Hessian patterns are assembled once from per-branch 4×4 blocks over
// (θ_f, θ_t, V_f, V_t) (see branch_flow.hpp); each evaluation adds the blocks' values through
// precomputed slots into the compressed arrays.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/opf/gen_cost.hpp"
#include "gat/opf/nlp_solver.hpp"
#include "opf/branch_flow.hpp"
#include "opf/opf_scope.hpp"

namespace gat::opf::detail {

struct LinearRow {
  double lower = 0.0, upper = 0.0;
  std::vector<std::pair<std::int32_t, double>> terms;  // (variable, coefficient)
};

struct AcLayout {
  OpfScope scope;
  std::int32_t nb = 0, ng = 0;                                     // model buses and generators
  std::int32_t va0 = 0, vm0 = 0, pg0 = 0, qg0 = 0, y0 = 0, n = 0;  // variable offsets
  std::vector<std::int32_t> gen_pos;                               // per network generator, or -1
  std::vector<std::int32_t> rated;                 // model branches (indices into scope.branches)
  std::vector<std::pair<std::int32_t, bool>> pwl;  // per y: (network generator, is reactive)
  std::int32_t p0 = 0, q0 = 0, sf0 = 0, st0 = 0, lin0 = 0, m = 0;  // row offsets
  std::vector<std::int32_t> angle_row;                             // per network branch, or -1
  std::vector<std::int32_t> pq_cap_row_hi, pq_cap_row_lo, pf_row;  // per network gen, or -1
  std::vector<LinearRow> linear;
};

// Throws ModelError for data MATPOWER would refuse (capability curves, dispatchable loads).
AcLayout make_ac_layout(const core::Network& net, const core::Topology& topo,
                        const GenCosts& costs);

class AcOpfNlp final : public NlpProblem {
 public:
  AcOpfNlp(const core::Network& net, AcLayout layout, const GenCosts& costs);

  const AcLayout& layout() const { return lay_; }
  void set_starting_point(std::vector<double> x0) { x0_ = std::move(x0); }
  // Power into every model branch at both ends (p.u.), in scope.branches order.
  struct Flows {
    std::vector<double> pf, qf, pt, qt;
  };
  Flows branch_flows(std::span<const double> x) const;

  NlpSizes sizes() const override;
  void bounds(std::span<double> x_l, std::span<double> x_u, std::span<double> g_l,
              std::span<double> g_u) const override;
  void starting_point(std::span<double> x) const override;
  double objective(std::span<const double> x) override;
  void gradient(std::span<const double> x, std::span<double> grad) override;
  void constraints(std::span<const double> x, std::span<double> g) override;
  void jacobian_structure(std::span<std::int32_t> rows,
                          std::span<std::int32_t> cols) const override;
  void jacobian_values(std::span<const double> x, std::span<double> values) override;
  void hessian_structure(std::span<std::int32_t> rows, std::span<std::int32_t> cols) const override;
  void hessian_values(std::span<const double> x, double sigma, std::span<const double> lambda,
                      std::span<double> values) override;

 private:
  struct Branch {
    std::int32_t f = 0, t = 0;  // model bus positions
    BranchAdmittance y;
    std::int32_t rated = -1;            // position in layout.rated, or -1
    std::array<std::int32_t, 4> var{};  // θ_f, θ_t, V_f, V_t
  };
  void build_patterns();
  // Flows at both ends, with the to end's derivatives permuted into the from end's order.
  std::pair<EndFlow, EndFlow> flows(const Branch& b, std::span<const double> x, Order order) const;

  const core::Network& net_;
  AcLayout lay_;
  const GenCosts& costs_;
  std::vector<double> x0_;
  std::vector<Branch> branches_;
  std::vector<double> pd_, qd_, gs_, bs_;  // per model bus
  std::vector<std::int32_t> gen_bus_;      // per model generator: model bus position
  std::vector<std::int32_t> gen_index_;    // per model generator: network index
  // Compressed patterns and the slot of every assembled entry, in assembly order.
  std::vector<std::int32_t> jac_rows_, jac_cols_, jac_slot_;
  std::vector<std::int32_t> hess_rows_, hess_cols_, hess_slot_;
};

}  // namespace gat::opf::detail
