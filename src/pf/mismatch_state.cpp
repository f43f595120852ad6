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

void scheduled_injections(const core::Scenario& scenario, std::size_t first, std::size_t n,
                          std::vector<double>& p, std::vector<double>& q) {
  const std::size_t nb = scenario.n_buses();
  p.resize(nb * n);
  q.resize(nb * n);
  for (std::size_t h = 0; h < n; ++h)
    scenario.bus_injections(first + h, {p.data() + h * nb, nb}, {q.data() + h * nb, nb});
}

}  // namespace gat::pf
