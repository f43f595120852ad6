// MATPOWER case files (format version 2), as MATPOWER ships them.
//
// Reads the data statements (mpc.baseMVA, mpc.bus, mpc.gen, mpc.branch, mpc.gencost), skips
// other fields (mpc.bus_name is kept as bus names; cell arrays and unknown fields are ignored
// politely; mpc.dcline is ignored with a warning), and evaluates the small set of MATLAB
// statements some shipped cases use to convert their own units (idx_bus/idx_brch/idx_gen column
// names, scalar arithmetic and sin/cos/acos/sqrt/..., `mpc.X(rows, cols) = ...` assignments,
// `if`/`elseif`/`else` blocks). Anything else is an InputError naming file and line.
//
// The network is per unit on baseMVA with angles in radians: one load per bus with nonzero
// Pd or Qd, one shunt per bus with nonzero Gs or Bs; branch ratio 0 becomes tap 1 (a line);
// angmin/angmax default to -360/360 degrees when absent; gen columns 11-21 (PC1..APF) are kept
// verbatim and default to 0; gencost is kept in MATPOWER's units. Bad input (a malformed or
// truncated file, ragged rows, NaN, an unknown bus, a duplicate bus number, an invalid bus type
// or cost row, version 1) is an InputError naming the line of the offending row.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "gat/core/network.hpp"

namespace gat::io {

// Parses MATPOWER text; source names the file in error messages.
core::Network parse_matpower(std::string_view text, const std::string& source);

// Reads a MATPOWER .m file.
core::Network read_matpower(const std::filesystem::path& file);

}  // namespace gat::io
