// What a batch mismatch screen compares: one voltage state and every hour's schedule.
#include <cmath>

#include "gat/pf/ac_power_flow.hpp"
#include "gat/pf/mismatch.hpp"

namespace gat::pf {

MismatchState mismatch_state(const core::Network& net, const core::Topology& topo, bool solved) {
  std::vector<double> vm = net.buses.vm_pu, va = net.buses.va_rad;
  std::vector<core::BusType> type = net.buses.type;
  if (solved) {
    const auto r = solve_ac_power_flow(net, topo);
    for (std::size_t i = 0; i < vm.size(); ++i) {
      if (std::isfinite(r.vm_pu[i])) vm[i] = r.vm_pu[i], va[i] = r.va_rad[i];
    }
    type = r.bus_type;
  }
  MismatchState s;
  for (std::size_t i = 0; i < vm.size(); ++i) {
    s.vr.push_back(vm[i] * std::cos(va[i]));
    s.vi.push_back(vm[i] * std::sin(va[i]));
    const bool live = topo.bus_island[i] >= 0;
    s.p_check.push_back(live && type[i] != core::BusType::kRef &&
                        type[i] != core::BusType::kIsolated);
    s.q_check.push_back(live && type[i] == core::BusType::kPQ);
  }
  return s;
}

void scheduled_injections(const core::Network& net, const LoadProfile& profile, std::size_t first,
                          std::size_t n, std::vector<double>& p, std::vector<double>& q) {
  const std::size_t nb = net.n_buses();
  std::vector<double> base_p, base_q, load_p(nb), load_q(nb), gen_p(net.n_gens());
  LoadProfile::base_load(net, base_p, base_q);
  p.assign(nb * n, 0.0);
  q.assign(nb * n, 0.0);
  for (std::size_t h = 0; h < n; ++h) {
    profile.apply(first + h, net, base_p, base_q, load_p, load_q, gen_p);
    double* ph = p.data() + h * nb;
    double* qh = q.data() + h * nb;
    for (std::size_t g = 0; g < net.n_gens(); ++g) {
      if (!net.gens.in_service[g]) continue;
      ph[net.gens.bus[g]] += gen_p[g];
      qh[net.gens.bus[g]] += net.gens.qg_pu[g];
    }
    for (std::size_t i = 0; i < nb; ++i) ph[i] -= load_p[i], qh[i] -= load_q[i];
  }
}

}  // namespace gat::pf
