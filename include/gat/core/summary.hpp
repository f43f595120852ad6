// What a case holds, at a glance (`gat inspect summary`).
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"

namespace gat::core {

struct NetworkSummary {
  std::size_t n_buses = 0;
  std::map<BusType, std::size_t> buses_by_type;  // as declared in the case
  std::size_t n_branches = 0;
  std::size_t n_branches_in_service = 0;
  std::size_t n_transformers = 0;
  std::size_t n_phase_shifters = 0;
  std::size_t n_gens = 0;
  std::size_t n_gens_in_service = 0;
  std::size_t n_loads = 0;
  std::size_t n_shunts = 0;
  std::size_t n_islands = 0;
  std::size_t n_islands_without_generation = 0;
  std::size_t n_isolated_buses = 0;
  std::size_t n_areas = 0;
  double load_p_mw = 0, load_q_mvar = 0;
  double gen_p_mw = 0;     // scheduled, in-service
  double gen_pmax_mw = 0;  // in-service capacity
  std::map<double, std::size_t> buses_by_kv;
  std::size_t n_cost_rows = 0;
};

NetworkSummary summarize(const Network& net, const Topology& topo);

}  // namespace gat::core
