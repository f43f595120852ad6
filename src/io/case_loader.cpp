#include "gat/io/case_loader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <system_error>

#include <spdlog/spdlog.h>

#include "gat/build_info.hpp"
#include "gat/core/error.hpp"
#include "gat/core/input_file.hpp"
#include "gat/io/matpower.hpp"
#include "gat/io/psse.hpp"

namespace gat::io {

namespace fs = std::filesystem;

std::vector<fs::path> case_search_path() {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("GAT_CASE_PATH")) {
    std::string_view rest(env);
    while (!rest.empty()) {
      auto colon = rest.find(':');
      std::string_view entry = rest.substr(0, colon);
      if (!entry.empty()) dirs.emplace_back(entry);
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  dirs.emplace_back(build::kMatpowerDataDir);
  return dirs;
}

fs::path resolve_case(std::string_view name_or_path) {
  std::string name(name_or_path);
  if (name.empty()) throw InputError("<case>", 0, "empty case name");
  fs::path path(name);
  std::error_code ec;
  if (fs::exists(path, ec)) return path;
  if (path.is_absolute()) throw InputError(name, 0, "no such file");
  auto dirs = case_search_path();
  for (const auto& dir : dirs) {
    for (fs::path candidate : {dir / path, dir / fs::path(name + ".m")}) {
      if (fs::is_regular_file(candidate, ec)) return candidate;
    }
  }
  std::string searched;
  for (const auto& dir : dirs) searched += (searched.empty() ? "" : ", ") + dir.string();
  throw InputError(name, 0, "no such case file; searched " + searched + " (set GAT_CASE_PATH)");
}

namespace {

std::mutex registry_mutex;
std::vector<CaseFormat>& registry() {
  static std::vector<CaseFormat> formats;
  return formats;
}

std::string lower_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// A registered format that accepts path, if any.
std::optional<CaseFormat> registered_for(const fs::path& path) {
  std::lock_guard lock(registry_mutex);
  for (const auto& f : registry()) {
    if (f.accepts(path)) return f;
  }
  return std::nullopt;
}

}  // namespace

void register_case_format(CaseFormat format) {
  std::lock_guard lock(registry_mutex);
  registry().push_back(std::move(format));
}

std::string detect_case_format(const fs::path& path) {
  if (auto f = registered_for(path)) return f->name;
  const std::string ext = lower_extension(path);
  if (ext == ".m") return "matpower";
  if (ext == ".raw") return "psse";
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw InputError(path.string(), 0,
                     fs::exists(path / "manifest.json", ec)
                         ? "a gat network directory, but this program cannot read them"
                         : "a directory that is not a gat network (no manifest.json)");
  }
  // No telling extension: a MATPOWER file starts with "function", a RAW file with IC, SBASE.
  core::require_readable_file(path);
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  const auto start = first.find_first_not_of(" \t");
  if (start != std::string::npos && first.compare(start, 8, "function") == 0) return "matpower";
  if (start != std::string::npos && (first[start] == '0' || first[start] == '1')) return "psse";
  throw InputError(path.string(), 0,
                   "unrecognized case format '" + ext +
                       "' (gat reads MATPOWER .m, PSS/E .raw and gat network directories)");
}

core::Network load_case(std::string_view name_or_path) {
  fs::path path = resolve_case(name_or_path);
  if (auto f = registered_for(path)) return f->read(path);
  const std::string format = detect_case_format(path);
  if (format == "matpower") return read_matpower(path);
  auto result = read_psse(path);
  if (result.diagnostics.n_warnings() > 0) {
    spdlog::warn(
        "{}: {} import warnings (data read but not modelled; `gat import psse` lists them)",
        path.string(), result.diagnostics.n_warnings());
  }
  return std::move(result.network);
}

}  // namespace gat::io
