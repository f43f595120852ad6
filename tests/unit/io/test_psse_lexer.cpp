#include "io/psse_lexer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "gat/core/error.hpp"

namespace {

using gat::io::psse::Bound;
using gat::io::psse::Fields;
using gat::io::psse::Record;

constexpr double kInf = std::numeric_limits<double>::infinity();
const std::string kSource = "f.raw";

Record record(std::string_view line) {
  Record r;
  gat::io::psse::split_record(line, 7, kSource, r);
  return r;
}

// The InputError message of f() ("" if none).
template <typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const gat::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(PsseLexer, SplitsFieldsQuotesAndComments) {
  const Record r = record("  1,'A, B / C' 2.5,, 3 / note");
  ASSERT_EQ(r.fields.size(), 5u);
  EXPECT_EQ(r.fields[1], "A, B / C");
  EXPECT_EQ(r.fields[2], "2.5");
  EXPECT_TRUE(r.fields[3].empty());
  EXPECT_EQ(r.comment, "note");
}

TEST(PsseLexer, ReadsFortranNumbers) {
  const Record r = record("1., .5, 1.0D-3, +2, -1.5E+2");
  const Fields f(r, kSource, "test");
  EXPECT_EQ(f.number(0, "A", 0), 1.0);
  EXPECT_EQ(f.number(1, "B", 0), 0.5);
  EXPECT_EQ(f.number(2, "C", 0), 1e-3);
  EXPECT_EQ(f.number(3, "D", 0), 2.0);
  EXPECT_EQ(f.number(4, "E", 0), -150.0);
  EXPECT_EQ(f.number(5, "F", 42), 42);  // past the end: the default
}

// MATPOWER's save2psse prints Octave's Inf and -Inf for unbounded limits; C's strtod spellings
// (any case, "infinity") are read too.
TEST(PsseLexer, LimitReadsInfinityOnItsUnboundedSide) {
  const Record r = record("Inf, -Inf, inf, -INF, +Infinity, -infinity, 12.5, ");
  const Fields f(r, kSource, "generator");
  EXPECT_EQ(f.limit(0, "QT", 0, Bound::kUpper), kInf);
  EXPECT_EQ(f.limit(1, "QB", 0, Bound::kLower), -kInf);
  EXPECT_EQ(f.limit(2, "QT", 0, Bound::kUpper), kInf);
  EXPECT_EQ(f.limit(3, "QB", 0, Bound::kLower), -kInf);
  EXPECT_EQ(f.limit(4, "PT", 0, Bound::kUpper), kInf);
  EXPECT_EQ(f.limit(5, "PB", 0, Bound::kLower), -kInf);
  EXPECT_EQ(f.limit(6, "PT", 0, Bound::kUpper), 12.5);
  EXPECT_EQ(f.limit(7, "PT", 9999, Bound::kUpper), 9999);  // blank: the default
}

TEST(PsseLexer, LimitRefusesTheWrongInfinityNanAndText) {
  const Record r = record("-Inf, Inf, NaN, Infx, 1e999");
  const Fields f(r, kSource, "generator");
  EXPECT_EQ(error_of([&] { f.limit(0, "QT", 0, Bound::kUpper); }),
            "f.raw:7: generator: QT (field 1) is an upper limit: it may be +Inf (no limit), "
            "not '-Inf'");
  EXPECT_EQ(error_of([&] { f.limit(1, "QB", 0, Bound::kLower); }),
            "f.raw:7: generator: QB (field 2) is a lower limit: it may be -Inf (no limit), "
            "not 'Inf'");
  EXPECT_EQ(error_of([&] { f.limit(2, "QT", 0, Bound::kUpper); }),
            "f.raw:7: generator: QT (field 3) must be a number, got 'NaN'");
  EXPECT_EQ(error_of([&] { f.limit(3, "QT", 0, Bound::kUpper); }),
            "f.raw:7: generator: QT (field 4) must be a number, got 'Infx'");
  // An overflowing literal is not a spelling of "no limit".
  EXPECT_EQ(error_of([&] { f.limit(4, "QT", 0, Bound::kUpper); }),
            "f.raw:7: generator: QT (field 5) must be a number, got '1e999'");
}

// Outside limits an infinity is meaningless (an impedance, a voltage): still an error.
TEST(PsseLexer, NumberRefusesInfinity) {
  const Record r = record("Inf, -inf");
  const Fields f(r, kSource, "branch");
  EXPECT_EQ(error_of([&] { f.number(0, "X", 0); }),
            "f.raw:7: branch: X (field 1) must be a finite number, got 'Inf'");
  EXPECT_EQ(error_of([&] { f.required_number(1, "R"); }),
            "f.raw:7: branch: R (field 2) must be a finite number, got '-inf'");
  EXPECT_EQ(error_of([&] { f.integer(0, "ST", 1); }),
            "f.raw:7: branch: ST (field 1) must be a finite number, got 'Inf'");
}

}  // namespace
