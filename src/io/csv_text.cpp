#include "csv_text.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>

#include "gat/core/error.hpp"
#include "gat/core/input_file.hpp"

namespace gat::io {

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    auto cell = line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto first = cell.find_first_not_of(" \t\r");
    const auto last = cell.find_last_not_of(" \t\r");
    out.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

}  // namespace

CsvText::CsvText(const std::filesystem::path& file) : file_(file.string()) {
  core::require_readable_file(file);
  std::ifstream in(file);
  if (!in) throw InputError(file_, 0, std::string("cannot read: ") + std::strerror(errno));
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto cells = split(line);
    if (header_.empty()) {
      header_ = std::move(cells);
      continue;
    }
    if (cells.size() != header_.size())
      throw InputError(file_, n,
                       std::to_string(cells.size()) + " cells, the header has " +
                           std::to_string(header_.size()));
    cells_.push_back(std::move(cells));
    line_.push_back(n);
  }
  if (header_.empty()) throw InputError(file_, 0, "the file is empty");
}

bool CsvText::has_column(const std::string& name) const {
  for (const auto& h : header_)
    if (h == name) return true;
  return false;
}

std::size_t CsvText::column(const std::string& name) const {
  for (std::size_t c = 0; c < header_.size(); ++c)
    if (header_[c] == name) return c;
  throw InputError(file_, 1, "no column '" + name + "'");
}

const std::string& CsvText::text(std::size_t row, const std::string& name) const {
  return cells_[row][column(name)];
}

double CsvText::number(std::size_t row, const std::string& name) const {
  const auto& cell = text(row, name);
  double value = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc() || end != cell.data() + cell.size() || cell.empty())
    fail(row, name + " '" + cell + "' is not a number");
  return value;
}

void CsvText::fail(std::size_t row, const std::string& message) const {
  throw InputError(file_, line_[row], message);
}

}  // namespace gat::io
