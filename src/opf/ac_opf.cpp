#include "gat/opf/ac_opf.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>

#include "gat/core/error.hpp"
#include "gat/opf/nlp_solver.hpp"
#include "opf/ac_opf_nlp.hpp"
#include "opf/opf_report.hpp"

namespace gat::opf {

namespace {

using detail::AcLayout;
using detail::AcOpfNlp;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRadPerDeg = std::numbers::pi / 180.0;
constexpr double kDegPerRad = 180.0 / std::numbers::pi;

struct Bounds {
  std::vector<double> xl, xu, gl, gu;
};

Bounds bounds_of(AcOpfNlp& nlp) {
  const auto& lay = nlp.layout();
  Bounds b{std::vector<double>(lay.n), std::vector<double>(lay.n), std::vector<double>(lay.m),
           std::vector<double>(lay.m)};
  nlp.bounds(b.xl, b.xu, b.gl, b.gu);
  return b;
}

// MATPOWER's interior start (nlpopf_solver with opf.start = 0): every bounded variable mid-way
// between its bounds, a one-sided one 1 inside its bound, angles at the first reference angle,
// magnitudes mid-way within [0.5, 1.5], PWL costs above the largest cost in the data.
std::vector<double> flat_start(const core::Network& net, const GenCosts& costs, AcOpfNlp& nlp) {
  const auto& lay = nlp.layout();
  const auto b = bounds_of(nlp);
  std::vector<double> x(lay.n);
  for (std::int32_t i = 0; i < lay.n; ++i) {
    const bool lo_inf = std::isinf(b.xl[i]), up_inf = std::isinf(b.xu[i]);
    x[i] = ((lo_inf ? -1e10 : b.xl[i]) + (up_inf ? 1e10 : b.xu[i])) / 2;
    if (lo_inf && !up_inf) x[i] = b.xu[i] - 1;
    if (!lo_inf && up_inf) x[i] = b.xl[i] + 1;
  }
  const auto& s = lay.scope;
  const double va_ref = s.ref_buses.empty() ? 0.0 : net.buses.va_rad[s.ref_buses[0]];
  for (std::int32_t i = 0; i < lay.nb; ++i) {
    const auto bus = s.buses[i];
    x[lay.va0 + i] = va_ref;
    x[lay.vm0 + i] =
        (std::min(net.buses.vmax_pu[bus], 1.5) + std::max(net.buses.vmin_pu[bus], 0.5)) / 2;
  }
  if (!lay.pwl.empty()) {
    double top = -std::numeric_limits<double>::infinity();
    for (const auto& [g, q] : lay.pwl) top = std::max(top, (q ? costs.q[g] : costs.p[g]).y.back());
    for (std::size_t j = 0; j < lay.pwl.size(); ++j) x[lay.y0 + j] = top + 0.1 * std::abs(top);
  }
  return x;
}

// The PWL epigraph variables at the cost of the starting dispatch (just feasible).
void start_pwl_at_cost(const core::Network& net, const GenCosts& costs, const AcLayout& lay,
                       std::vector<double>& x) {
  for (std::size_t j = 0; j < lay.pwl.size(); ++j) {
    const auto [g, q] = lay.pwl[j];
    const double p = x[(q ? lay.qg0 : lay.pg0) + lay.gen_pos[g]] * net.base_mva;
    x[lay.y0 + j] = evaluate(q ? costs.q[g] : costs.p[g], p);
  }
}

std::vector<double> clamp_to_bounds(std::vector<double> x, const Bounds& b) {
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::clamp(x[i], b.xl[i], b.xu[i]);
  return x;
}

std::vector<double> case_start(const core::Network& net, const GenCosts& costs, AcOpfNlp& nlp) {
  const auto& lay = nlp.layout();
  auto x = flat_start(net, costs, nlp);
  for (std::int32_t i = 0; i < lay.nb; ++i) {
    const auto bus = lay.scope.buses[i];
    x[lay.va0 + i] = net.buses.va_rad[bus];
    x[lay.vm0 + i] = net.buses.vm_pu[bus];
  }
  for (std::int32_t j = 0; j < lay.ng; ++j) {
    x[lay.pg0 + j] = net.gens.pg_pu[lay.scope.gens[j]];
    x[lay.qg0 + j] = net.gens.qg_pu[lay.scope.gens[j]];
  }
  x = clamp_to_bounds(std::move(x), bounds_of(nlp));
  start_pwl_at_cost(net, costs, lay, x);
  return x;
}

std::vector<double> dc_start(const core::Network& net, const core::Topology& topo,
                             const GenCosts& costs, const AcOpfOptions& options, AcOpfNlp& nlp,
                             std::vector<std::string>& notes) {
  const auto& lay = nlp.layout();
  auto x = flat_start(net, costs, nlp);
  DcOpfOptions dc;
  dc.lp_solver = options.lp_solver;
  const auto r = solve_dc_opf(net, topo, dc);
  if (r.status != OpfStatus::kOptimal) {
    notes.push_back("DC-OPF warm start failed (" + r.message + "); started flat");
    return x;
  }
  for (std::int32_t i = 0; i < lay.nb; ++i) {
    x[lay.va0 + i] = r.va_rad[lay.scope.buses[i]];
    x[lay.vm0 + i] = 1.0;
  }
  for (std::int32_t j = 0; j < lay.ng; ++j) x[lay.pg0 + j] = r.pg_pu[lay.scope.gens[j]];
  x = clamp_to_bounds(std::move(x), bounds_of(nlp));
  start_pwl_at_cost(net, costs, lay, x);
  return x;
}

AcOpfResult empty_result(const core::Network& net) {
  AcOpfResult r;
  const auto nb = net.n_buses(), nl = net.n_branches(), ng = net.n_gens();
  for (auto* v : {&r.vm_pu, &r.va_rad, &r.lam_p, &r.lam_q, &r.mu_vmin, &r.mu_vmax})
    v->assign(nb, kNaN);
  for (auto* v :
       {&r.pf_pu, &r.qf_pu, &r.pt_pu, &r.qt_pu, &r.mu_sf, &r.mu_st, &r.mu_angmin, &r.mu_angmax})
    v->assign(nl, kNaN);
  for (auto* v : {&r.pg_pu, &r.qg_pu, &r.mu_pmin, &r.mu_pmax, &r.mu_qmin, &r.mu_qmax})
    v->assign(ng, kNaN);
  for (std::size_t k = 0; k < nl; ++k) {
    if (!net.branches.in_service[k]) r.pf_pu[k] = r.qf_pu[k] = r.pt_pu[k] = r.qt_pu[k] = 0.0;
  }
  for (std::size_t g = 0; g < ng; ++g) {
    if (!net.gens.in_service[g]) r.pg_pu[g] = r.qg_pu[g] = 0.0;
  }
  return r;
}

// Primal values and MATPOWER's multipliers (nlpopf_solver's conversions).
void fill_result(const core::Network& net, AcOpfNlp& nlp, const NlpResult& s, AcOpfResult& r) {
  const auto& lay = nlp.layout();
  const auto& sc = lay.scope;
  const double base = net.base_mva;
  for (std::int32_t i = 0; i < lay.nb; ++i) {
    const auto b = sc.buses[i];
    r.va_rad[b] = s.x[lay.va0 + i];
    r.vm_pu[b] = s.x[lay.vm0 + i];
    r.lam_p[b] = s.lambda[lay.p0 + i] / base;
    r.lam_q[b] = s.lambda[lay.q0 + i] / base;
    r.mu_vmin[b] = s.z_lower[lay.vm0 + i];
    r.mu_vmax[b] = s.z_upper[lay.vm0 + i];
  }
  for (std::int32_t j = 0; j < lay.ng; ++j) {
    const auto g = sc.gens[j];
    r.pg_pu[g] = s.x[lay.pg0 + j];
    r.qg_pu[g] = s.x[lay.qg0 + j];
    r.mu_pmin[g] = s.z_lower[lay.pg0 + j] / base;
    r.mu_pmax[g] = s.z_upper[lay.pg0 + j] / base;
    r.mu_qmin[g] = s.z_lower[lay.qg0 + j] / base;
    r.mu_qmax[g] = s.z_upper[lay.qg0 + j] / base;
  }
  const auto flows = nlp.branch_flows(s.x);
  for (std::size_t a = 0; a < sc.branches.size(); ++a) {
    const auto k = sc.branches[a];
    r.pf_pu[k] = flows.pf[a];
    r.qf_pu[k] = flows.qf[a];
    r.pt_pu[k] = flows.pt[a];
    r.qt_pu[k] = flows.qt[a];
    r.mu_sf[k] = r.mu_st[k] = r.mu_angmin[k] = r.mu_angmax[k] = 0.0;
  }
  for (std::size_t j = 0; j < lay.rated.size(); ++j) {
    const auto k = sc.branches[lay.rated[j]];
    const double rate = net.branches.rate_a_pu[k];
    r.mu_sf[k] = 2.0 * s.lambda[lay.sf0 + j] * rate / base;
    r.mu_st[k] = 2.0 * s.lambda[lay.st0 + j] * rate / base;
  }
  for (auto k : sc.branches) {
    if (lay.angle_row[k] < 0) continue;
    const double l = s.lambda[lay.lin0 + lay.angle_row[k]];
    r.mu_angmax[k] = std::max(l, 0.0) * kRadPerDeg;
    r.mu_angmin[k] = std::max(-l, 0.0) * kRadPerDeg;
  }
}

std::vector<BindingConstraint> ac_binding(const core::Network& net, const AcOpfResult& r,
                                          double tol) {
  using Kind = BindingConstraint::Kind;
  std::vector<BindingConstraint> out;
  const double base = net.base_mva;
  const auto& br = net.branches;
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (std::isnan(r.mu_sf[k])) continue;
    const auto e = static_cast<std::int32_t>(k);
    if (detail::has_flow_limit(net, k)) {
      const double rate = br.rate_a_pu[k] * base;
      detail::add_if_binding(
          out, {Kind::kBranchFlow, e, 1, std::hypot(r.pf_pu[k], r.qf_pu[k]) * base, rate, 0},
          r.mu_sf[k], tol);
      detail::add_if_binding(
          out, {Kind::kBranchFlow, e, -1, std::hypot(r.pt_pu[k], r.qt_pu[k]) * base, rate, 0},
          r.mu_st[k], tol);
    }
    const auto lim = detail::angle_limit(net, k);
    if (lim.active) {
      const double d = (r.va_rad[br.from_bus[k]] - r.va_rad[br.to_bus[k]]) * kDegPerRad;
      detail::add_if_binding(out, {Kind::kBranchAngle, e, 1, d, lim.upper_rad * kDegPerRad, 0},
                             r.mu_angmax[k], tol);
      detail::add_if_binding(out, {Kind::kBranchAngle, e, -1, d, lim.lower_rad * kDegPerRad, 0},
                             r.mu_angmin[k], tol);
    }
  }
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    if (std::isnan(r.mu_pmax[g])) continue;
    const auto e = static_cast<std::int32_t>(g);
    const auto& gt = net.gens;
    detail::add_if_binding(out, {Kind::kGenP, e, 1, r.pg_pu[g] * base, gt.pmax_pu[g] * base, 0},
                           r.mu_pmax[g], tol);
    detail::add_if_binding(out, {Kind::kGenP, e, -1, r.pg_pu[g] * base, gt.pmin_pu[g] * base, 0},
                           r.mu_pmin[g], tol);
    detail::add_if_binding(out, {Kind::kGenQ, e, 1, r.qg_pu[g] * base, gt.qmax_pu[g] * base, 0},
                           r.mu_qmax[g], tol);
    detail::add_if_binding(out, {Kind::kGenQ, e, -1, r.qg_pu[g] * base, gt.qmin_pu[g] * base, 0},
                           r.mu_qmin[g], tol);
  }
  for (std::size_t b = 0; b < net.n_buses(); ++b) {
    if (std::isnan(r.mu_vmax[b])) continue;
    const auto e = static_cast<std::int32_t>(b);
    detail::add_if_binding(out, {Kind::kBusVm, e, 1, r.vm_pu[b], net.buses.vmax_pu[b], 0},
                           r.mu_vmax[b], tol);
    detail::add_if_binding(out, {Kind::kBusVm, e, -1, r.vm_pu[b], net.buses.vmin_pu[b], 0},
                           r.mu_vmin[b], tol);
  }
  detail::sort_binding(out);
  return out;
}

OpfStatus from_nlp(NlpStatus s) {
  switch (s) {
    case NlpStatus::kOptimal:
    case NlpStatus::kAcceptable:
      return OpfStatus::kOptimal;
    case NlpStatus::kInfeasible:
      return OpfStatus::kInfeasible;
    default:
      return OpfStatus::kNotConverged;
  }
}

}  // namespace

AcOpfResult solve_ac_opf(const core::Network& net, const core::Topology& topo,
                         const AcOpfOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  auto r = empty_result(net);
  r.start = options.start;
  const auto costs = prepare_gen_costs(net);
  auto solver = make_nlp_solver(options.nlp_solver);
  for (const auto& [k, v] : options.solver_options) solver->set_option(k, v);
  AcOpfNlp nlp(net, detail::make_ac_layout(net, topo, costs), costs);
  r.notes = nlp.layout().scope.notes;
  switch (options.start) {
    case AcStart::kFlat:
      nlp.set_starting_point(flat_start(net, costs, nlp));
      break;
    case AcStart::kCase:
      nlp.set_starting_point(case_start(net, costs, nlp));
      break;
    case AcStart::kDcOpf:
      nlp.set_starting_point(dc_start(net, topo, costs, options, nlp, r.notes));
      break;
  }
  r.build_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const NlpResult s = solver->solve(nlp);
  r.iterations = s.iterations;
  r.solve_time_s = s.solve_time_s;
  r.status = from_nlp(s.status);
  r.message = s.message;
  if (s.x.empty()) return r;
  fill_result(net, nlp, s, r);
  r.objective = s.objective;
  if (r.status == OpfStatus::kOptimal) r.binding = ac_binding(net, r, options.binding_tolerance);
  return r;
}

std::string_view to_string(AcStart start) {
  switch (start) {
    case AcStart::kFlat:
      return "flat";
    case AcStart::kDcOpf:
      return "dc";
    case AcStart::kCase:
      return "case";
  }
  return "unknown";
}

AcStart parse_ac_start(std::string_view name) {
  if (name == "flat") return AcStart::kFlat;
  if (name == "dc") return AcStart::kDcOpf;
  if (name == "case") return AcStart::kCase;
  throw UsageError("unknown AC-OPF start '" + std::string(name) + "' (flat, dc or case)");
}

}  // namespace gat::opf
