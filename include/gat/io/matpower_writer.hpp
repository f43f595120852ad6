// Writes a network as a MATPOWER case file (format version 2) that MATPOWER runs as is.
//
// MATPOWER holds one load and one shunt per bus, so in-service loads and shunts are summed
// per bus (out-of-service ones cannot be written and are counted in the file's header
// comment, as are circuit ids and remote voltage regulation, which MATPOWER lacks).
// Numbers are written so that reading the file back gives the same doubles: each is the
// shortest decimal that the MATPOWER reader maps back to the value held (e.g. Pd = 0.29 MW,
// not the 0.29000000000000004 that 0.0029 pu * 100 MVA would print).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "gat/core/network.hpp"

namespace gat::io {

// function_name must be a MATLAB identifier (MATPOWER calls the file as a function).
std::string format_matpower(const core::Network& net, std::string_view function_name);

// Writes file (through a temporary file and a rename); the function is named after the file
// stem, with characters MATLAB does not allow in a name replaced by '_'.
void write_matpower(const core::Network& net, const std::filesystem::path& file);

}  // namespace gat::io
