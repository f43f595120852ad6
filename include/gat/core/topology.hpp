// Islands and effective bus types.
//
// Buses joined by in-service branches form islands; a bus of type kIsolated belongs to none.
// Each island gets its angle reference(s) the way MATPOWER's bustypes() chooses them: every
// REF bus with an in-service generator; failing that the first PV bus with one; failing that
// the first bus with any in-service generator (noted). An island with no in-service generator
// cannot be solved and is reported as such, never silently dropped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gat/core/network.hpp"

namespace gat::core {

struct Island {
  std::vector<std::int32_t> buses;      // dense indices, ascending
  std::vector<std::int32_t> ref_buses;  // empty when the island has no in-service generator
  std::string note;                     // why the reference was chosen, when not a REF bus

  bool solvable() const { return !ref_buses.empty(); }
};

struct Topology {
  std::vector<std::int32_t> bus_island;  // island of each bus, -1 for isolated buses
  std::vector<BusType> bus_type;         // effective: REF/PV need an in-service gen, else PQ
  std::vector<Island> islands;

  std::size_t n_unsolvable() const;
};

Topology analyze_topology(const Network& net);

}  // namespace gat::core
