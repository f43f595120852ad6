#include "io/matlab_expression.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numbers>
#include <utility>

#include "gat/core/error.hpp"

namespace gat::io::matlab {

namespace {

// Deeper nesting than any case file needs; it bounds recursion on hostile input.
constexpr int kMaxDepth = 200;
// Largest matrix literal (elements, 128 MB); the largest MATPOWER ships (case_SyntheticUSA's
// branch data) has 2.2 M.
constexpr std::size_t kMaxElements = std::size_t{1} << 24;
// Largest result of a subscript (32 MB). `m(:, [1 1 1 ...])` can ask for rows x columns from an
// input of rows + columns characters, so this bound keeps memory linear in the input.
constexpr std::size_t kMaxSubscriptElements = std::size_t{1} << 22;

// MATLAB operator precedence, loosest first. Unary + - ~ bind tighter than * and looser than ^,
// so -2^2 is -4.
constexpr int kPrecOrOr = 1;
constexpr int kPrecAndAnd = 2;
constexpr int kPrecOr = 3;
constexpr int kPrecAnd = 4;
constexpr int kPrecCompare = 5;
constexpr int kPrecAdd = 6;
constexpr int kPrecMul = 7;
constexpr int kPrecPower = 9;

int precedence(Tok kind) {
  switch (kind) {
    case Tok::kOrOr:
      return kPrecOrOr;
    case Tok::kAndAnd:
      return kPrecAndAnd;
    case Tok::kOr:
      return kPrecOr;
    case Tok::kAnd:
      return kPrecAnd;
    case Tok::kEq:
    case Tok::kNe:
    case Tok::kLt:
    case Tok::kLe:
    case Tok::kGt:
    case Tok::kGe:
      return kPrecCompare;
    case Tok::kPlus:
    case Tok::kMinus:
      return kPrecAdd;
    case Tok::kStar:
    case Tok::kSlash:
    case Tok::kBackslash:
    case Tok::kDotStar:
    case Tok::kDotSlash:
      return kPrecMul;
    case Tok::kCaret:
    case Tok::kDotCaret:
      return kPrecPower;
    default:
      return -1;
  }
}

struct Function {
  std::string_view name;
  double (*apply)(double);
};

constexpr Function kFunctions[] = {
    {"sin", [](double x) { return std::sin(x); }},
    {"cos", [](double x) { return std::cos(x); }},
    {"tan", [](double x) { return std::tan(x); }},
    {"asin", [](double x) { return std::asin(x); }},
    {"acos", [](double x) { return std::acos(x); }},
    {"atan", [](double x) { return std::atan(x); }},
    {"sqrt", [](double x) { return std::sqrt(x); }},
    {"abs", [](double x) { return std::abs(x); }},
    {"exp", [](double x) { return std::exp(x); }},
    {"log", [](double x) { return std::log(x); }},
};

struct Constant {
  std::string_view name;
  double value;
};

constexpr Constant kConstants[] = {
    {"Inf", std::numeric_limits<double>::infinity()},
    {"inf", std::numeric_limits<double>::infinity()},
    {"NaN", std::numeric_limits<double>::quiet_NaN()},
    {"nan", std::numeric_limits<double>::quiet_NaN()},
    {"pi", std::numbers::pi},
    {"true", 1.0},
    {"false", 0.0},
};

constexpr std::string_view kKeywords[] = {"if",    "else",   "elseif", "end",      "for",
                                          "while", "switch", "case",   "function", "return"};

bool is_keyword(std::string_view id) {
  return std::find(std::begin(kKeywords), std::end(kKeywords), id) != std::end(kKeywords);
}

std::string format_number(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::string("?");
}

double combine(Tok op, double x, double y) {
  switch (op) {
    case Tok::kPlus:
      return x + y;
    case Tok::kMinus:
      return x - y;
    case Tok::kStar:
    case Tok::kDotStar:
      return x * y;
    case Tok::kSlash:
    case Tok::kDotSlash:
      return x / y;
    case Tok::kCaret:
    case Tok::kDotCaret:
      return std::pow(x, y);
    case Tok::kEq:
      return x == y;
    case Tok::kNe:
      return x != y;
    case Tok::kLt:
      return x < y;
    case Tok::kLe:
      return x <= y;
    case Tok::kGt:
      return x > y;
    case Tok::kGe:
      return x >= y;
    case Tok::kAnd:
    case Tok::kAndAnd:
      return x != 0 && y != 0;
    case Tok::kOr:
    case Tok::kOrOr:
      return x != 0 || y != 0;
    default:
      return std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace

// Counts nesting (parentheses, brackets, unary operators) so hostile input cannot exhaust the
// stack.
class ExpressionParser::DepthGuard {
 public:
  DepthGuard(ExpressionParser& parser, std::size_t line) : parser_(parser) {
    if (parser_.depth_ >= kMaxDepth) {
      parser_.fail(line, "expression nested more than " + std::to_string(kMaxDepth) + " deep");
    }
    ++parser_.depth_;
  }
  ~DepthGuard() { --parser_.depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  ExpressionParser& parser_;
};

// Inside [ ] whitespace separates elements; inside ( ) it does not.
class ExpressionParser::ModeGuard {
 public:
  ModeGuard(ExpressionParser& parser, bool in_matrix) : parser_(parser), saved_(parser.in_matrix_) {
    parser_.in_matrix_ = in_matrix;
  }
  ~ModeGuard() { parser_.in_matrix_ = saved_; }
  ModeGuard(const ModeGuard&) = delete;
  ModeGuard& operator=(const ModeGuard&) = delete;

 private:
  ExpressionParser& parser_;
  bool saved_;
};

Matrix ExpressionParser::expression() {
  return binary(kPrecOrOr);
}

Matrix ExpressionParser::binary(int min_precedence) {
  DepthGuard guard(*this, lexer_.peek().line);
  Matrix lhs = unary();
  while (true) {
    const Token& op = lexer_.peek();
    int prec = precedence(op.kind);
    if (prec < min_precedence) break;
    if (in_matrix_ && op.space_before && (op.kind == Tok::kPlus || op.kind == Tok::kMinus) &&
        !op.space_after) {
      break;  // `[1 -2]`: the sign starts the next element
    }
    Token op_token = lexer_.next();
    Matrix rhs = binary(prec + 1);  // left associative, ^ included (2^3^2 is 64 in MATLAB)
    lhs = apply(op_token, lhs, rhs);
  }
  return lhs;
}

Matrix ExpressionParser::unary() {
  Token op = lexer_.peek();
  if (op.kind != Tok::kMinus && op.kind != Tok::kPlus && op.kind != Tok::kNot) return postfix();
  DepthGuard guard(*this, op.line);
  lexer_.next();
  Matrix x = binary(kPrecPower);  // the operand is a power expression: -2^2 is -(2^2)
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (op.kind == Tok::kMinus) x[i] = -x[i];
    if (op.kind == Tok::kNot) x[i] = x[i] == 0 ? 1.0 : 0.0;
  }
  return x;
}

Matrix ExpressionParser::postfix() {
  Matrix value = primary();
  const Token& t = lexer_.peek();
  if (t.kind == Tok::kTranspose) fail(t.line, "transpose (') is not supported");
  return value;
}

Matrix ExpressionParser::primary() {
  Token t = lexer_.peek();
  switch (t.kind) {
    case Tok::kNumber:
      return Matrix(number(lexer_.next()));
    case Tok::kIdent:
      return identifier(lexer_.next());
    case Tok::kLBracket:
      return matrix_literal("matrix").matrix;
    case Tok::kLParen: {
      DepthGuard guard(*this, t.line);
      ModeGuard mode(*this, false);
      lexer_.next();
      Matrix value = expression();
      if (!lexer_.accept(Tok::kRParen)) {
        fail(lexer_.peek().line, "expected ')' to close the '(' of line " + std::to_string(t.line) +
                                     ", found " + describe(lexer_.peek()));
      }
      return value;
    }
    case Tok::kString:
      fail(t.line, "a string is not allowed in a numeric expression");
    default:
      fail(t.line, std::string(in_matrix_ ? "expected a number" : "expected an expression") +
                       ", found " + describe(t));
  }
}

Matrix ExpressionParser::identifier(const Token& name) {
  std::string_view id = name.text;
  if (id == ws_.struct_name && lexer_.peek().kind == Tok::kDot) return field_value(name);
  if (auto it = ws_.variables.find(id); it != ws_.variables.end()) {
    if (next_opens_index()) return index(it->second, id);
    return it->second;
  }
  for (const auto& c : kConstants) {
    if (c.name == id) return Matrix(c.value);
  }
  if (is_keyword(id)) fail(name.line, "unexpected keyword '" + std::string(id) + "'");
  if (next_opens_index()) return call(name);
  if (in_matrix_) fail(name.line, "expected a number, found '" + std::string(id) + "'");
  fail(name.line, "undefined variable '" + std::string(id) + "'");
}

// mpc.<field>, optionally subscripted.
Matrix ExpressionParser::field_value(const Token& name) {
  lexer_.next();  // the dot
  Token field = lexer_.next();
  std::string prefix = std::string(name.text) + ".";
  if (field.kind != Tok::kIdent) {
    fail(field.line, "expected a field name after '" + prefix + "', found " + describe(field));
  }
  std::string what = prefix + std::string(field.text);
  if (lexer_.peek().kind == Tok::kDot) fail(field.line, "nested fields are not supported");
  const Field* f = ws_.field(field.text);
  if (f == nullptr) fail(field.line, what + " is not defined at this point");
  if (f->kind == FieldKind::kSkipped) {
    fail(field.line, what + " is not read by gat, so it cannot be used in an expression");
  }
  if (f->kind != FieldKind::kNumeric) fail(field.line, what + " is not numeric");
  if (next_opens_index()) return index(f->numbers, what);
  return f->numbers;
}

Matrix ExpressionParser::call(const Token& name) {
  const Function* fn = nullptr;
  for (const auto& f : kFunctions) {
    if (f.name == name.text) fn = &f;
  }
  if (fn == nullptr) fail(name.line, "unsupported function '" + std::string(name.text) + "'");
  DepthGuard guard(*this, name.line);
  ModeGuard mode(*this, false);
  lexer_.next();  // (
  Matrix x = expression();
  if (!lexer_.accept(Tok::kRParen)) {
    fail(lexer_.peek().line, std::string(name.text) + " takes one argument; expected ')', found " +
                                 describe(lexer_.peek()));
  }
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = fn->apply(x[i]);
  return x;
}

Matrix ExpressionParser::index(const Matrix& m, std::string_view what) {
  auto [row_sub, col_sub] = subscripts();
  auto rows = resolve(row_sub, m.rows(), "row", what);
  auto cols = resolve(col_sub, m.cols(), "column", what);
  if (!cols.empty() && rows.size() > kMaxSubscriptElements / cols.size()) {
    fail(row_sub.line, "subscripted result of " + std::string(what) + " is too large");
  }
  std::vector<double> out;
  out.reserve(rows.size() * cols.size());
  for (auto r : rows) {
    for (auto c : cols) out.push_back(m(r, c));
  }
  return Matrix(rows.size(), cols.size(), std::move(out));
}

std::pair<Subscript, Subscript> ExpressionParser::subscripts() {
  Token open = lexer_.next();  // (
  DepthGuard guard(*this, open.line);
  ModeGuard mode(*this, false);
  auto one = [&] {
    Subscript s;
    s.line = lexer_.peek().line;
    Tok after = lexer_.peek(1).kind;
    if (lexer_.at(Tok::kColon) && (after == Tok::kComma || after == Tok::kRParen)) {
      lexer_.next();
      s.all = true;
    } else {
      s.positions = expression();
    }
    return s;
  };
  Subscript rows = one();
  if (!lexer_.accept(Tok::kComma)) fail(open.line, "expected two subscripts (row, column)");
  Subscript cols = one();
  if (!lexer_.accept(Tok::kRParen)) {
    fail(lexer_.peek().line,
         "expected ')' after two subscripts (row, column), found " + describe(lexer_.peek()));
  }
  return {std::move(rows), std::move(cols)};
}

std::vector<std::size_t> ExpressionParser::resolve(const Subscript& s, std::size_t extent,
                                                   std::string_view dim,
                                                   std::string_view what) const {
  std::vector<std::size_t> out;
  if (s.all) {
    out.resize(extent);
    for (std::size_t i = 0; i < extent; ++i) out[i] = i;
    return out;
  }
  out.reserve(s.positions.size());
  for (std::size_t i = 0; i < s.positions.size(); ++i) {
    double v = s.positions[i];
    if (!(v >= 1) || v != std::floor(v)) {
      fail(s.line, std::string(what) + ": " + std::string(dim) +
                       " subscript must be a positive integer, got " + format_number(v));
    }
    if (v > static_cast<double>(extent)) {
      fail(s.line, std::string(what) + " has " + std::to_string(extent) + " " + std::string(dim) +
                       "s; " + std::string(dim) + " " + format_number(v) + " is beyond it");
    }
    out.push_back(static_cast<std::size_t>(v) - 1);
  }
  return out;
}

// Scalars broadcast; otherwise both operands must have one shape. * / ^ with two matrices would
// be matrix algebra, which case files have no use for.
Matrix ExpressionParser::apply(const Token& op, const Matrix& a, const Matrix& b) const {
  bool both_arrays = !a.is_scalar() && !b.is_scalar();
  if (op.kind == Tok::kStar && both_arrays) {
    fail(op.line, "matrix multiplication is not supported (use .* for elementwise)");
  }
  if (op.kind == Tok::kSlash && !b.is_scalar()) {
    fail(op.line, "division by a matrix is not supported (use ./ for elementwise)");
  }
  if (op.kind == Tok::kCaret && (!a.is_scalar() || !b.is_scalar())) {
    fail(op.line, "matrix power is not supported (use .^ for elementwise)");
  }
  if (op.kind == Tok::kBackslash) fail(op.line, "left division (\\) is not supported");
  const Matrix& shape = a.is_scalar() ? b : a;
  if (both_arrays && (a.rows() != b.rows() || a.cols() != b.cols())) {
    fail(op.line, "operand sizes do not agree: " + a.shape() + " and " + b.shape());
  }
  std::vector<double> out(shape.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = combine(op.kind, a.is_scalar() ? a[0] : a[i], b.is_scalar() ? b[0] : b[i]);
  }
  return Matrix(shape.rows(), shape.cols(), std::move(out));
}

bool ExpressionParser::next_opens_index() {
  const Token& t = lexer_.peek();
  return t.kind == Tok::kLParen && !(in_matrix_ && t.space_before);
}

double ExpressionParser::number(const Token& t) const {
  double value = 0;
  const char* first = t.text.data();
  const char* last = first + t.text.size();
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range) {
    // Overflow is Inf and underflow 0 in MATLAB; strtod says which (rare, so the copy is fine).
    return std::strtod(std::string(t.text).c_str(), nullptr);
  }
  if (ec != std::errc{} || ptr != last) fail(t.line, "malformed number " + describe(t));
  return value;
}

Literal ExpressionParser::matrix_literal(std::string_view what) {
  Token open = lexer_.next();  // [
  DepthGuard guard(*this, open.line);
  ModeGuard mode(*this, true);
  Literal literal;
  std::vector<double> values;
  std::size_t rows = 0, cols = 0, in_row = 0, row_line = 0;
  bool after_comma = false;
  if (lexer_.plain_matrix(values, literal.row_lines, cols, kMaxElements)) {
    literal.matrix = Matrix(literal.row_lines.size(), cols, std::move(values));
    return literal;
  }
  auto end_row = [&] {
    if (in_row == 0) return;
    if (rows > 0 && in_row != cols) {
      fail(row_line, std::string(what) + " row " + std::to_string(rows + 1) + " has " +
                         std::to_string(in_row) + " columns, expected " + std::to_string(cols) +
                         " like row 1 (line " + std::to_string(literal.row_lines[0]) + ")");
    }
    cols = in_row;
    literal.row_lines.push_back(row_line);
    ++rows;
    in_row = 0;
  };
  while (true) {
    double x = 0;
    if (lexer_.plain_number(x, in_row > 0 && !after_comma)) {
      if (in_row == 0) row_line = lexer_.line();
      if (values.size() >= kMaxElements) fail(row_line, std::string(what) + " is too large");
      values.push_back(x);
      ++in_row;
      after_comma = false;
      continue;
    }
    Token t = lexer_.peek();
    if (t.kind == Tok::kRBracket || t.kind == Tok::kSemicolon || t.kind == Tok::kNewline) {
      end_row();
      after_comma = false;
      lexer_.next();
      if (t.kind != Tok::kRBracket) continue;
      literal.matrix = Matrix(rows, cols, std::move(values));
      return literal;
    }
    if (t.kind == Tok::kEnd) {
      fail(open.line, std::string(what) + " opened here is never closed by ']'");
    }
    if (t.kind == Tok::kComma) {
      if (in_row == 0 || after_comma) fail(t.line, "empty element in " + std::string(what));
      after_comma = true;
      lexer_.next();
      continue;
    }
    if (in_row > 0 && !after_comma && !t.space_before) {
      fail(t.line, "unexpected " + describe(t) + " in " + std::string(what));
    }
    if (in_row == 0) row_line = t.line;
    if (values.size() >= kMaxElements) fail(t.line, std::string(what) + " is too large");
    matrix_element(values, what, rows + 1, in_row + 1);
    ++in_row;
    after_comma = false;
  }
}

void ExpressionParser::matrix_element(std::vector<double>& values, std::string_view what,
                                      std::size_t row, std::size_t column) {
  std::size_t line = lexer_.peek().line;
  try {
    Matrix m = expression();
    if (!m.is_scalar()) {
      fail(line, "matrix elements must be scalars, found a " + m.shape() + " value");
    }
    values.push_back(m[0]);
  } catch (const InputError& e) {
    throw InputError(e.file(), e.line(),
                     std::string(what) + " row " + std::to_string(row) + ", column " +
                         std::to_string(column) + ": " + e.message());
  }
}

std::vector<std::string> ExpressionParser::string_cell(std::string_view what) {
  Token open = lexer_.next();  // {
  std::vector<std::string> out;
  while (true) {
    Token t = lexer_.next();
    switch (t.kind) {
      case Tok::kRBrace:
        return out;
      case Tok::kComma:
      case Tok::kSemicolon:
      case Tok::kNewline:
        break;
      case Tok::kString:
        out.push_back(unquote(t.text));
        break;
      case Tok::kEnd:
        fail(open.line, std::string(what) + " opened here is never closed by '}'");
      default:
        fail(t.line, std::string(what) + " entry " + std::to_string(out.size() + 1) +
                         ": expected a string, found " + describe(t));
    }
  }
}

std::string unquote(std::string_view token_text) {
  std::string out;
  if (token_text.size() < 2) return out;
  char quote = token_text.front();
  std::string_view body = token_text.substr(1, token_text.size() - 2);
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    out += body[i];
    if (body[i] == quote) ++i;  // a doubled quote stands for one
  }
  return out;
}

bool is_true(const Matrix& m) {
  if (m.empty()) return false;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i] == 0) return false;
  }
  return true;
}

}  // namespace gat::io::matlab
