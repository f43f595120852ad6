// A small CSV reader for the engine's own table inputs (no quoting: cells are plain names and
// numbers). Every value read through it reports bad input as InputError file:line.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace gat::io {

class CsvText {
 public:
  // Reads the header and rows; blank lines are skipped. InputError for a missing file, an
  // empty one, or a row whose cell count differs from the header's.
  explicit CsvText(const std::filesystem::path& file);

  std::size_t rows() const { return cells_.size(); }
  bool has_column(const std::string& name) const;
  const std::string& text(std::size_t row, const std::string& column) const;
  double number(std::size_t row, const std::string& column) const;
  [[noreturn]] void fail(std::size_t row, const std::string& message) const;

 private:
  std::size_t column(const std::string& name) const;
  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> cells_;
  std::vector<std::size_t> line_;  // file line of each row
};

}  // namespace gat::io
