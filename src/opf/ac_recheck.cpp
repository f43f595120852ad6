#include "gat/opf/ac_recheck.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "gat/core/error.hpp"

namespace gat::opf {

namespace {

constexpr double kTolerance = 1e-6;  // p.u. and per-unit-of-limit slack before a limit counts

}  // namespace

bool AcRecheck::violated() const {
  return !pf_converged || n_overloads > 0 || n_voltage_violations > 0 || n_gen_violations > 0;
}

AcRechecker::AcRechecker(const core::Network& net, const core::Topology& topo, AcOpfOptions ac_opf)
    : net_(net), topo_(topo), ac_opf_(std::move(ac_opf)), pf_(net, topo) {}

namespace {

// The network with hour h's loads: each bus's in-service loads scaled to the hour's P and Q.
core::Network with_hour_loads(const core::Network& net, const core::Scenario& scenario,
                              std::size_t h, std::span<const double> p, std::span<const double> q) {
  auto out = net;
  const auto case_p = scenario.case_load_p_pu(), case_q = scenario.case_load_q_pu();
  const auto factor = [](double target, double base) { return base != 0 ? target / base : 0.0; };
  for (std::size_t i = 0; i < p.size(); ++i) {
    if ((case_p[i] == 0 && p[i] != 0) || (case_q[i] == 0 && q[i] != 0)) {
      throw UsageError("AC re-check: hour " + std::to_string(scenario.hour_id(h)) +
                       " puts load on bus " + std::to_string(net.buses.id[i]) +
                       ", which has none in the case");
    }
  }
  for (std::size_t l = 0; l < out.loads.size(); ++l) {
    const auto b = static_cast<std::size_t>(out.loads.bus[l]);
    out.loads.p_pu[l] *= factor(p[b], case_p[b]);
    out.loads.q_pu[l] *= factor(q[b], case_q[b]);
  }
  return out;
}

}  // namespace

AcRecheck AcRechecker::check(const core::Scenario& scenario, std::size_t h, const DcOpfResult& dc) {
  std::vector<double> p(scenario.n_buses()), q(scenario.n_buses());
  scenario.bus_loads(h, p, q);
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
  const auto ac = solve_ac_opf(with_hour_loads(net_, scenario, h, p, q), topo_, ac_opf_);
  c.ac_opf_run = true;
  c.ac_opf_status = ac.status;
  c.ac_opf_message = ac.message;
  c.ac_opf_objective = ac.objective;
  return c;
}

}  // namespace gat::opf
