// Tokens of the MATLAB subset that MATPOWER case files are written in.
//
// The lexer removes comments (`%` to end of line, `%{ ... %}` blocks) and line continuations
// (`...` and the rest of its line), and keeps newlines as tokens because MATLAB gives them
// meaning: they end statements, and inside brackets they end matrix rows. Tokens are views into
// the source text, so lexing a 20 MB case allocates nothing per token.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gat::io::matlab {

enum class Tok : std::uint8_t {
  kEnd,  // end of input
  kNewline,
  kNumber,
  kIdent,   // identifiers and keywords (if, end, function, ...)
  kString,  // 'single' or "double" quoted; text keeps the quotes
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kComma,
  kSemicolon,
  kAssign,  // =
  kDot,
  kColon,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kBackslash,
  kCaret,
  kDotStar,
  kDotSlash,
  kDotCaret,
  kTranspose,  // ' or .' after a value
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
  kAndAnd,
  kOrOr,
  kNot,  // ~ (also the placeholder in [~, x] = f)
  kAt,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string_view text;  // view into the source
  std::size_t line = 0;   // 1-based
  // Whitespace (or a continuation) separates this token from the previous one / the next
  // character. Inside brackets MATLAB uses this to tell `[1 -2]` (two elements) from `[1 - 2]`.
  bool space_before = false;
  bool space_after = false;
};

// Human-readable token text for messages ("end of file", "newline", or the text itself).
std::string describe(const Token& token);

// A lexer with three tokens of lookahead. Errors are InputError naming source and line.
class Lexer {
 public:
  Lexer(std::string_view text, std::string source);

  const Token& peek(std::size_t ahead = 0) {
    while (count_ <= ahead) fill();
    return ring_[(head_ + ahead) & kRingMask];
  }
  Token next() {
    Token token = peek();
    head_ = (head_ + 1) & kRingMask;
    --count_;
    return token;
  }
  bool at(Tok kind) { return peek().kind == kind; }
  // Consumes the current token if it is of this kind.
  bool accept(Tok kind);

  // The fast path for the bulk of MATPOWER data. When no token is buffered and the input holds
  // [blanks] [sign] number, followed by something that ends a matrix element (a separator, `]`,
  // a comment, or blanks and the start of another element), reads that number and returns
  // true; otherwise reads nothing and returns false, and the caller uses tokens. need_blank:
  // the element must be preceded by blanks (it follows another element without a comma).
  bool plain_number(double& value, bool need_blank);
  // The same for a whole matrix, right after its `[`: when no token is buffered and the text
  // up to the `]` holds only plain numbers separated by blanks, rows ended by `;` or newlines,
  // and `%` comments, every row as long as the first and at most max_elements in all, reads
  // the matrix into values (row after row; rows parsed in parallel when there are many),
  // row_lines (each row's line) and cols, leaves the lexer after the `]` and returns true.
  // Otherwise reads nothing and returns false: the caller takes the element-wise path, which
  // also words every error.
  bool plain_matrix(std::vector<double>& values, std::vector<std::size_t>& row_lines,
                    std::size_t& cols, std::size_t max_elements);
  std::size_t line() const { return line_; }

  const std::string& source() const { return source_; }
  // The rest of the source line from the token on, trimmed and shortened, for messages.
  std::string line_from(const Token& token) const;
  [[noreturn]] void fail(std::size_t line, const std::string& message) const;

 private:
  void fill() {
    ring_[(head_ + count_) & kRingMask] = scan();
    ++count_;
  }
  Token scan();
  std::size_t number_end(std::size_t p) const;
  bool ends_plain_element(std::size_t p) const;
  void skip_space_and_comments(bool& space);
  bool skip_block_comment();
  void scan_number(Token& token, std::size_t start);
  void scan_string(Token& token, char quote);
  void scan_operator(Token& token);
  bool quote_is_transpose(bool space) const;
  char char_at(std::size_t pos) const { return pos < text_.size() ? text_[pos] : '\0'; }

  std::string_view text_;
  std::string source_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;     // position where the current line begins
  Tok last_kind_ = Tok::kNewline;  // kind of the last token scanned

  static constexpr std::size_t kRingSize = 4;  // a power of two, at least the lookahead + 1
  static constexpr std::size_t kRingMask = kRingSize - 1;
  std::array<Token, kRingSize> ring_{};
  std::size_t head_ = 0;   // ring_ index of the current token
  std::size_t count_ = 0;  // tokens buffered
};

}  // namespace gat::io::matlab
