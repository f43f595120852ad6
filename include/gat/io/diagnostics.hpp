// What an import read but could not carry into the model, line by line.
//
// A reader never drops data silently: every record (or field) it reads but does not model is
// reported here with file:line. Two severities:
//   warning  data that would change a study's result (a DC line, a tap changer's control, a
//            constant-current load converted to constant power); --strict makes it an error.
//   note     descriptive data not kept (area, zone and owner names, ownership fractions).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gat::io {

enum class Severity { kNote, kWarning };

struct Diagnostic {
  Severity severity;
  std::string category;  // short and stable, e.g. "switched shunt control"
  std::size_t line;      // 1-based line in the source file; 0 for the whole file
  std::string message;
};

class ImportDiagnostics {
 public:
  ImportDiagnostics() = default;
  // strict: the first warning throws InputError (file:line) instead of being recorded.
  ImportDiagnostics(std::string file, bool strict) : file_(std::move(file)), strict_(strict) {}

  void warn(std::string category, std::size_t line, std::string message);
  void note(std::string category, std::size_t line, std::string message);

  const std::string& file() const { return file_; }
  const std::vector<Diagnostic>& entries() const { return entries_; }
  std::size_t n_warnings() const;
  std::size_t n_notes() const { return entries_.size() - n_warnings(); }
  // (severity, category) -> count, for a summary table.
  std::map<std::pair<Severity, std::string>, std::size_t> counts() const;

 private:
  std::string file_;
  bool strict_ = false;
  std::vector<Diagnostic> entries_;
};

const char* to_string(Severity severity);

}  // namespace gat::io
