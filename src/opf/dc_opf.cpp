#include "gat/opf/dc_opf.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>

#include "gat/core/error.hpp"
#include "opf/dc_opf_model.hpp"
#include "opf/opf_report.hpp"

namespace gat::opf {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRadPerDeg = std::numbers::pi / 180.0;

OpfStatus from_lp(LpStatus s) {
  switch (s) {
    case LpStatus::kOptimal:
      return OpfStatus::kOptimal;
    case LpStatus::kInfeasible:
      return OpfStatus::kInfeasible;
    case LpStatus::kUnbounded:
      return OpfStatus::kUnbounded;
    case LpStatus::kInfeasibleOrUnbounded:
      return OpfStatus::kInfeasible;  // every OPF column is bounded but θ and y: see message
    default:
      return OpfStatus::kNotConverged;
  }
}

}  // namespace

struct DcOpf::Impl {
  const core::Network& net;
  const core::Topology& topo;
  DcOpfOptions options;
  GenCosts costs;
  detail::DcOpfModel model;
  std::unique_ptr<LpSolver> solver;
  std::vector<double> pd_pu;  // per network bus
  double build_time_s = 0.0;
  bool has_basis = false;      // a previous solve or set_basis() left a basis to start from
  bool user_strategy = false;  // the caller chose HiGHS's simplex variant
  int simplex_choice = -1;     // what choose_simplex() last set: 0 cold, 1 hot, -1 nothing

  Impl(const core::Network& n, const core::Topology& t, DcOpfOptions o)
      : net(n), topo(t), options(std::move(o)) {
    const auto t0 = std::chrono::steady_clock::now();
    costs = prepare_gen_costs(net);
    model = detail::build_dc_opf_model(net, topo, costs);
    pd_pu = detail::bus_injections(net).pd;
    solver = make_lp_solver(model.lp.is_qp() ? options.qp_solver : options.lp_solver);
    for (const auto& [k, v] : options.solver_options) {
      solver->set_option(k, v);
      user_strategy = user_strategy || k == "simplex_strategy" || k == "solver" ||
                      k == "simplex_dual_edge_weight_strategy";
    }
    solver->load(model.lp);
    build_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

  DcOpfResult solve();
  void choose_simplex();
  void fill_primal(const LpSolution& s, DcOpfResult& r) const;
  void fill_duals(const LpSolution& s, DcOpfResult& r) const;
  std::string explain_infeasible() const;
};

void DcOpf::Impl::fill_primal(const LpSolution& s, DcOpfResult& r) const {
  const auto& br = net.branches;
  for (auto b : model.scope.buses) r.va_rad[b] = s.x[model.theta_col[b]];
  for (auto g : model.scope.gens) r.pg_pu[g] = s.x[model.pg_col[g]];
  for (auto k : model.scope.branches) {
    r.pf_pu[k] =
        model.b_pu[k] * (r.va_rad[br.from_bus[k]] - r.va_rad[br.to_bus[k]] - br.shift_rad[k]);
  }
}

// Duals → MATPOWER's multipliers. A row's dual is ∂cost/∂bound ($/h per p.u.); the balance
// row's right-hand side is −P_d, so LMP = −dual / base ($/MWh).
void DcOpf::Impl::fill_duals(const LpSolution& s, DcOpfResult& r) const {
  if (s.row_dual.empty()) return;
  const double base = net.base_mva;
  for (auto b : model.scope.buses) r.lmp[b] = -s.row_dual[model.balance_row[b]] / base;
  for (auto b : model.scope.buses) {
    const auto ref = model.scope.bus_ref[b];
    r.lmp_energy[b] = r.lmp[ref];
    r.lmp_congestion[b] = r.lmp[b] - r.lmp_energy[b];
  }
  for (auto k : model.scope.branches) {
    r.mu_sf[k] = r.mu_st[k] = r.mu_angmin[k] = r.mu_angmax[k] = 0.0;
    if (const auto row = model.flow_row[k]; row >= 0) {
      const double d = s.row_dual[row];
      (d < 0 ? r.mu_sf[k] : r.mu_st[k]) = std::abs(d) / base;
    }
    if (const auto row = model.angle_row[k]; row >= 0) {
      const double d = s.row_dual[row];
      (d < 0 ? r.mu_angmax[k] : r.mu_angmin[k]) = std::abs(d) * kRadPerDeg;
    }
  }
  for (auto g : model.scope.gens) {
    const double d = s.col_dual[model.pg_col[g]];
    r.mu_pmin[g] = d > 0 ? d / base : 0.0;
    r.mu_pmax[g] = d < 0 ? -d / base : 0.0;
  }
}

// A cold LP starts with HiGHS's primal simplex: DC-OPFs with many equal costs (the PEGASE
// cases, all at 1 $/MWh) are massively dual degenerate, and the dual simplex wanders
// (case8387pegase: 42,002 dual iterations, 25 s; 2,608 primal iterations, 1.3 s). After a load
// change the old basis stays dual feasible, so a hot start uses the dual simplex, with Devex
// pricing: HiGHS's default dual steepest edge first computes exact weights for the whole
// basis, which on case13659pegase costs ~2.5 s of CPU for a re-solve of ~15 iterations.
// Options are set only when they change: setting one makes HiGHS drop its simplex data
// (factorization, edge weights), which would undo the hot start.
void DcOpf::Impl::choose_simplex() {
  if (user_strategy || solver->name() != "highs" || model.lp.is_qp()) return;
  const int wanted = has_basis ? 1 : 0;
  if (wanted == simplex_choice) return;
  solver->set_option("simplex_strategy", has_basis ? "1" : "4");
  solver->set_option("simplex_dual_edge_weight_strategy", has_basis ? "1" : "-1");
  simplex_choice = wanted;
}

DcOpfResult DcOpf::Impl::solve() {
  DcOpfResult r;
  const auto nb = net.n_buses(), nl = net.n_branches(), ng = net.n_gens();
  r.va_rad.assign(nb, kNaN);
  r.lmp.assign(nb, kNaN);
  r.lmp_energy.assign(nb, kNaN);
  r.lmp_congestion.assign(nb, kNaN);
  r.pf_pu.assign(nl, 0.0);
  for (std::size_t k = 0; k < nl; ++k) {
    if (net.branches.in_service[k] && model.scope.bus_pos[net.branches.from_bus[k]] < 0)
      r.pf_pu[k] = kNaN;
  }
  r.mu_sf.assign(nl, kNaN);
  r.mu_st.assign(nl, kNaN);
  r.mu_angmin.assign(nl, kNaN);
  r.mu_angmax.assign(nl, kNaN);
  r.pg_pu.assign(ng, 0.0);
  r.mu_pmin.assign(ng, kNaN);
  r.mu_pmax.assign(ng, kNaN);
  r.notes = model.scope.notes;
  r.build_time_s = build_time_s;

  choose_simplex();
  LpSolution s = solver->solve();
  r.solver = solver->name();
  has_basis = !solver->basis().empty();
  if (s.status == LpStatus::kError && model.lp.is_qp() && !options.qp_fallback.empty() &&
      options.qp_fallback != solver->name()) {
    r.notes.push_back(std::string(solver->name()) + " failed on the QP (" + s.message +
                      "); solved with " + options.qp_fallback);
    auto fallback = make_lp_solver(options.qp_fallback);
    fallback->load(model.lp);
    const double first_time = s.solve_time_s;
    s = fallback->solve();
    s.solve_time_s += first_time;
    r.solver = fallback->name();
  }
  r.iterations = s.iterations;
  r.solve_time_s = s.solve_time_s;
  r.hot_started = s.hot_started;
  r.status = from_lp(s.status);
  r.message = s.message;
  if (r.status != OpfStatus::kOptimal) {
    for (auto g : model.scope.gens) r.pg_pu[g] = kNaN;
    if (r.status == OpfStatus::kInfeasible) r.message += ": " + explain_infeasible();
    return r;
  }
  r.objective = s.objective;
  fill_primal(s, r);
  fill_duals(s, r);
  r.binding = detail::binding_constraints(net, r, options.binding_tolerance);
  return r;
}

std::string DcOpf::Impl::explain_infeasible() const {
  const auto relaxed = solver->explain_infeasibility();
  if (!relaxed.found) return "no feasibility relaxation available";
  std::vector<std::int32_t> row_bus(model.lp.n_rows(), -1), row_branch(model.lp.n_rows(), -1);
  for (auto b : model.scope.buses) row_bus[model.balance_row[b]] = b;
  for (auto k : model.scope.branches) {
    if (model.flow_row[k] >= 0) row_branch[model.flow_row[k]] = k;
    if (model.angle_row[k] >= 0) row_branch[model.angle_row[k]] = k;
  }
  std::vector<std::int32_t> col_gen(model.lp.n_cols(), -1);
  for (auto g : model.scope.gens) col_gen[model.pg_col[g]] = g;
  const double base = net.base_mva;
  std::string out = "the smallest relaxation that makes it feasible moves";
  std::size_t shown = 0;
  for (const auto& e : relaxed.entries) {
    if (shown == 5) {
      out += " (and " + std::to_string(relaxed.entries.size() - shown) + " more)";
      break;
    }
    std::string what;
    if (e.is_row && row_bus[e.index] >= 0) {
      what = "power balance at bus " + std::to_string(net.buses.id[row_bus[e.index]]);
    } else if (e.is_row && row_branch[e.index] >= 0) {
      const bool angle = model.angle_row[row_branch[e.index]] == e.index;
      what = std::string(angle ? "angle limit of " : "flow limit of ") +
             net.describe_branch(static_cast<std::size_t>(row_branch[e.index]));
    } else if (!e.is_row && col_gen[e.index] >= 0) {
      what = "generator " + std::to_string(col_gen[e.index] + 1) + " limit";
    } else {
      continue;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, " by %.4g MW", e.violation * base);
    out += (shown ? "; " : " ") + what + buf;
    ++shown;
  }
  return shown ? out : "infeasible, but the relaxation names no constraint";
}

DcOpf::DcOpf(const core::Network& net, const core::Topology& topo, DcOpfOptions options)
    : impl_(std::make_unique<Impl>(net, topo, std::move(options))) {}

DcOpf::~DcOpf() = default;

void DcOpf::set_bus_load(std::span<const double> pd_pu) {
  if (pd_pu.size() != impl_->net.n_buses()) throw UsageError("set_bus_load: one value per bus");
  impl_->pd_pu.assign(pd_pu.begin(), pd_pu.end());
  std::vector<double> rhs;
  detail::balance_bounds(impl_->model, pd_pu, rhs);
  auto& lp = impl_->model.lp;
  std::vector<std::int32_t> rows;
  rows.reserve(rhs.size());
  for (std::size_t i = 0; i < rhs.size(); ++i) {
    const auto row = impl_->model.balance_row[impl_->model.scope.buses[i]];
    rows.push_back(row);
    // The model stays this load's program: a fallback solver loads it from here.
    lp.row_lower[row] = lp.row_upper[row] = rhs[i];
  }
  impl_->solver->set_row_bounds(rows, rhs, rhs);
}

DcOpfResult DcOpf::solve() {
  return impl_->solve();
}
LpBasis DcOpf::basis() const {
  return impl_->solver->basis();
}
void DcOpf::set_basis(const LpBasis& basis) {
  impl_->solver->set_basis(basis);
  impl_->has_basis = impl_->has_basis || !basis.empty();
}

DcOpfResult solve_dc_opf(const core::Network& net, const core::Topology& topo,
                         const DcOpfOptions& options) {
  DcOpf opf(net, topo, options);
  return opf.solve();
}

std::string_view to_string(OpfStatus status) {
  switch (status) {
    case OpfStatus::kOptimal:
      return "optimal";
    case OpfStatus::kInfeasible:
      return "infeasible";
    case OpfStatus::kUnbounded:
      return "unbounded";
    case OpfStatus::kNotConverged:
      return "not_converged";
  }
  return "unknown";
}

std::string_view to_string(BindingConstraint::Kind kind) {
  switch (kind) {
    case BindingConstraint::Kind::kBranchFlow:
      return "branch_flow";
    case BindingConstraint::Kind::kBranchAngle:
      return "branch_angle";
    case BindingConstraint::Kind::kGenP:
      return "gen_p";
    case BindingConstraint::Kind::kGenQ:
      return "gen_q";
    case BindingConstraint::Kind::kBusVm:
      return "bus_vm";
  }
  return "unknown";
}

}  // namespace gat::opf
