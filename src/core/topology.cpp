#include "gat/core/topology.hpp"

#include <algorithm>
#include <numeric>

namespace gat::core {

namespace {

// Union-find over buses, joined by in-service branches between non-isolated buses.
class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  std::int32_t find(std::int32_t x) {
    while (parent_[x] != x) {
      auto& p = parent_[x];
      p = parent_[p];
      x = p;
    }
    return x;
  }
  void join(std::int32_t a, std::int32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::int32_t> parent_;
};

}  // namespace

std::size_t Topology::n_unsolvable() const {
  return static_cast<std::size_t>(
      std::count_if(islands.begin(), islands.end(), [](const Island& i) { return !i.solvable(); }));
}

Topology analyze_topology(const Network& net) {
  const std::size_t nb = net.n_buses();
  auto isolated = [&](std::int32_t b) { return net.buses.type[b] == BusType::kIsolated; };

  DisjointSets sets(nb);
  const auto& br = net.branches;
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (br.in_service[k] && !isolated(br.from_bus[k]) && !isolated(br.to_bus[k])) {
      sets.join(br.from_bus[k], br.to_bus[k]);
    }
  }

  std::vector<int> gens_on(nb, 0);
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    if (net.gens.in_service[g]) ++gens_on[net.gens.bus[g]];
  }

  Topology topo;
  topo.bus_island.assign(nb, -1);
  topo.bus_type.resize(nb);
  std::vector<std::int32_t> island_of_root(nb, -1);
  for (std::size_t i = 0; i < nb; ++i) {
    const auto b = static_cast<std::int32_t>(i);
    const BusType declared = net.buses.type[i];
    if (declared == BusType::kIsolated) {
      topo.bus_type[i] = BusType::kIsolated;
      continue;
    }
    topo.bus_type[i] = (declared == BusType::kPQ || gens_on[i] == 0) ? BusType::kPQ : declared;
    const auto root = sets.find(b);
    if (island_of_root[root] < 0) {
      island_of_root[root] = static_cast<std::int32_t>(topo.islands.size());
      topo.islands.emplace_back();
    }
    topo.bus_island[i] = island_of_root[root];
    topo.islands[island_of_root[root]].buses.push_back(b);
  }

  for (auto& island : topo.islands) {
    for (auto b : island.buses) {
      if (topo.bus_type[b] == BusType::kRef) island.ref_buses.push_back(b);
    }
    if (!island.ref_buses.empty()) continue;
    auto first_with = [&](auto pred) {
      auto it = std::find_if(island.buses.begin(), island.buses.end(), pred);
      return it == island.buses.end() ? -1 : *it;
    };
    std::int32_t ref = first_with([&](std::int32_t b) { return topo.bus_type[b] == BusType::kPV; });
    const char* kind = "PV";
    if (ref < 0) {
      ref = first_with([&](std::int32_t b) { return gens_on[b] > 0; });
      kind = "PQ with an in-service generator";
    }
    if (ref < 0) {
      island.note = "no in-service generator";
      continue;
    }
    island.ref_buses.push_back(ref);
    topo.bus_type[ref] = BusType::kRef;
    island.note =
        "no reference bus; chose bus " + std::to_string(net.buses.id[ref]) + " (" + kind + ")";
  }
  return topo;
}

}  // namespace gat::core
