// PSS/E RAW records: lines split into fields, with the line number kept for messages.
//
// A record is one line of comma- or blank-separated fields. Strings are quoted with ' (or ")
// and may hold commas, blanks and slashes; an unquoted '/' starts a comment; two commas with
// nothing between them leave a field blank, which means "the default". Lines starting with
// "@!" (the column headers of revision 35 files) are comments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gat::io::psse {

struct Record {
  std::size_t line = 0;
  std::vector<std::string_view> fields;  // unquoted; blank fields are empty
  std::string_view comment;              // text after an unquoted '/', if any

  bool is_terminator() const { return !fields.empty() && fields[0] == "0"; }
  bool is_end_of_data() const { return !fields.empty() && (fields[0] == "Q" || fields[0] == "q"); }
};

// Splits one line. Throws InputError (source:line) on an unterminated quote.
void split_record(std::string_view text, std::size_t line, const std::string& source, Record& out);

// Walks the file line by line; views stay valid while the text does.
class LineCursor {
 public:
  LineCursor(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  // The next line verbatim (for the two title lines); false at end of file.
  bool raw_line(std::string_view& line);
  // The next line holding data (blank, comment-only and "@!" lines are skipped).
  bool next(Record& out);
  std::size_t line() const { return line_; }  // number of the line last read
  const std::string& source() const { return source_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  const std::string& source_;
};

// The side on which a limit may be unbounded: an upper limit may be +Inf, a lower one -Inf.
enum class Bound { kUpper, kLower };

// Typed access to a record's fields, with messages naming the record kind and the field.
class Fields {
 public:
  Fields(const Record& record, const std::string& source, std::string_view kind)
      : record_(record), source_(source), kind_(kind) {}

  std::size_t size() const { return record_.fields.size(); }
  std::size_t line() const { return record_.line; }
  std::string_view kind() const { return kind_; }
  bool blank(std::size_t i) const { return i >= size() || record_.fields[i].empty(); }

  double number(std::size_t i, std::string_view name, double fallback) const;
  double required_number(std::size_t i, std::string_view name) const;
  // A limit field: a number, or an infinity on the side the limit bounds ("no limit"; MATPOWER's
  // save2psse writes Inf and -Inf for unbounded generator limits). Spelled as C's strtod reads
  // it, any case: Inf, inf, Infinity, with a sign. The wrong infinity (an upper limit of -Inf)
  // and NaN are errors.
  double limit(std::size_t i, std::string_view name, double fallback, Bound bound) const;
  std::int64_t integer(std::size_t i, std::string_view name, std::int64_t fallback) const;
  std::int64_t required_integer(std::size_t i, std::string_view name) const;
  std::string text(std::size_t i, std::string_view fallback = {}) const;  // trimmed

  [[noreturn]] void fail(const std::string& message) const;

 private:
  const Record& record_;
  const std::string& source_;
  std::string_view kind_;
};

}  // namespace gat::io::psse
