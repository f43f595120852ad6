// Turns the fields of a MATPOWER case (`mpc.baseMVA`, `bus`, `gen`, `branch`, `gencost`,
// `bus_name`) into a core::Network: per unit on baseMVA, angles in radians, buses indexed.
// Every inconsistency is an InputError naming the line of the offending matrix row.
#pragma once

#include <string>

#include "gat/core/network.hpp"
#include "io/matlab_workspace.hpp"

namespace gat::io {

core::Network build_matpower_network(const matlab::Workspace& ws, const std::string& source);

}  // namespace gat::io
