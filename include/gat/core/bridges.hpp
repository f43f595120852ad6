// Bridges: branches whose outage splits an island in two.
//
// A branch is a bridge when no other path of active branches joins its ends (parallel
// circuits between the same two buses are distinct edges, so neither of a pair is a bridge).
// Found in one depth-first pass (Tarjan's low-link), O(buses + branches), exactly: no
// numerical tolerance is involved. The DC sensitivities use it to flag outages whose LODF
// denominator 1 − PTDF_kk vanishes, instead of dividing by (almost) zero.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace gat::core {

// Edges are (from[k], to[k]) for k with active[k] != 0; bus indices are in [0, n_buses).
// Returns one flag per edge: 1 for an active bridge, 0 otherwise (and for inactive edges).
std::vector<std::uint8_t> find_bridges(std::size_t n_buses, std::span<const std::int32_t> from,
                                       std::span<const std::int32_t> to,
                                       std::span<const std::uint8_t> active);

// True when removing the edges in `removed` disconnects two buses that active edges joined
// before (i.e. the outage of the whole set islands part of the network).
bool splits_network(std::size_t n_buses, std::span<const std::int32_t> from,
                    std::span<const std::int32_t> to, std::span<const std::uint8_t> active,
                    std::span<const std::int32_t> removed);

}  // namespace gat::core
