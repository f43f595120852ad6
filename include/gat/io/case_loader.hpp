// Finding and loading a case by name or path, whatever its format.
#pragma once

#include <filesystem>
#include <functional>
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

// Resolves, then reads with the reader its format needs: a registered format that accepts the
// path, else by extension: MATPOWER .m, PSS/E .raw (warnings logged; `gat import` lists them).
core::Network load_case(std::string_view name_or_path);

// A reader that libraries outside the engine add at run time, so the engine stays free of
// their dependencies (gat_tables registers gat's Arrow network directories this way).
struct CaseFormat {
  std::string name;  // "gat"
  std::function<bool(const std::filesystem::path&)> accepts;
  std::function<core::Network(const std::filesystem::path&)> read;
};
void register_case_format(CaseFormat format);

// "matpower", "psse", or a registered format's name; by extension, then by the first line
// for files without one. Throws InputError when no format fits.
std::string detect_case_format(const std::filesystem::path& path);

}  // namespace gat::io
