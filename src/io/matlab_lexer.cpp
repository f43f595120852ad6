#include "io/matlab_lexer.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <utility>

#include "gat/core/error.hpp"

namespace gat::io::matlab {

namespace {

constexpr std::size_t kMaxShown = 60;  // characters of source text quoted in a message

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ident_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '_';
}

std::string shorten(std::string_view s) {
  if (s.size() <= kMaxShown) return std::string(s);
  return std::string(s.substr(0, kMaxShown)) + "...";
}

// The text of a line without surrounding whitespace.
std::string_view trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string describe(const Token& token) {
  switch (token.kind) {
    case Tok::kEnd:
      return "end of file";
    case Tok::kNewline:
      return "end of line";
    default:
      return "'" + shorten(token.text) + "'";
  }
}

Lexer::Lexer(std::string_view text, std::string source) : text_(text), source_(std::move(source)) {}

bool Lexer::accept(Tok kind) {
  if (peek().kind != kind) return false;
  next();
  return true;
}

std::string Lexer::line_from(const Token& token) const {
  auto begin = static_cast<std::size_t>(token.text.data() - text_.data());
  auto end = text_.find('\n', begin);
  if (end == std::string_view::npos) end = text_.size();
  return shorten(trimmed(text_.substr(begin, end - begin)));
}

void Lexer::fail(std::size_t line, const std::string& message) const {
  throw InputError(source_, line, message);
}

Token Lexer::scan() {
  bool space = false;
  skip_space_and_comments(space);
  Token token;
  token.line = line_;
  token.space_before = space;
  std::size_t start = pos_;
  char c = char_at(pos_);
  if (pos_ >= text_.size()) {
    token.kind = Tok::kEnd;
  } else if (c == '\n') {
    token.kind = Tok::kNewline;
    ++pos_;
    ++line_;
    line_start_ = pos_;
  } else if (is_digit(c) || (c == '.' && is_digit(char_at(pos_ + 1)))) {
    scan_number(token, start);
  } else if (is_alpha(c)) {
    token.kind = Tok::kIdent;
    while (is_ident_char(char_at(pos_))) ++pos_;
  } else if (c == '"' || (c == '\'' && !quote_is_transpose(space))) {
    scan_string(token, c);
  } else {
    scan_operator(token);
  }
  token.text = text_.substr(start, pos_ - start);
  char after = char_at(pos_);
  token.space_after = is_space(after) || after == '\n' || after == '%' || pos_ >= text_.size();
  last_kind_ = token.kind;
  return token;
}

void Lexer::skip_space_and_comments(bool& space) {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (is_space(c)) {
      ++pos_;
      space = true;
    } else if (c == '%') {
      space = true;
      if (skip_block_comment()) continue;
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    } else if (c == '.' && char_at(pos_ + 1) == '.' && char_at(pos_ + 2) == '.') {
      // Continuation: the rest of the line is a comment and the line break does not count.
      space = true;
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      if (pos_ < text_.size()) {
        ++pos_;
        ++line_;
        line_start_ = pos_;
      }
    } else {
      return;
    }
  }
}

// A block comment opens with a line holding only `%{` and closes with a line holding only
// `%}`; blocks nest. Returns false (leaving pos_) when the `%` at pos_ opens no block.
bool Lexer::skip_block_comment() {
  auto line_end = [&](std::size_t from) {
    auto e = text_.find('\n', from);
    return e == std::string_view::npos ? text_.size() : e;
  };
  std::size_t end = line_end(pos_);
  if (trimmed(text_.substr(line_start_, end - line_start_)) != "%{") return false;
  std::size_t open_line = line_;
  int depth = 0;
  while (true) {
    std::string_view content = trimmed(text_.substr(line_start_, end - line_start_));
    if (content == "%{") ++depth;
    if (content == "%}") --depth;
    if (depth == 0) {
      pos_ = end;  // the newline after `%}` is an ordinary token
      return true;
    }
    if (end >= text_.size()) fail(open_line, "block comment '%{' is never closed by '%}'");
    pos_ = end + 1;
    ++line_;
    line_start_ = pos_;
    end = line_end(pos_);
  }
}

// digits [. digits] [e [+-] digits], or . digits [...]. A `.` that begins an operator (`.*`,
// `./`, `.^`, `.'`) or a continuation (`...`) is not part of the number. Returns p when no
// number starts at p.
std::size_t Lexer::number_end(std::size_t p) const {
  std::size_t start = p;
  while (is_digit(char_at(p))) ++p;
  if (char_at(p) == '.') {
    char n = char_at(p + 1);
    bool fraction = p > start || is_digit(n);
    if (fraction && n != '.' && n != '*' && n != '/' && n != '^' && n != '\'') {
      ++p;
      while (is_digit(char_at(p))) ++p;
    }
  }
  if (p == start) return start;
  char e = char_at(p);
  if (e == 'e' || e == 'E') {
    std::size_t q = p + 1;
    if (char_at(q) == '+' || char_at(q) == '-') ++q;
    if (is_digit(char_at(q))) {
      p = q;
      while (is_digit(char_at(p))) ++p;
    }
  }
  return p;
}

void Lexer::scan_number(Token& token, std::size_t start) {
  token.kind = Tok::kNumber;
  pos_ = number_end(pos_);
  if (is_ident_char(char_at(pos_))) {
    std::size_t end = pos_;
    while (is_ident_char(char_at(end))) ++end;
    fail(line_, "malformed number '" + shorten(text_.substr(start, end - start)) + "'");
  }
}

bool Lexer::plain_number(double& value, bool need_blank) {
  if (count_ != 0) return false;
  std::size_t p = pos_;
  while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t')) ++p;
  if (need_blank && p == pos_) return false;
  bool negative = char_at(p) == '-';
  if (negative || char_at(p) == '+') ++p;
  std::size_t end = number_end(p);
  if (end == p || !ends_plain_element(end)) return false;
  auto [ptr, ec] = std::from_chars(text_.data() + p, text_.data() + end, value);
  if (ec != std::errc{} || ptr != text_.data() + end) return false;  // the token path reports it
  if (negative) value = -value;
  pos_ = end;
  last_kind_ = Tok::kNumber;
  return true;
}

namespace {

// The numbers of one row of a plain matrix: blank-separated [sign]number tokens, each read
// whole. Returns how many, or −1 if a token is not a plain number or there are more than n.
std::ptrdiff_t plain_row(std::string_view row, double* out, std::size_t n) {
  std::size_t count = 0, p = 0;
  while (true) {
    while (p < row.size() && is_space(row[p])) ++p;
    if (p == row.size()) return static_cast<std::ptrdiff_t>(count);
    std::size_t end = p;
    while (end < row.size() && !is_space(row[end])) ++end;
    const bool negative = row[p] == '-';
    const std::size_t start = p + ((negative || row[p] == '+') ? 1 : 0);
    if (count == n || start == end || row[start] == '+' || row[start] == '-') return -1;
    double v = 0;
    auto [ptr, ec] = std::from_chars(row.data() + start, row.data() + end, v);
    if (ec != std::errc{} || ptr != row.data() + end) return -1;
    out[count++] = negative ? -v : v;
    p = end;
  }
}

}  // namespace

bool Lexer::plain_matrix(std::vector<double>& values, std::vector<std::size_t>& row_lines,
                         std::size_t& cols, std::size_t max_elements) {
  if (count_ != 0) return false;
  struct Row {
    std::string_view text;
    std::size_t line;
  };
  std::vector<Row> rows;
  std::size_t line = line_, line_start = line_start_, begin = pos_, p = pos_, row_line = 0;
  auto end_row = [&](std::size_t end) {
    if (row_line) rows.push_back({text_.substr(begin, end - begin), row_line});
    row_line = 0;
  };
  for (;; ++p) {
    if (p >= text_.size()) return false;
    const char c = text_[p];
    if (is_digit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
      if (!row_line) row_line = line;  // the row's first character
    } else if (c == ';' || c == '\n' || c == ']' || c == '%') {
      end_row(p);
      if (c == ']') break;
      if (c == '%') {
        if (char_at(p + 1) == '{') return false;  // a block comment: the token path
        while (p + 1 < text_.size() && text_[p + 1] != '\n') ++p;
      } else if (c == '\n') {
        ++line;
        line_start = p + 1;
      }
      begin = p + 1;
    } else if (!is_space(c)) {
      return false;  // commas, names, operators, strings: the token path
    }
  }
  if (rows.empty()) return false;
  std::vector<double> first(rows[0].text.size() / 2 + 1);
  const auto n = plain_row(rows[0].text, first.data(), first.size());
  if (n <= 0 || rows.size() * static_cast<std::size_t>(n) > max_elements) return false;
  cols = static_cast<std::size_t>(n);
  values.resize(rows.size() * cols);
  std::atomic<bool> plain{true};
  auto parse = [&](std::size_t r0, std::size_t r1) {
    for (std::size_t r = r0; r < r1 && plain; ++r) {
      if (plain_row(rows[r].text, values.data() + r * cols, cols) != n) plain = false;
    }
  };
  constexpr std::size_t kParallelRows = 2048;  // below, threads cost more than they save
  if (rows.size() >= kParallelRows) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, rows.size(), 512),
                      [&](const auto& range) { parse(range.begin(), range.end()); });
  } else {
    parse(0, rows.size());
  }
  if (!plain) {
    values.clear();
    return false;
  }
  for (const auto& row : rows) row_lines.push_back(row.line);
  pos_ = p + 1;
  line_ = line;
  line_start_ = line_start;
  last_kind_ = Tok::kRBracket;
  return true;
}

// Whether the number ending at p ends its matrix element, by MATLAB's rule that inside
// brackets blanks separate elements unless an operator follows (`[1 -2]` is two elements,
// `[1 - 2]` one). Anything unusual answers false and is left to the token path.
bool Lexer::ends_plain_element(std::size_t p) const {
  auto ends_row_or_element = [&](std::size_t q) {
    char c = char_at(q);
    return q >= text_.size() || c == ',' || c == ';' || c == '\n' || c == ']' || c == '%';
  };
  if (ends_row_or_element(p)) return true;
  if (!is_space(char_at(p))) return false;
  while (is_space(char_at(p))) ++p;
  if (ends_row_or_element(p)) return true;
  char c = char_at(p);
  char n = char_at(p + 1);
  if (is_digit(c) || is_alpha(c)) return true;
  if (c == '.') return is_digit(n);
  if (c == '-' || c == '+') return is_digit(n) || n == '.' || is_alpha(n);
  return false;
}

void Lexer::scan_string(Token& token, char quote) {
  token.kind = Tok::kString;
  ++pos_;
  while (true) {
    char c = char_at(pos_);
    if (pos_ >= text_.size() || c == '\n') fail(line_, "unterminated string");
    ++pos_;
    if (c == quote) {
      if (char_at(pos_) != quote) return;
      ++pos_;  // a doubled quote stands for one quote character
    }
  }
}

// A quote right after a value (no space between) transposes it; anywhere else it opens a
// string. MATPOWER cases only use strings, but a transpose must not be read as a string.
bool Lexer::quote_is_transpose(bool space) const {
  if (space) return false;
  switch (last_kind_) {
    case Tok::kIdent:
    case Tok::kNumber:
    case Tok::kRParen:
    case Tok::kRBracket:
    case Tok::kRBrace:
    case Tok::kTranspose:
      return true;
    default:
      return false;
  }
}

void Lexer::scan_operator(Token& token) {
  char c = text_[pos_];
  char n = char_at(pos_ + 1);
  auto set = [&](Tok kind, std::size_t length) {
    token.kind = kind;
    pos_ += length;
  };
  switch (c) {
    case '(':
      return set(Tok::kLParen, 1);
    case ')':
      return set(Tok::kRParen, 1);
    case '[':
      return set(Tok::kLBracket, 1);
    case ']':
      return set(Tok::kRBracket, 1);
    case '{':
      return set(Tok::kLBrace, 1);
    case '}':
      return set(Tok::kRBrace, 1);
    case ',':
      return set(Tok::kComma, 1);
    case ';':
      return set(Tok::kSemicolon, 1);
    case ':':
      return set(Tok::kColon, 1);
    case '+':
      return set(Tok::kPlus, 1);
    case '-':
      return set(Tok::kMinus, 1);
    case '*':
      return set(Tok::kStar, 1);
    case '/':
      return set(Tok::kSlash, 1);
    case '\\':
      return set(Tok::kBackslash, 1);
    case '^':
      return set(Tok::kCaret, 1);
    case '@':
      return set(Tok::kAt, 1);
    case '\'':
      return set(Tok::kTranspose, 1);
    case '=':
      return n == '=' ? set(Tok::kEq, 2) : set(Tok::kAssign, 1);
    case '<':
      return n == '=' ? set(Tok::kLe, 2) : set(Tok::kLt, 1);
    case '>':
      return n == '=' ? set(Tok::kGe, 2) : set(Tok::kGt, 1);
    case '~':
      return n == '=' ? set(Tok::kNe, 2) : set(Tok::kNot, 1);
    case '&':
      return n == '&' ? set(Tok::kAndAnd, 2) : set(Tok::kAnd, 1);
    case '|':
      return n == '|' ? set(Tok::kOrOr, 2) : set(Tok::kOr, 1);
    case '.':
      if (n == '*') return set(Tok::kDotStar, 2);
      if (n == '/') return set(Tok::kDotSlash, 2);
      if (n == '^') return set(Tok::kDotCaret, 2);
      if (n == '\'') return set(Tok::kTranspose, 2);
      return set(Tok::kDot, 1);
    default:
      break;
  }
  auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) fail(line_, std::string("unexpected character '") + c + "'");
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", byte);
  fail(line_, std::string("unexpected byte ") + hex + " outside a comment or string");
}

}  // namespace gat::io::matlab
