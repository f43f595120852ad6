// The DC-OPF linear/quadratic program and the map from network elements to its columns and
// rows (see gat/opf/dc_opf.hpp for the formulation).
#pragma once

#include <cstdint>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/opf/gen_cost.hpp"
#include "gat/opf/lp_solver.hpp"
#include "opf/opf_scope.hpp"

namespace gat::opf::detail {

struct DcOpfModel {
  OpfScope scope;
  LpProblem lp;  // the program as last stated: DcOpf::set_bus_load updates the balance rows
  // Columns: θ per model bus, then P_g per model generator, then y per piecewise-linear cost.
  std::vector<std::int32_t> theta_col;  // per network bus, or -1
  std::vector<std::int32_t> pg_col;     // per network generator, or -1
  // Rows: one balance row per model bus, then flow rows, then angle rows, then PWL rows.
  std::vector<std::int32_t> balance_row;  // per network bus, or -1
  std::vector<std::int32_t> flow_row;     // per network branch with a flow limit, or -1
  std::vector<std::int32_t> angle_row;    // per network branch with angle limits, or -1
  std::vector<double> b_pu;               // per network branch in the model: 1 / (x τ)
  // Balance rows' right-hand side without the load: −G_sh − P_shift (p.u.), per model bus.
  std::vector<double> balance_rhs_fixed;
  std::int32_t n_pwl = 0;
};

// Throws ModelError for a zero-reactance branch or a polynomial cost of order > 2.
DcOpfModel build_dc_opf_model(const core::Network& net, const core::Topology& topo,
                              const GenCosts& costs);

// Balance-row bounds for a per-bus load (p.u., per network bus): rhs = −P_d − G_sh − P_shift.
void balance_bounds(const DcOpfModel& m, std::span<const double> pd_pu, std::vector<double>& rhs);

}  // namespace gat::opf::detail
