#include "gat/opf/ac_recheck.hpp"

#include <algorithm>
#include <cmath>

namespace gat::opf {

namespace {

constexpr double kTolerance = 1e-6;  // p.u. and per-unit-of-limit slack before a limit counts

}  // namespace

bool AcRecheck::violated() const {
  return !pf_converged || n_overloads > 0 || n_voltage_violations > 0 || n_gen_violations > 0;
}

AcRechecker::AcRechecker(const core::Network& net, const core::Topology& topo, AcOpfOptions ac_opf)
    : net_(net),
      topo_(topo),
      ac_opf_(std::move(ac_opf)),
      pf_(net, topo),
      case_p_(net.n_buses(), 0.0),
      case_q_(net.n_buses(), 0.0) {
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    if (!net.loads.in_service[l]) continue;
    case_p_[net.loads.bus[l]] += net.loads.p_pu[l];
    case_q_[net.loads.bus[l]] += net.loads.q_pu[l];
  }
}

AcRecheck AcRechecker::check(double load_scale, const DcOpfResult& dc) {
  std::vector<double> p(case_p_.size()), q(case_q_.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    p[i] = case_p_[i] * load_scale;
    q[i] = case_q_[i] * load_scale;
  }
  pf::AcPfResult r;
  pf_.solve(r, {p, q, dc.pg_pu});
  AcRecheck c;
  c.pf_converged = r.all_solved();
  if (!c.pf_converged) {
    c.max_loading_pct = c.min_vm_pu = c.max_vm_pu = NAN;
  } else {
    const auto& br = net_.branches;
    for (std::size_t k = 0; k < br.size(); ++k) {
      if (!br.in_service[k] || br.rate_a_pu[k] <= 0) continue;
      const double s =
          std::max(std::hypot(r.pf_pu[k], r.qf_pu[k]), std::hypot(r.pt_pu[k], r.qt_pu[k]));
      const double loading = 100.0 * s / br.rate_a_pu[k];
      c.max_loading_pct = std::max(c.max_loading_pct, loading);
      c.n_overloads += loading > 100.0 * (1 + kTolerance);
    }
    c.min_vm_pu = INFINITY;
    c.max_vm_pu = -INFINITY;
    for (std::size_t i = 0; i < net_.n_buses(); ++i) {
      const double v = r.vm_pu[i];
      if (std::isnan(v)) continue;
      c.min_vm_pu = std::min(c.min_vm_pu, v);
      c.max_vm_pu = std::max(c.max_vm_pu, v);
      c.n_voltage_violations +=
          v < net_.buses.vmin_pu[i] - kTolerance || v > net_.buses.vmax_pu[i] + kTolerance;
    }
    const auto& g = net_.gens;
    for (std::size_t k = 0; k < g.size(); ++k) {
      if (!g.in_service[k]) continue;
      c.n_gen_violations +=
          r.gen_p_pu[k] < g.pmin_pu[k] - kTolerance || r.gen_p_pu[k] > g.pmax_pu[k] + kTolerance ||
          r.gen_q_pu[k] < g.qmin_pu[k] - kTolerance || r.gen_q_pu[k] > g.qmax_pu[k] + kTolerance;
    }
  }
  if (!c.violated()) return c;
  auto scaled = net_;
  for (std::size_t l = 0; l < scaled.loads.size(); ++l) {
    scaled.loads.p_pu[l] *= load_scale;
    scaled.loads.q_pu[l] *= load_scale;
  }
  const auto ac = solve_ac_opf(scaled, topo_, ac_opf_);
  c.ac_opf_run = true;
  c.ac_opf_status = ac.status;
  c.ac_opf_message = ac.message;
  c.ac_opf_objective = ac.objective;
  return c;
}

}  // namespace gat::opf
