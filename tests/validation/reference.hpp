// MATPOWER reference results, as tests/validation/make_refs writes them, read for comparison.
//
// Layout: <root>/<study>/<case>/{summary,bus,branch,gen,...}.csv (and *.bin matrices for the
// `sens` study), <root>/<study>/COMPLETE once the study is whole, <root>/catalog/cases.csv with
// every case's size. The root is $GAT_REF_DIR when set, else what `make_refs --print-dir`
// prints (the folder the CTest fixture `validation_refs` fills). See README.md here.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gat::validation {

// A CSV file with one header row. Every cell is kept as text, and as a double: cells that are
// not numbers (quoted messages) read as NaN in the numeric view.
class RefTable {
 public:
  static RefTable load(const std::filesystem::path& file);

  std::size_t rows() const { return rows_; }
  const std::vector<std::string>& names() const { return names_; }
  bool has(std::string_view column) const;
  // Throws gat::UsageError naming the file when the column is absent.
  const std::vector<double>& column(std::string_view name) const;
  const std::vector<std::string>& text(std::string_view name) const;

 private:
  std::filesystem::path file_;
  std::size_t rows_ = 0;
  std::vector<std::string> names_;
  std::map<std::string, std::vector<double>, std::less<>> numbers_;
  std::map<std::string, std::vector<std::string>, std::less<>> text_;
};

// A dense matrix written by MATLAB's fwrite: little-endian float64, column-major.
struct RefMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;

  double operator()(std::size_t i, std::size_t j) const { return values[i + j * rows]; }
};

// Reads <case_dir>/<name>.bin with the size given for it in <case_dir>/dims.csv.
RefMatrix load_matrix(const std::filesystem::path& case_dir, std::string_view name);

// The reference folder: $GAT_REF_DIR, else `make_refs --print-dir`. Throws gat::Error when
// neither gives one.
const std::filesystem::path& reference_root();

std::filesystem::path study_dir(std::string_view study);
// True when make_refs finished the study (its COMPLETE marker exists).
bool study_complete(std::string_view study);
// Cases with a result in the study, smallest first (by bus count, then name); empty when
// there is no reference folder (call it at static initialization without fear of throwing).
std::vector<std::string> list_cases(std::string_view study);

// One case's reference in one study.
struct CaseRef {
  std::string study;
  std::string name;
  std::filesystem::path dir;
  RefTable summary;

  // MATPOWER's own success flag (0 for a failed or non-converged run, or an error).
  bool matpower_succeeded() const;
  // "MATPOWER error: ..." or "MATPOWER did not succeed (...)", for GTEST_SKIP.
  std::string failure() const;
  std::string summary_text(std::string_view column) const;  // "" when absent
  double summary_value(std::string_view column) const;      // NaN when absent
  RefTable table(std::string_view table_name) const;        // dir/<table_name>.csv
};

CaseRef load_case_ref(std::string_view study, std::string_view case_name);

// Element-wise |ours − theirs| <= tolerance. Two NaNs agree; a NaN against a number does not.
// On failure the message gives the number of elements out of tolerance and the worst one:
// its index (and label(index) when given), ours, theirs and the difference.
::testing::AssertionResult all_near(std::span<const double> ours, std::span<const double> theirs,
                                    double tolerance, std::string_view what,
                                    const std::function<std::string(std::size_t)>& label = {});

// gtest-safe parameter names ([A-Za-z0-9_]).
std::string test_name(std::string_view case_name);

}  // namespace gat::validation
