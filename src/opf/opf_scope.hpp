// What enters an OPF, shared by the DC and AC models: MATPOWER's ext2int view of a case
// (in-service branches and generators, no isolated buses), restricted to islands that have an
// in-service generator. Also MATPOWER's rules for which branches carry flow and angle limits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"

namespace gat::opf::detail {

struct OpfScope {
  std::vector<std::int32_t> bus_pos;    // per network bus: position among model buses, or -1
  std::vector<std::int32_t> buses;      // model buses (network indices), ascending
  std::vector<std::int32_t> branches;   // in service, both ends in the model
  std::vector<std::int32_t> gens;       // in service, at a model bus
  std::vector<std::int32_t> ref_buses;  // angle references (network indices)
  std::vector<std::int32_t> bus_ref;    // per network bus: its island's first reference, or -1
  std::vector<std::string> notes;       // islands left out, and why
};

OpfScope make_scope(const core::Network& net, const core::Topology& topo);

// MATPOWER: a branch has a flow limit when rate_a ≠ 0 and rate_a < 1e10 MVA.
bool has_flow_limit(const core::Network& net, std::size_t branch);

// MATPOWER's makeAang: which branches carry angle-difference limits and what they are. A zero
// limit counts as "none" only when the other side is zero too; limits beyond ±360° are none.
struct AngleLimit {
  bool active = false;
  double lower_rad = 0.0;  // −∞ when there is none
  double upper_rad = 0.0;  // +∞ when there is none
};
AngleLimit angle_limit(const core::Network& net, std::size_t branch);

// Per bus sums of in-service loads and shunts, in p.u.
struct BusInjections {
  std::vector<double> pd, qd, gs, bs;
};
BusInjections bus_injections(const core::Network& net);

}  // namespace gat::opf::detail
