// MATPOWER case files (format version 2), as MATPOWER ships them.
//
// Reads the data statements (mpc.baseMVA, mpc.bus, mpc.gen, mpc.branch, mpc.gencost), skips
// other fields (mpc.bus_name is kept as bus names; cell arrays and unknown fields are ignored
// politely), and evaluates the small set of MATLAB statements some shipped cases use to
// convert their own units (idx_bus/idx_brch/idx_gen column names, scalar arithmetic, column
// assignments, `if` blocks). Anything else is an InputError naming file and line.
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
