// Finding and loading a case by name or path, whatever its format.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gat/core/network.hpp"

namespace gat::io {

// Folders searched for a bare case name, in order: every entry of GAT_CASE_PATH
// (colon-separated), then the MATPOWER data folder gat was built against.
std::vector<std::filesystem::path> case_search_path();

// "case118" -> ".../data/case118.m"; an existing path is returned as is. Throws InputError
// listing the folders searched when nothing matches.
std::filesystem::path resolve_case(std::string_view name_or_path);

// Resolves, then reads with the reader its format needs (today: MATPOWER .m).
core::Network load_case(std::string_view name_or_path);

}  // namespace gat::io
