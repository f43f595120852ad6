// Evaluation of the MATLAB expressions MATPOWER case files contain: numbers, matrix literals,
// scalar variables, `mpc.<field>(rows, cols)` reads, + - * / ^ (and their elementwise forms),
// comparisons and logical operators, unary minus and not, and a few elementwise functions
// (sin, cos, acos, sqrt, abs, ...). Anything else is an InputError naming the line.
//
// Expressions are evaluated while they are parsed (no syntax tree): case files evaluate each
// expression once, and the large matrices take a fast path that reads plain numbers directly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "io/matlab_lexer.hpp"
#include "io/matlab_workspace.hpp"

namespace gat::io::matlab {

// One subscript of `a(rows, cols)`: `:` or a list of 1-based positions.
struct Subscript {
  bool all = false;
  Matrix positions;
  std::size_t line = 0;
};

// A matrix literal with the source line of each of its rows.
struct Literal {
  Matrix matrix;
  std::vector<std::size_t> row_lines;
};

class ExpressionParser {
 public:
  ExpressionParser(Lexer& lexer, Workspace& workspace) : lexer_(lexer), ws_(workspace) {}

  // Parses and evaluates an expression, stopping at the first token that cannot continue it.
  Matrix expression();
  // `[ ... ]`, the `[` not yet consumed; what ("mpc.bus") names the matrix in messages.
  Literal matrix_literal(std::string_view what);
  // `{ 'a'; 'b' }` of strings, the `{` not yet consumed, flattened in reading order.
  std::vector<std::string> string_cell(std::string_view what);
  // `(rows, cols)`, the `(` not yet consumed.
  std::pair<Subscript, Subscript> subscripts();
  // 0-based positions a subscript selects among extent; out-of-range positions are errors
  // (MATLAB would grow the matrix on assignment; a case file has no reason to).
  std::vector<std::size_t> resolve(const Subscript& s, std::size_t extent, std::string_view dim,
                                   std::string_view what) const;

  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    lexer_.fail(line, message);
  }

 private:
  class DepthGuard;
  class ModeGuard;

  Matrix binary(int min_precedence);
  Matrix unary();
  Matrix postfix();
  Matrix primary();
  Matrix identifier(const Token& name);
  Matrix field_value(const Token& name);
  Matrix call(const Token& name);
  Matrix index(const Matrix& m, std::string_view what);
  Matrix apply(const Token& op, const Matrix& a, const Matrix& b) const;
  void matrix_element(std::vector<double>& values, std::string_view what, std::size_t row,
                      std::size_t column);
  bool next_opens_index();
  double number(const Token& t) const;

  Lexer& lexer_;
  Workspace& ws_;
  int depth_ = 0;
  bool in_matrix_ = false;  // whitespace separates elements (inside [ ] and { })
};

// The characters of a string token, quotes removed and doubled quotes undone.
std::string unquote(std::string_view token_text);

// MATLAB's truth of a condition: nonempty and every element nonzero.
bool is_true(const Matrix& m);

}  // namespace gat::io::matlab
