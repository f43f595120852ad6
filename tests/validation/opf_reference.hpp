// Helpers for comparing OPF results with MATPOWER's: select the elements both models contain
// (MATPOWER's ext2int drops isolated buses and out-of-service elements) and align them.
#pragma once

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"
#include "reference.hpp"

namespace gat::validation {

// A bus column of a reference table, reordered to network bus indices, for the buses that are
// in an energized island.
struct ByBus {
  std::vector<std::int32_t> index;  // network bus index
  std::vector<double> values;

  std::function<std::string(std::size_t)> label(const core::Network& net) const {
    return [this, &net](std::size_t i) { return "bus " + std::to_string(net.buses.id[index[i]]); };
  }
};

inline bool energized(const core::Topology& topo, std::int32_t bus) {
  const auto island = topo.bus_island[bus];
  return island >= 0 && topo.islands[island].solvable();
}

inline ByBus by_bus(const RefTable& t, const core::Network& net, const core::Topology& topo,
                    std::string_view column) {
  ByBus out;
  const auto& ids = t.column("bus_i");
  const auto& v = t.column(column);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const auto b = net.bus_at(static_cast<std::int64_t>(ids[r]));
    if (!energized(topo, b)) continue;
    out.index.push_back(b);
    out.values.push_back(v[r]);
  }
  return out;
}

// Branch values (one per branch row) of the in-service branches between energized buses.
inline std::vector<double> active_branches(const core::Network& net, const core::Topology& topo,
                                           const std::vector<double>& per_branch) {
  std::vector<double> out;
  const auto& br = net.branches;
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (br.in_service[k] && energized(topo, br.from_bus[k]) && energized(topo, br.to_bus[k]))
      out.push_back(per_branch[k]);
  }
  return out;
}

// Generator values of the in-service generators at energized buses.
inline std::vector<double> active_gens(const core::Network& net, const core::Topology& topo,
                                       const std::vector<double>& per_gen) {
  std::vector<double> out;
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    if (net.gens.in_service[g] && energized(topo, net.gens.bus[g])) out.push_back(per_gen[g]);
  }
  return out;
}

// Cases of a study whose bus count (from the catalog) lies in [min_buses, max_buses].
inline std::vector<std::string> cases_by_size(std::string_view study, std::size_t min_buses,
                                              std::size_t max_buses) {
  std::vector<std::string> out;
  const auto cases = list_cases(study);
  if (cases.empty()) return out;
  RefTable catalog;
  try {
    catalog = RefTable::load(reference_root() / "catalog" / "cases.csv");
  } catch (const std::exception&) {
    return cases;  // no sizes: every case counts as small
  }
  const auto& names = catalog.text("case");
  const auto& n_bus = catalog.column("n_bus");
  for (const auto& c : cases) {
    for (std::size_t r = 0; r < catalog.rows(); ++r) {
      if (names[r] != c) continue;
      const double n = n_bus[r];
      if (std::isnan(n) ||
          (n >= static_cast<double>(min_buses) && n <= static_cast<double>(max_buses)))
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace gat::validation
