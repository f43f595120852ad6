#include "reference.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>

#include "gat/core/error.hpp"

namespace gat::validation {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Splits one CSV record (RFC 4180 quoting, no embedded newlines: make_refs never writes them).
std::vector<std::string> split_record(std::string_view line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(std::move(cell));
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  cells.push_back(std::move(cell));
  return cells;
}

// The whole cell as a double ("NaN", "Inf" and "-Inf" included), else NaN.
double parse_number(const std::string& cell) {
  double value = kNaN;
  const char* end = cell.data() + cell.size();
  auto [ptr, ec] = std::from_chars(cell.data(), end, value);
  if (ec != std::errc() || ptr != end) return kNaN;
  return value;
}

fs::path ask_make_refs() {
  const std::string command = std::string("'") + GAT_MAKE_REFS + "' --print-dir 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw Error("cannot run " + command);
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) output += buffer;
  const int status = pclose(pipe.release());
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  if (status != 0 || output.empty()) {
    throw Error("cannot find the MATPOWER references: `" + command + "` said: " + output);
  }
  return fs::path(output);
}

}  // namespace

RefTable RefTable::load(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string(), 0, "cannot open reference file");
  RefTable table;
  table.file_ = file;
  std::string line;
  if (!std::getline(in, line)) throw InputError(file.string(), 1, "empty reference file");
  table.names_ = split_record(line);
  std::vector<std::vector<std::string>> cells(table.names_.size());
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    auto record = split_record(line);
    if (record.size() != table.names_.size()) {
      throw InputError(file.string(), line_no,
                       "expected " + std::to_string(table.names_.size()) + " cells, found " +
                           std::to_string(record.size()));
    }
    for (std::size_t c = 0; c < record.size(); ++c) cells[c].push_back(std::move(record[c]));
    ++table.rows_;
  }
  for (std::size_t c = 0; c < table.names_.size(); ++c) {
    std::vector<double> numbers(cells[c].size());
    std::transform(cells[c].begin(), cells[c].end(), numbers.begin(), parse_number);
    table.numbers_[table.names_[c]] = std::move(numbers);
    table.text_[table.names_[c]] = std::move(cells[c]);
  }
  return table;
}

bool RefTable::has(std::string_view column) const {
  return numbers_.contains(column);
}

const std::vector<double>& RefTable::column(std::string_view name) const {
  auto it = numbers_.find(name);
  if (it == numbers_.end()) {
    throw UsageError(file_.string() + ": no column '" + std::string(name) + "'");
  }
  return it->second;
}

const std::vector<std::string>& RefTable::text(std::string_view name) const {
  auto it = text_.find(name);
  if (it == text_.end()) {
    throw UsageError(file_.string() + ": no column '" + std::string(name) + "'");
  }
  return it->second;
}

RefMatrix load_matrix(const fs::path& case_dir, std::string_view name) {
  const auto dims = RefTable::load(case_dir / "dims.csv");
  const auto& names = dims.text("name");
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    throw InputError((case_dir / "dims.csv").string(), 0, "no matrix '" + std::string(name) + "'");
  }
  const auto row = static_cast<std::size_t>(it - names.begin());
  RefMatrix m;
  m.rows = static_cast<std::size_t>(dims.column("rows")[row]);
  m.cols = static_cast<std::size_t>(dims.column("cols")[row]);
  m.values.resize(m.rows * m.cols);

  const fs::path file = case_dir / (std::string(name) + ".bin");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), 0, "cannot open reference matrix");
  static_assert(std::endian::native == std::endian::little, "reference matrices are little-endian");
  const auto bytes = static_cast<std::streamsize>(m.values.size() * sizeof(double));
  in.read(reinterpret_cast<char*>(m.values.data()), bytes);
  if (in.gcount() != bytes || in.peek() != std::ifstream::traits_type::eof()) {
    throw InputError(file.string(), 0,
                     "expected " + std::to_string(m.rows) + " x " + std::to_string(m.cols) +
                         " float64 values (dims.csv)");
  }
  return m;
}

const fs::path& reference_root() {
  static const fs::path root = [] {
    if (const char* env = std::getenv("GAT_REF_DIR"); env != nullptr && *env != '\0') {
      return fs::path(env);
    }
    return ask_make_refs();
  }();
  return root;
}

fs::path study_dir(std::string_view study) {
  return reference_root() / std::string(study);
}

bool study_complete(std::string_view study) {
  return fs::is_regular_file(study_dir(study) / "COMPLETE");
}

std::vector<std::string> list_cases(std::string_view study) try {
  const fs::path dir = study_dir(study);
  std::vector<std::string> names;
  std::error_code ec;
  // The catalog orders cases by size; fall back to the folder listing, by name.
  const fs::path catalog = reference_root() / "catalog" / "cases.csv";
  if (fs::is_regular_file(catalog, ec)) {
    const auto cases = RefTable::load(catalog);
    for (const auto& name : cases.text("case")) {
      if (fs::is_regular_file(dir / name / "summary.csv", ec)) names.push_back(name);
    }
    return names;
  }
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (fs::is_regular_file(entry.path() / "summary.csv", ec)) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
} catch (const Error&) {
  return {};  // no reference folder: the study's completeness test says why
}

bool CaseRef::matpower_succeeded() const {
  return summary.has("success") && summary.rows() == 1 && summary.column("success")[0] == 1.0;
}

std::string CaseRef::failure() const {
  const std::string error = summary_text("error");
  if (!error.empty()) return "MATPOWER error: " + error;
  std::string why = "MATPOWER did not succeed (success = " + summary_text("success");
  if (summary.has("iterations")) why += ", iterations = " + summary_text("iterations");
  const std::string warning = summary_text("warning");
  if (!warning.empty()) why += ", last warning: " + warning;
  return why + ")";
}

std::string CaseRef::summary_text(std::string_view column) const {
  if (!summary.has(column) || summary.rows() == 0) return "";
  return summary.text(column)[0];
}

double CaseRef::summary_value(std::string_view column) const {
  if (!summary.has(column) || summary.rows() == 0) return kNaN;
  return summary.column(column)[0];
}

RefTable CaseRef::table(std::string_view table_name) const {
  return RefTable::load(dir / (std::string(table_name) + ".csv"));
}

CaseRef load_case_ref(std::string_view study, std::string_view case_name) {
  CaseRef ref;
  ref.study = study;
  ref.name = case_name;
  ref.dir = study_dir(study) / std::string(case_name);
  ref.summary = RefTable::load(ref.dir / "summary.csv");
  return ref;
}

::testing::AssertionResult all_near(std::span<const double> ours, std::span<const double> theirs,
                                    double tolerance, std::string_view what,
                                    const std::function<std::string(std::size_t)>& label) {
  if (ours.size() != theirs.size()) {
    return ::testing::AssertionFailure()
           << what << ": " << ours.size() << " values, MATPOWER has " << theirs.size();
  }
  std::size_t bad = 0;
  std::size_t worst = 0;
  double worst_diff = -1.0;
  for (std::size_t i = 0; i < ours.size(); ++i) {
    const bool nan_ours = std::isnan(ours[i]);
    const bool nan_theirs = std::isnan(theirs[i]);
    double diff = 0.0;
    if (nan_ours != nan_theirs) {
      diff = std::numeric_limits<double>::infinity();
    } else if (!nan_ours) {
      diff = ours[i] == theirs[i] ? 0.0 : std::abs(ours[i] - theirs[i]);  // equal infinities
    }
    if (diff > tolerance || std::isnan(diff)) ++bad;
    if (diff > worst_diff) {
      worst_diff = diff;
      worst = i;
    }
  }
  if (bad == 0) return ::testing::AssertionSuccess();
  std::ostringstream msg;
  msg << what << ": " << bad << " of " << ours.size() << " values differ by more than " << tolerance
      << "; worst at index " << worst;
  msg.precision(17);
  if (label) msg << " (" << label(worst) << ")";
  msg << ": ours " << ours[worst] << ", MATPOWER " << theirs[worst] << ", |diff| " << worst_diff;
  return ::testing::AssertionFailure() << msg.str();
}

std::string test_name(std::string_view case_name) {
  std::string name(case_name);
  for (char& c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) c = '_';
  }
  return name;
}

}  // namespace gat::validation
