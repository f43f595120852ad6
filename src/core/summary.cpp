#include "gat/core/summary.hpp"

#include <set>

namespace gat::core {

NetworkSummary summarize(const Network& net, const Topology& topo) {
  NetworkSummary s;
  const double base = net.base_mva;
  s.n_buses = net.n_buses();
  std::set<std::int32_t> areas;
  for (std::size_t i = 0; i < s.n_buses; ++i) {
    ++s.buses_by_type[net.buses.type[i]];
    ++s.buses_by_kv[net.buses.base_kv[i]];
    areas.insert(net.buses.area[i]);
    if (topo.bus_island[i] < 0) ++s.n_isolated_buses;
  }
  s.n_areas = areas.size();
  const auto& br = net.branches;
  s.n_branches = br.size();
  for (std::size_t k = 0; k < br.size(); ++k) {
    s.n_branches_in_service += br.in_service[k];
    s.n_transformers += br.transformer[k];
    s.n_phase_shifters += br.shift_rad[k] != 0.0;
  }
  s.n_gens = net.n_gens();
  for (std::size_t g = 0; g < s.n_gens; ++g) {
    if (!net.gens.in_service[g]) continue;
    ++s.n_gens_in_service;
    s.gen_p_mw += net.gens.pg_pu[g] * base;
    s.gen_pmax_mw += net.gens.pmax_pu[g] * base;
  }
  s.n_loads = net.loads.size();
  for (std::size_t l = 0; l < s.n_loads; ++l) {
    if (!net.loads.in_service[l]) continue;
    s.load_p_mw += net.loads.p_pu[l] * base;
    s.load_q_mvar += net.loads.q_pu[l] * base;
  }
  s.n_shunts = net.shunts.size();
  s.n_islands = topo.islands.size();
  s.n_islands_without_generation = topo.n_unsolvable();
  s.n_cost_rows = net.gen_costs.size();
  return s;
}

}  // namespace gat::core
