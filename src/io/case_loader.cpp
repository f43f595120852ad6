#include "gat/io/case_loader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <system_error>

#include "gat/build_info.hpp"
#include "gat/core/error.hpp"
#include "gat/io/matpower.hpp"

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

core::Network load_case(std::string_view name_or_path) {
  fs::path path = resolve_case(name_or_path);
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".m") return read_matpower(path);
  throw InputError(path.string(), 0,
                   "unrecognized case format '" + ext + "' (gat reads MATPOWER .m files)");
}

}  // namespace gat::io
