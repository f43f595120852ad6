// MATPOWER reader: every class of malformed input is an InputError naming the right line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>

#include "gat/core/error.hpp"
#include "gat/io/matpower.hpp"

namespace {

// A valid two-bus case, assembled from parts that each test replaces.
struct CaseText {
  std::string head = "function mpc = t\nmpc.version = '2';\nmpc.baseMVA = 100;\n";
  std::string bus =
      "mpc.bus = [\n"
      "  1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n"
      "  2 1 10 5 0 0 1 1 0 230 1 1.1 0.9;\n"
      "];\n";
  std::string gen = "mpc.gen = [\n  1 10 0 100 -100 1 100 1 200 0;\n];\n";
  std::string branch = "mpc.branch = [\n  1 2 0.01 0.1 0 0 0 0 0 0 1;\n];\n";
  std::string gencost;
  std::string tail;

  std::string text() const { return head + bus + gen + branch + gencost + tail; }
};

// 1-based line of the first line of text containing marker.
std::size_t line_of(const std::string& text, const std::string& marker) {
  auto pos = text.find(marker);
  if (pos == std::string::npos) {
    ADD_FAILURE() << "marker not found: " << marker;
    return 0;
  }
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + pos, '\n'));
}

gat::InputError parse_error(const std::string& text) {
  try {
    gat::io::parse_matpower(text, "bad.m");
  } catch (const gat::InputError& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected InputError, got: " << e.what();
    return gat::InputError("", 0, "");
  }
  ADD_FAILURE() << "expected InputError, parsed fine:\n" << text;
  return gat::InputError("", 0, "");
}

// Expects an InputError at the line holding marker whose message mentions every fragment.
void expect_error(const std::string& text, const std::string& marker,
                  std::initializer_list<const char*> fragments) {
  auto e = parse_error(text);
  EXPECT_EQ(e.file(), "bad.m");
  EXPECT_EQ(e.line(), marker.empty() ? 0 : line_of(text, marker)) << e.what();
  for (const char* f : fragments) {
    EXPECT_NE(e.message().find(f), std::string::npos) << "'" << f << "' not in: " << e.what();
  }
}

TEST(MatpowerErrors, BaseCaseIsValid) {
  EXPECT_EQ(gat::io::parse_matpower(CaseText{}.text(), "ok.m").n_buses(), 2u);
}

TEST(MatpowerErrors, TruncatedMatrix) {
  std::string text = CaseText{}.head + "mpc.bus = [\n  1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n  2 1";
  expect_error(text, "mpc.bus = [", {"mpc.bus", "never closed"});
}

TEST(MatpowerErrors, TruncatedCellArray) {
  CaseText c;
  c.tail = "mpc.bus_name = {\n  'a';\n  'b";
  expect_error(c.text(), "'b", {"unterminated string"});
  c.tail = "mpc.bus_name = {\n  'a';\n";
  expect_error(c.text(), "mpc.bus_name", {"never closed"});
  c.tail = "mpc.gentype = {\n  'a';\n";  // skipped fields must still be closed
  expect_error(c.text(), "mpc.gentype", {"never closed"});
}

TEST(MatpowerErrors, MissingRequiredFields) {
  CaseText c;
  c.bus.clear();
  expect_error(c.text(), "", {"missing mpc.bus"});
  c = CaseText{};
  c.gen.clear();
  expect_error(c.text(), "", {"missing mpc.gen"});
  c = CaseText{};
  c.branch.clear();
  expect_error(c.text(), "", {"missing mpc.branch"});
  c = CaseText{};
  c.head = "function mpc = t\nmpc.version = '2';\n";
  expect_error(c.text(), "", {"missing mpc.baseMVA"});
}

TEST(MatpowerErrors, TooFewColumns) {
  CaseText c;
  c.bus = "mpc.bus = [1 3 0 0 0 0 1 1 0 230 1 1.1];\n";
  expect_error(c.text(), "mpc.bus", {"mpc.bus", "12 columns", "13"});
  c = CaseText{};
  c.branch = "mpc.branch = [1 2 0.01 0.1 0 0 0 0 0 0];\n";
  expect_error(c.text(), "mpc.branch", {"10 columns", "11"});
  c = CaseText{};
  c.gen = "mpc.gen = [1 10 0 100 -100 1 100 1 200];\n";
  expect_error(c.text(), "mpc.gen", {"9 columns", "10"});
}

TEST(MatpowerErrors, RaggedRows) {
  CaseText c;
  c.bus =
      "mpc.bus = [\n  1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n  2 1 10 5 0 0 1 1 0 230 1.1 0.9;\n];\n";
  expect_error(c.text(), "2 1 10 5", {"mpc.bus row 2", "12 columns", "expected 13"});
}

TEST(MatpowerErrors, NonNumericEntry) {
  CaseText c;
  c.bus =
      "mpc.bus = [\n  1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n  2 1 10 5 abc 0 1 1 0 230 1 1.1 "
      "0.9;\n];\n";
  expect_error(c.text(), "abc", {"mpc.bus row 2, column 5", "'abc'"});
  c.bus =
      "mpc.bus = [\n  1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n  2 1 10 'x' 0 0 1 1 0 230 1 1.1 "
      "0.9;\n];\n";
  expect_error(c.text(), "'x'", {"row 2, column 4", "string"});
  c.bus =
      "mpc.bus = [\n  1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n  2 1 10 5 0 0 1 1 0 2x30 1 1.1 0.9;\n];\n";
  expect_error(c.text(), "2x30", {"malformed number '2x30'"});
}

TEST(MatpowerErrors, UnknownBusInBranchOrGen) {
  CaseText c;
  c.branch = "mpc.branch = [\n  1 2 0.01 0.1 0 0 0 0 0 0 1;\n  2 9 0.01 0.1 0 0 0 0 0 0 1;\n];\n";
  expect_error(c.text(), "2 9 0.01", {"mpc.branch row 2", "to bus 9", "not a bus"});
  c = CaseText{};
  c.gen = "mpc.gen = [\n  1 10 0 100 -100 1 100 1 200 0;\n  3 10 0 100 -100 1 100 1 200 0;\n];\n";
  expect_error(c.text(), "3 10 0", {"mpc.gen row 2", "generator bus 3"});
}

TEST(MatpowerErrors, DuplicateBusNumber) {
  CaseText c;
  c.bus =
      "mpc.bus = [\n  1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n  2 1 0 0 0 0 1 1 0 230 1 1.1 0.9;\n"
      "  1 1 10 5 0 0 1 1 0 230 1 1.1 0.9;\n];\n";
  expect_error(c.text(), "1 1 10 5", {"row 3", "duplicate bus number 1", "row 1"});
}

TEST(MatpowerErrors, InvalidBusTypeAndNumber) {
  CaseText c;
  c.bus =
      "mpc.bus = [\n  1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n  2 5 10 5 0 0 1 1 0 230 1 1.1 0.9;\n];\n";
  expect_error(c.text(), "2 5 10 5", {"invalid bus type 5"});
  c.bus =
      "mpc.bus = [\n  1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n  2.5 1 10 5 0 0 1 1 0 230 1 1.1 "
      "0.9;\n];\n";
  expect_error(c.text(), "2.5 1 10", {"bus number must be a positive integer, got 2.5"});
  c.bus =
      "mpc.bus = [\n  1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n  2 1 10 5 0 0 1.5 1 0 230 1 1.1 "
      "0.9;\n];\n";
  expect_error(c.text(), "2 1 10 5", {"area", "integer"});
}

TEST(MatpowerErrors, GencostModelAndLength) {
  CaseText c;
  c.gencost = "mpc.gencost = [\n  3 0 0 2 1 0;\n];\n";
  expect_error(c.text(), "3 0 0 2", {"cost model 3"});
  c.gencost = "mpc.gencost = [\n  2 0 0 3 1 0;\n];\n";
  expect_error(c.text(), "2 0 0 3", {"n = 3 needs 7 columns", "4 + n"});
  c.gencost = "mpc.gencost = [\n  1 0 0 2 0 0 10;\n];\n";
  expect_error(c.text(), "1 0 0 2", {"n = 2 needs 8 columns", "4 + 2n"});
  c.gencost = "mpc.gencost = [\n  2 0 0 1 5 7;\n];\n";
  expect_error(c.text(), "2 0 0 1", {"column 6", "beyond the n = 1"});
  c.gencost = "mpc.gencost = [\n  2 0 0 -1 5 7;\n];\n";
  expect_error(c.text(), "2 0 0 -1", {"non-negative integer"});
  c.gencost = "mpc.gencost = [\n  2 0 0 2 1 0;\n  2 0 0 2 1 0;\n  2 0 0 2 1 0;\n];\n";
  expect_error(c.text(), "2 0 0 2 1 0;\n];", {"3 rows", "expected 1 or 2"});
}

TEST(MatpowerErrors, BadBaseMva) {
  CaseText c;
  c.head = "function mpc = t\nmpc.baseMVA = 0;\n";
  expect_error(c.text(), "mpc.baseMVA", {"positive"});
  c.head = "function mpc = t\nmpc.baseMVA = -100;\n";
  expect_error(c.text(), "mpc.baseMVA", {"positive"});
  c.head = "function mpc = t\nmpc.baseMVA = [100 100];\n";
  expect_error(c.text(), "mpc.baseMVA", {"scalar"});
}

TEST(MatpowerErrors, NanAndMeaninglessInfinity) {
  CaseText c;
  c.branch = "mpc.branch = [\n  1 2 NaN 0.1 0 0 0 0 0 0 1;\n];\n";
  expect_error(c.text(), "1 2 NaN", {"mpc.branch row 1", "column 3 is NaN"});
  c.branch = "mpc.branch = [\n  1 2 0.01 Inf 0 0 0 0 0 0 1;\n];\n";
  expect_error(c.text(), "1 2 0.01 Inf", {"x (column 4) must be finite"});
  c = CaseText{};
  c.tail = "mpc.bus(2, 3) = 0/0;\n";  // NaN produced by a statement names the row's line
  expect_error(c.text(), "2 1 10 5", {"mpc.bus row 2", "column 3 is NaN"});
}

TEST(MatpowerErrors, VersionOne) {
  CaseText c;
  c.head = "function mpc = t\nmpc.version = '1';\nmpc.baseMVA = 100;\n";
  expect_error(c.text(), "mpc.version", {"version 1 cases are not supported", "savecase"});
  std::string v1 = "function [baseMVA, bus, gen, branch, areas, gencost] = case9\nbaseMVA = 100;\n";
  expect_error(v1, "function", {"version 1"});
  c.head = "function mpc = t\nmpc.version = '3';\nmpc.baseMVA = 100;\n";
  expect_error(c.text(), "mpc.version", {"unknown MATPOWER case format version '3'"});
}

TEST(MatpowerErrors, UnsupportedStatements) {
  CaseText c;
  c.tail = "disp(mpc.baseMVA);\n";
  expect_error(c.text(), "disp", {"unsupported MATLAB statement: disp(mpc.baseMVA);"});
  c.tail = "for k = 1:3\n  mpc.bus(k, 3) = 0;\nend\n";
  expect_error(c.text(), "for k", {"unsupported MATLAB statement"});
  c.tail = "mpc.bus(:, 3) = find(mpc.bus(:, 3));\n";
  expect_error(c.text(), "find", {"unsupported function 'find'"});
  c.tail = "[a, b] = size(mpc.bus);\n";
  expect_error(c.text(), "[a, b]", {"unsupported MATLAB statement"});
  c.tail = "mpc.bus = mpc.bus';\n";
  expect_error(c.text(), "mpc.bus'", {"transpose"});
  c.tail = "mpc.bus(:, [3 4]) = mpc.bus(:, [3 4]) * mpc.bus(:, [3 4]);\n";
  expect_error(c.text(), "mpc.bus(:, [3 4]) = ", {"matrix multiplication"});
  c.tail = "x = undefined_thing + 1;\n";
  expect_error(c.text(), "undefined_thing", {"undefined variable 'undefined_thing'"});
  c.tail = "if 1\n  mpc.bus(1, 3) = 2;\n  plot(1);\nend\n";  // a taken branch is evaluated
  expect_error(c.text(), "plot", {"unsupported MATLAB statement: plot(1);"});
  c.tail = "mpc.bus(1, 3) = 5 $ 2;\n";
  expect_error(c.text(), "$", {"unexpected character '$'"});
}

TEST(MatpowerErrors, AssignmentOutsideTheMatrix) {
  CaseText c;
  c.tail = "mpc.gen(:, 22) = 1;\n";
  expect_error(c.text(), "mpc.gen(:, 22)", {"mpc.gen has 10 columns; column 22 is beyond it"});
  c.tail = "mpc.bus(3, 1) = 1;\n";
  expect_error(c.text(), "mpc.bus(3, 1)", {"2 rows; row 3 is beyond it"});
  c.tail = "mpc.bus(0, 1) = 1;\n";
  expect_error(c.text(), "mpc.bus(0, 1)", {"positive integer"});
  c.tail = "mpc.bus(:, [3 4]) = [1 2 3];\n";
  expect_error(c.text(), "mpc.bus(:, [3 4])", {"cannot assign a 1x3 value to 2x2"});
  c.tail = "mpc.areas = [1 1];\nmpc.areas(1, 1) = 2;\n";
  expect_error(c.text(), "mpc.areas(1, 1)", {"not a numeric matrix that gat reads"});
}

TEST(MatpowerErrors, UnclosedBlocksAndStrays) {
  CaseText c;
  c.tail = "if 0\n  mpc.bus(1, 3) = 2;\n";
  expect_error(c.text(), "if 0", {"never closed by 'end'"});
  c.tail = "else\n";
  expect_error(c.text(), "else", {"'else' without a matching 'if'"});
  c.tail = "end\nmpc.baseMVA = 10;\n";  // after the function's closing end
  expect_error(c.text(), "mpc.baseMVA = 10;", {"unsupported MATLAB statement"});
  c.tail = "x = (1 + 2;\n";
  expect_error(c.text(), "x = (1", {"expected ')'"});
  c.tail = "%{\nan unterminated block comment\n";
  expect_error(c.text(), "%{", {"block comment"});
}

TEST(MatpowerErrors, PathologicalNestingIsAnErrorNotACrash) {
  CaseText c;
  c.tail = "x = " + std::string(100000, '(') + "1" + std::string(100000, ')') + ";\n";
  expect_error(c.text(), "x = ", {"nested more than"});
  c.tail = "x = " + std::string(100000, '-') + "1;\n";
  expect_error(c.text(), "x = ", {"nested more than"});
  c.tail = "x = " + std::string(100000, '[') + "1;\n";
  expect_error(c.text(), "x = ", {"nested more than"});
  c.tail.clear();
  for (int i = 0; i < 10000; ++i) c.tail += "if 1\n";
  auto e = parse_error(c.text());
  EXPECT_EQ(e.line(), line_of(c.text(), "if 1") + 64) << e.what();  // the 65th `if`
  EXPECT_NE(e.message().find("'if' blocks nested more than 64"), std::string::npos) << e.what();
}

TEST(MatpowerErrors, MemoryStaysLinearInTheInput) {
  CaseText c;
  std::string ones;
  for (int i = 0; i < 5000; ++i) ones += " 1";
  c.tail = "x = mpc.bus(:, [" + ones + "]);\n";  // 2 x 5000 from 10 kB of text: fine
  for (int i = 0; i < 1000; ++i) c.tail += "x" + std::to_string(i) + " = x;\n";
  // x plus x0..x418 hold 420 x 10000 numbers, past 2^22.
  expect_error(c.text(), "x418 = x;", {"variables hold more than"});
  c.tail = "m = [";
  for (int i = 0; i < 1000; ++i) c.tail += "1 2 3;";
  c.tail += "];\ny = m(:, [" + ones + "]);\n";  // 1000 x 5000 > 2^22
  expect_error(c.text(), "y = m", {"too large"});
}

TEST(MatpowerErrors, HugeAndTinyNumbersFollowMatlab) {
  CaseText c;
  c.bus =
      "mpc.bus = [\n  1 3 0 0 0 0 1 1 0 230 1 1e999 -1e-999;\n  2 1 0 0 0 0 1 1 0 230 1 1.1 "
      "0.9;\n];\n";
  auto net = gat::io::parse_matpower(c.text(), "big.m");
  EXPECT_TRUE(std::isinf(net.buses.vmax_pu[0]));
  EXPECT_EQ(net.buses.vmin_pu[0], 0.0);
}

}  // namespace
