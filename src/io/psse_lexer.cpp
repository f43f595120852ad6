#include "io/psse_lexer.hpp"

#include <charconv>
#include <cmath>

#include "gat/core/error.hpp"

namespace gat::io::psse {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Fortran-style numbers: "1.", ".5", "1.0E-3", "1.0D-3", a leading '+'.
bool parse_double(std::string_view s, double& out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::string buf;
  if (s.find_first_of("dD") != std::string_view::npos) {
    buf.assign(s);
    for (char& c : buf) {
      if (c == 'd' || c == 'D') c = 'e';
    }
    s = buf;
  }
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc{} && ptr == end && !s.empty();
}

}  // namespace

void split_record(std::string_view text, std::size_t line, const std::string& source, Record& out) {
  out.line = line;
  out.fields.clear();
  out.comment = {};
  std::size_t i = 0;
  const std::size_t n = text.size();
  bool expect_field = false;  // after a comma, a field (possibly blank) must follow
  while (true) {
    while (i < n && is_blank(text[i])) ++i;
    if (i >= n || text[i] == '/') {
      if (expect_field) out.fields.emplace_back();
      if (i < n) out.comment = trim(text.substr(i + 1));
      return;
    }
    if (text[i] == ',') {  // a blank field
      out.fields.emplace_back();
      expect_field = true;
      ++i;
      continue;
    }
    std::string_view field;
    if (text[i] == '\'' || text[i] == '"') {
      const char quote = text[i];
      const std::size_t close = text.find(quote, i + 1);
      if (close == std::string_view::npos) {
        throw InputError(source, line, "unterminated quoted string");
      }
      field = text.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      const std::size_t start = i;
      while (i < n && !is_blank(text[i]) && text[i] != ',' && text[i] != '/') ++i;
      field = text.substr(start, i - start);
    }
    out.fields.push_back(field);
    while (i < n && is_blank(text[i])) ++i;
    expect_field = false;
    if (i < n && text[i] == ',') {
      ++i;
      expect_field = true;
    }
  }
}

bool LineCursor::raw_line(std::string_view& line) {
  if (pos_ >= text_.size()) return false;
  std::size_t end = text_.find('\n', pos_);
  if (end == std::string_view::npos) end = text_.size();
  line = text_.substr(pos_, end - pos_);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  pos_ = end + 1;
  ++line_;
  return true;
}

bool LineCursor::next(Record& out) {
  std::string_view line;
  while (raw_line(line)) {
    std::string_view t = trim(line);
    if (t.empty() || t.starts_with("@!")) continue;
    split_record(line, line_, source_, out);
    if (out.fields.empty()) continue;  // a comment-only line
    return true;
  }
  return false;
}

void Fields::fail(const std::string& message) const {
  throw InputError(source_, record_.line, std::string(kind_) + ": " + message);
}

double Fields::number(std::size_t i, std::string_view name, double fallback) const {
  if (blank(i)) return fallback;
  double v = 0;
  const std::string_view s = record_.fields[i];
  const bool parsed = parse_double(s, v);
  if (!parsed || !std::isfinite(v)) {
    fail(std::string(name) + " (field " + std::to_string(i + 1) + ") must be a " +
         (parsed && std::isinf(v) ? "finite number" : "number") + ", got '" + std::string(s) + "'");
  }
  return v;
}

double Fields::limit(std::size_t i, std::string_view name, double fallback, Bound bound) const {
  if (blank(i)) return fallback;
  double v = 0;
  const std::string_view s = record_.fields[i];
  if (!parse_double(s, v) || !std::isinf(v)) return number(i, name, fallback);
  const bool upper = bound == Bound::kUpper;
  if ((v > 0) != upper) {
    fail(std::string(name) + " (field " + std::to_string(i + 1) + ") is " +
         (upper ? "an upper" : "a lower") + " limit: it may be " + (upper ? "+Inf" : "-Inf") +
         " (no limit), not '" + std::string(s) + "'");
  }
  return v;
}

double Fields::required_number(std::size_t i, std::string_view name) const {
  if (blank(i)) fail("missing " + std::string(name) + " (field " + std::to_string(i + 1) + ")");
  return number(i, name, 0.0);
}

std::int64_t Fields::integer(std::size_t i, std::string_view name, std::int64_t fallback) const {
  if (blank(i)) return fallback;
  const double v = number(i, name, 0.0);
  if (v != std::floor(v) || std::abs(v) > 9.0e15) {
    fail(std::string(name) + " (field " + std::to_string(i + 1) + ") must be an integer, got '" +
         std::string(record_.fields[i]) + "'");
  }
  return static_cast<std::int64_t>(v);
}

std::int64_t Fields::required_integer(std::size_t i, std::string_view name) const {
  if (blank(i)) fail("missing " + std::string(name) + " (field " + std::to_string(i + 1) + ")");
  return integer(i, name, 0);
}

std::string Fields::text(std::size_t i, std::string_view fallback) const {
  if (blank(i)) return std::string(fallback);
  return std::string(trim(record_.fields[i]));
}

}  // namespace gat::io::psse
