#include "io/matpower_script.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>
#include <vector>

#include "gat/core/error.hpp"
#include "io/matlab_expression.hpp"
#include "io/matlab_lexer.hpp"

namespace gat::io::matlab {

namespace {

// Values returned by MATPOWER's idx_* functions (lib/idx_*.m), in the order they return them.
// Note the orders are not the column orders: idx_brch returns PF..MU_ST before ANGMIN, and
// idx_gen returns the MU_* columns (22-25) before PC1 (11).
constexpr double kIdxBus[] = {1,  2,  3,  4,                                 // PQ PV REF NONE
                              1,  2,  3,  4, 5, 6, 7, 8, 9, 10, 11, 12, 13,  // BUS_I .. VMIN
                              14, 15, 16, 17};                               // LAM_P .. MU_VMIN
constexpr double kIdxBrch[] = {1,  2,  3,  4,  5,  6,  7, 8, 9, 10, 11,      // F_BUS .. BR_STATUS
                               14, 15, 16, 17, 18, 19,                       // PF .. MU_ST
                               12, 13, 20, 21};  // ANGMIN ANGMAX MU_ANGMIN MU_ANGMAX
constexpr double kIdxGen[] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10,       // GEN_BUS .. PMIN
                              22, 23, 24, 25,                               // MU_PMAX .. MU_QMIN
                              11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21};  // PC1 .. APF
constexpr double kIdxCost[] = {1, 2, 1, 2, 3, 4, 5};  // PW_LINEAR POLYNOMIAL MODEL .. COST

struct IndexFunction {
  std::string_view name;
  std::span<const double> values;
};

constexpr IndexFunction kIndexFunctions[] = {
    {"idx_bus", kIdxBus}, {"idx_brch", kIdxBrch}, {"idx_gen", kIdxGen}, {"idx_cost", kIdxCost}};

// Keywords that open a block closed by `end`.
constexpr std::string_view kBlockOpeners[] = {"if",     "for", "parfor",  "while",
                                              "switch", "try", "function"};

bool is_block_opener(std::string_view id) {
  return std::find(std::begin(kBlockOpeners), std::end(kBlockOpeners), id) !=
         std::end(kBlockOpeners);
}

bool is_closer(const Token& t) {
  return t.kind == Tok::kIdent && (t.text == "end" || t.text == "else" || t.text == "elseif");
}

bool is_separator(Tok kind) {
  return kind == Tok::kNewline || kind == Tok::kSemicolon || kind == Tok::kComma;
}

bool is_numeric_field(std::string_view name) {
  return name == "bus" || name == "gen" || name == "branch" || name == "gencost" ||
         name == "baseMVA";
}

// Numbers all variables together may hold (32 MB). Case files keep a few scalars; the bound
// keeps `a1 = mpc.bus; a2 = mpc.bus; ...` from growing memory with the square of the input.
constexpr std::size_t kMaxVariableElements = std::size_t{1} << 22;

// Deeper `if` nesting than any case file needs; it bounds recursion on hostile input.
constexpr int kMaxIfDepth = 64;

constexpr const char* kVersion1 =
    "version 1 cases are not supported; convert with MATPOWER's savecase";

class CaseScript {
 public:
  CaseScript(std::string_view text, const std::string& source)
      : lexer_(text, source), expr_(lexer_, ws_) {}

  Workspace run();

 private:
  Token run_block();
  Token skip_block();
  void statement();
  void function_header();
  void if_statement();
  bool condition(const Token& keyword);
  void field_statement();
  void field_assignment(const Token& field);
  void indexed_assignment(const Token& field);
  void multi_assignment();
  void skip_rest_of_statement();
  void set_variable(const Token& name, Matrix value);
  void end_of_statement();
  void skip_separators() {
    while (is_separator(lexer_.peek().kind)) lexer_.next();
  }
  [[noreturn]] void unsupported(const Token& first) const {
    lexer_.fail(first.line, "unsupported MATLAB statement: " + lexer_.line_from(first));
  }

  Lexer lexer_;
  Workspace ws_;
  ExpressionParser expr_;
  int if_depth_ = 0;
  std::size_t variable_elements_ = 0;
  bool dcline_warned_ = false;
};

Workspace CaseScript::run() {
  skip_separators();
  bool in_function = false;
  if (lexer_.peek().kind == Tok::kIdent && lexer_.peek().text == "function") {
    function_header();
    in_function = true;
  }
  Token closer = run_block();
  if (closer.kind == Tok::kEnd) return std::move(ws_);
  if (closer.text != "end" || !in_function) {
    lexer_.fail(closer.line, "'" + std::string(closer.text) + "' without a matching 'if'");
  }
  lexer_.next();  // the function's end
  skip_separators();
  if (lexer_.peek().kind != Tok::kEnd) unsupported(lexer_.peek());
  return std::move(ws_);
}

// Runs statements up to the keyword that closes the enclosing block (end, else, elseif) or the
// end of the input, and returns that token without consuming it.
Token CaseScript::run_block() {
  while (true) {
    Token t = lexer_.peek();
    if (t.kind == Tok::kEnd || is_closer(t)) return t;
    statement();
  }
}

// Like run_block, but reads the untaken branch of an `if` without evaluating it, so it may
// hold statements gat does not support. `end` inside ( ) or [ ] is an index, not a closer.
Token CaseScript::skip_block() {
  int blocks = 0;
  int brackets = 0;
  while (true) {
    Token t = lexer_.peek();
    if (t.kind == Tok::kEnd) return t;
    if (t.kind == Tok::kLParen || t.kind == Tok::kLBracket || t.kind == Tok::kLBrace) ++brackets;
    if (t.kind == Tok::kRParen || t.kind == Tok::kRBracket || t.kind == Tok::kRBrace) {
      brackets = std::max(0, brackets - 1);
    }
    if (t.kind == Tok::kIdent && brackets == 0) {
      if (is_block_opener(t.text)) {
        ++blocks;
      } else if (blocks == 0 && is_closer(t)) {
        return t;
      } else if (t.text == "end") {
        --blocks;
      }
    }
    lexer_.next();
  }
}

void CaseScript::statement() {
  Token t = lexer_.peek();
  if (is_separator(t.kind)) {
    lexer_.next();
    return;
  }
  if (t.kind == Tok::kIdent && t.text == "if") {
    if_statement();
    return;
  }
  bool is_field =
      t.kind == Tok::kIdent && t.text == ws_.struct_name && lexer_.peek(1).kind == Tok::kDot;
  bool is_variable = t.kind == Tok::kIdent && lexer_.peek(1).kind == Tok::kAssign &&
                     t.text != ws_.struct_name && !is_block_opener(t.text);
  if (t.kind == Tok::kLBracket) {
    multi_assignment();
  } else if (is_field) {
    field_statement();
  } else if (is_variable) {
    lexer_.next();
    lexer_.next();  // =
    set_variable(t, expr_.expression());
  } else {
    unsupported(t);
  }
  end_of_statement();
}

void CaseScript::end_of_statement() {
  const Token& t = lexer_.peek();
  if (is_separator(t.kind)) {
    lexer_.next();
  } else if (t.kind != Tok::kEnd) {
    lexer_.fail(t.line, "unexpected " + describe(t) + "; expected ';' or a new line");
  }
}

// `function mpc = name`. Version 1 cases return several matrices instead of one struct.
void CaseScript::function_header() {
  Token keyword = lexer_.next();
  Token output = lexer_.next();
  if (output.kind == Tok::kLBracket) lexer_.fail(keyword.line, kVersion1);
  if (output.kind != Tok::kIdent || !lexer_.accept(Tok::kAssign) ||
      lexer_.next().kind != Tok::kIdent) {
    lexer_.fail(keyword.line, "expected 'function mpc = <case name>'");
  }
  ws_.struct_name = std::string(output.text);
  if (lexer_.accept(Tok::kLParen) && !lexer_.accept(Tok::kRParen)) {
    lexer_.fail(keyword.line, "a case function takes no arguments");
  }
  end_of_statement();
}

// if / elseif / else / end. Only the branch taken is evaluated; the others are skipped unread.
void CaseScript::if_statement() {
  Token keyword = lexer_.next();
  if (if_depth_ >= kMaxIfDepth) {
    lexer_.fail(keyword.line,
                "'if' blocks nested more than " + std::to_string(kMaxIfDepth) + " deep");
  }
  ++if_depth_;
  bool done = condition(keyword);
  Token closer = done ? run_block() : skip_block();
  while (closer.kind == Tok::kIdent && closer.text == "elseif") {
    lexer_.next();
    if (done) {
      closer = skip_block();
      continue;
    }
    done = condition(closer);
    closer = done ? run_block() : skip_block();
  }
  if (closer.kind == Tok::kIdent && closer.text == "else") {
    lexer_.next();
    closer = done ? skip_block() : run_block();
  }
  if (closer.kind == Tok::kEnd) {
    lexer_.fail(keyword.line, "'if' is never closed by 'end'");
  }
  if (closer.text != "end") {
    lexer_.fail(closer.line, "unexpected '" + std::string(closer.text) + "'");
  }
  lexer_.next();
  --if_depth_;
  end_of_statement();
}

// The condition after `if` or `elseif`, up to the end of its line (or a comma).
bool CaseScript::condition(const Token& keyword) {
  Matrix value = expr_.expression();
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (std::isnan(value[i])) {
      lexer_.fail(keyword.line, "the '" + std::string(keyword.text) + "' condition is NaN");
    }
  }
  if (!is_separator(lexer_.peek().kind)) {
    lexer_.fail(lexer_.peek().line, "unexpected " + describe(lexer_.peek()) + " after the '" +
                                        std::string(keyword.text) + "' condition");
  }
  return is_true(value);
}

void CaseScript::field_statement() {
  Token base = lexer_.next();
  lexer_.next();  // .
  Token field = lexer_.next();
  if (field.kind != Tok::kIdent) {
    lexer_.fail(field.line,
                "expected a field name after '" + ws_.struct_name + ".', found " + describe(field));
  }
  if (lexer_.peek().kind == Tok::kDot) {
    skip_rest_of_statement();  // a nested field (mpc.user.x = ...): nothing gat reads
  } else if (lexer_.peek().kind == Tok::kLParen) {
    indexed_assignment(field);
  } else if (lexer_.accept(Tok::kAssign)) {
    field_assignment(field);
  } else {
    unsupported(base);
  }
}

void CaseScript::field_assignment(const Token& field) {
  std::string name(field.text);
  std::string what = ws_.struct_name + "." + name;
  Field f;
  f.line = field.line;
  if (name == "version") {
    Token v = lexer_.next();
    std::string version = v.kind == Tok::kString ? unquote(v.text) : std::string(v.text);
    if (v.kind != Tok::kString && v.kind != Tok::kNumber) unsupported(field);
    if (version == "1") lexer_.fail(v.line, kVersion1);
    if (version != "2") {
      lexer_.fail(v.line, "unknown MATPOWER case format version '" + version + "'");
    }
    f.kind = FieldKind::kText;
    f.strings.push_back(version);
  } else if (is_numeric_field(name)) {
    f.kind = FieldKind::kNumeric;
    if (lexer_.peek().kind == Tok::kLBracket) {
      Literal literal = expr_.matrix_literal(what);
      f.numbers = std::move(literal.matrix);
      f.row_lines = std::move(literal.row_lines);
    } else {
      f.numbers = expr_.expression();
      f.row_lines.assign(f.numbers.rows(), field.line);
    }
  } else if (name == "bus_name" && lexer_.peek().kind == Tok::kLBrace) {
    f.kind = FieldKind::kStrings;
    f.strings = expr_.string_cell(what);
  } else {
    if (name == "dcline" && !dcline_warned_) {
      spdlog::warn("{}:{}: mpc.dcline ignored: gat does not model DC lines yet", lexer_.source(),
                   field.line);
      dcline_warned_ = true;
    }
    skip_rest_of_statement();
  }
  ws_.fields.insert_or_assign(name, std::move(f));
}

// mpc.<field>(rows, cols) = expression, for fields already defined and in range.
void CaseScript::indexed_assignment(const Token& field) {
  std::string what = ws_.struct_name + "." + std::string(field.text);
  auto [row_sub, col_sub] = expr_.subscripts();
  if (!lexer_.accept(Tok::kAssign)) unsupported(field);
  Matrix value = expr_.expression();
  auto it = ws_.fields.find(field.text);
  if (it == ws_.fields.end()) lexer_.fail(field.line, what + " is not defined at this point");
  if (it->second.kind != FieldKind::kNumeric) {
    lexer_.fail(field.line, what + " is not a numeric matrix that gat reads");
  }
  Matrix& target = it->second.numbers;
  auto rows = expr_.resolve(row_sub, target.rows(), "row", what);
  auto cols = expr_.resolve(col_sub, target.cols(), "column", what);
  if (!value.is_scalar() && (value.rows() != rows.size() || value.cols() != cols.size())) {
    lexer_.fail(field.line, "cannot assign a " + value.shape() + " value to " +
                                std::to_string(rows.size()) + "x" + std::to_string(cols.size()) +
                                " elements of " + what);
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < cols.size(); ++j) {
      target(rows[i], cols[j]) = value.is_scalar() ? value[0] : value(i, j);
    }
  }
}

// [PQ, PV, REF, ...] = idx_bus; names receive the function's outputs by position.
void CaseScript::multi_assignment() {
  Token open = lexer_.next();
  std::vector<Token> names;
  while (true) {
    Token t = lexer_.next();
    if (t.kind == Tok::kRBracket) break;
    if (t.kind == Tok::kComma) continue;
    if (t.kind != Tok::kIdent && t.kind != Tok::kNot) unsupported(open);
    names.push_back(t);
  }
  if (!lexer_.accept(Tok::kAssign)) unsupported(open);
  Token fn = lexer_.next();
  const IndexFunction* known = nullptr;
  for (const auto& f : kIndexFunctions) {
    if (fn.kind == Tok::kIdent && f.name == fn.text) known = &f;
  }
  if (known == nullptr) unsupported(open);
  if (lexer_.accept(Tok::kLParen) && !lexer_.accept(Tok::kRParen)) unsupported(open);
  if (names.size() > known->values.size()) {
    lexer_.fail(open.line, std::string(known->name) + " returns " +
                               std::to_string(known->values.size()) + " values, not " +
                               std::to_string(names.size()));
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].kind == Tok::kNot) continue;  // [~, PV] = idx_bus
    set_variable(names[i], Matrix(known->values[i]));
  }
}

void CaseScript::set_variable(const Token& name, Matrix value) {
  Matrix& slot = ws_.variables[std::string(name.text)];
  variable_elements_ = variable_elements_ - slot.size() + value.size();
  if (variable_elements_ > kMaxVariableElements) {
    lexer_.fail(name.line, "variables hold more than " + std::to_string(kMaxVariableElements) +
                               " numbers; a case file has no use for that many");
  }
  slot = std::move(value);
}

// Skips the value of a field gat does not read, up to the end of its statement.
void CaseScript::skip_rest_of_statement() {
  std::vector<Token> open;
  while (true) {
    Token t = lexer_.peek();
    if (t.kind == Tok::kEnd) {
      if (!open.empty()) {
        lexer_.fail(open.back().line, describe(open.back()) + " opened here is never closed");
      }
      return;
    }
    if (open.empty() && is_separator(t.kind)) return;
    if (t.kind == Tok::kLParen || t.kind == Tok::kLBracket || t.kind == Tok::kLBrace) {
      open.push_back(t);
    }
    if ((t.kind == Tok::kRParen || t.kind == Tok::kRBracket || t.kind == Tok::kRBrace) &&
        !open.empty()) {
      open.pop_back();
    }
    lexer_.next();
  }
}

}  // namespace

Workspace run_case_script(std::string_view text, const std::string& source) {
  return CaseScript(text, source).run();
}

}  // namespace gat::io::matlab
