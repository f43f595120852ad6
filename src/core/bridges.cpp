#include "gat/core/bridges.hpp"

#include <algorithm>
#include <numeric>

namespace gat::core {

namespace {

// Adjacency in CSR form: for bus v, incident (neighbour, edge) pairs.
struct Adjacency {
  std::vector<std::int32_t> start;  // n_buses + 1
  std::vector<std::int32_t> neighbour;
  std::vector<std::int32_t> edge;
};

Adjacency build_adjacency(std::size_t n_buses, std::span<const std::int32_t> from,
                          std::span<const std::int32_t> to, std::span<const std::uint8_t> active) {
  Adjacency a;
  a.start.assign(n_buses + 1, 0);
  for (std::size_t k = 0; k < from.size(); ++k) {
    if (!active[k] || from[k] == to[k]) continue;
    ++a.start[from[k] + 1];
    ++a.start[to[k] + 1];
  }
  std::partial_sum(a.start.begin(), a.start.end(), a.start.begin());
  a.neighbour.resize(a.start.back());
  a.edge.resize(a.start.back());
  std::vector<std::int32_t> fill(a.start.begin(), a.start.end() - 1);
  for (std::size_t k = 0; k < from.size(); ++k) {
    if (!active[k] || from[k] == to[k]) continue;
    const auto e = static_cast<std::int32_t>(k);
    a.neighbour[fill[from[k]]] = to[k];
    a.edge[fill[from[k]]++] = e;
    a.neighbour[fill[to[k]]] = from[k];
    a.edge[fill[to[k]]++] = e;
  }
  return a;
}

}  // namespace

// Iterative DFS: disc[v] is v's discovery time, low[v] the earliest discovery time reachable
// from v's subtree using one back edge. Tree edge (p, v) is a bridge iff low[v] > disc[p].
// The edge used to enter v (not the parent bus) is skipped, so parallel edges count as cycles.
std::vector<std::uint8_t> find_bridges(std::size_t n_buses, std::span<const std::int32_t> from,
                                       std::span<const std::int32_t> to,
                                       std::span<const std::uint8_t> active) {
  const auto adj = build_adjacency(n_buses, from, to, active);
  std::vector<std::uint8_t> bridge(from.size(), 0);
  std::vector<std::int32_t> disc(n_buses, -1), low(n_buses, 0), parent_edge(n_buses, -1);
  std::vector<std::int32_t> next(adj.start.begin(), adj.start.end() - 1);  // adjacency cursor
  std::vector<std::int32_t> stack;
  std::int32_t time = 0;
  for (std::size_t root = 0; root < n_buses; ++root) {
    if (disc[root] >= 0) continue;
    stack.push_back(static_cast<std::int32_t>(root));
    disc[root] = low[root] = time++;
    while (!stack.empty()) {
      const auto v = stack.back();
      if (next[v] < adj.start[v + 1]) {
        const auto i = next[v]++;
        const auto w = adj.neighbour[i];
        const auto e = adj.edge[i];
        if (e == parent_edge[v]) continue;
        if (disc[w] < 0) {
          parent_edge[w] = e;
          disc[w] = low[w] = time++;
          stack.push_back(w);
        } else {
          low[v] = std::min(low[v], disc[w]);
        }
        continue;
      }
      stack.pop_back();
      if (stack.empty()) break;
      const auto p = stack.back();
      low[p] = std::min(low[p], low[v]);
      if (low[v] > disc[p]) bridge[parent_edge[v]] = 1;
    }
  }
  return bridge;
}

bool splits_network(std::size_t n_buses, std::span<const std::int32_t> from,
                    std::span<const std::int32_t> to, std::span<const std::uint8_t> active,
                    std::span<const std::int32_t> removed) {
  std::vector<std::int32_t> parent(n_buses);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::int32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<std::uint8_t> out(from.size(), 0);
  for (auto k : removed) out[k] = 1;
  for (std::size_t k = 0; k < from.size(); ++k) {
    if (!active[k] || out[k]) continue;
    const auto a = find(from[k]), b = find(to[k]);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  // Every path through a removed edge (u, v) survives iff u and v are still joined.
  return std::any_of(removed.begin(), removed.end(),
                     [&](std::int32_t k) { return active[k] && find(from[k]) != find(to[k]); });
}

}  // namespace gat::core
