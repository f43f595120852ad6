#include "gat/io/diagnostics.hpp"

#include <algorithm>

#include "gat/core/error.hpp"

namespace gat::io {

void ImportDiagnostics::warn(std::string category, std::size_t line, std::string message) {
  if (strict_) throw InputError(file_, line, message + " (--strict: " + category + ")");
  entries_.push_back({Severity::kWarning, std::move(category), line, std::move(message)});
}

void ImportDiagnostics::note(std::string category, std::size_t line, std::string message) {
  entries_.push_back({Severity::kNote, std::move(category), line, std::move(message)});
}

std::size_t ImportDiagnostics::n_warnings() const {
  return static_cast<std::size_t>(
      std::count_if(entries_.begin(), entries_.end(),
                    [](const auto& d) { return d.severity == Severity::kWarning; }));
}

std::map<std::pair<Severity, std::string>, std::size_t> ImportDiagnostics::counts() const {
  std::map<std::pair<Severity, std::string>, std::size_t> out;
  for (const auto& d : entries_) ++out[{d.severity, d.category}];
  return out;
}

const char* to_string(Severity severity) {
  return severity == Severity::kWarning ? "warning" : "note";
}

}  // namespace gat::io
