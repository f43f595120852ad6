// FixedSum: sums that do not depend on the grouping of their terms, and what floating point
// would give instead.
#include "gat/adequacy/fixed_sum.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "gat/core/error.hpp"

namespace {

using gat::adequacy::FixedSum;

TEST(FixedSum, AnyGroupingGivesTheSameBits) {
  // Terms of very different sizes, where floating-point partial sums disagree.
  std::vector<double> x;
  for (int i = 0; i < 1000; ++i) x.push_back(std::ldexp(1.0 + i * 1e-3, (i * 37) % 40 - 20) / 3);
  FixedSum all;
  double plain = 0;
  for (double v : x) {
    all.add(v);
    plain += v;
  }
  for (std::size_t chunk : {1, 7, 64, 999}) {
    FixedSum total;
    double floating = 0;
    for (std::size_t first = 0; first < x.size(); first += chunk) {
      FixedSum part;
      double part_float = 0;
      for (std::size_t i = first; i < std::min(x.size(), first + chunk); ++i) {
        part.add(x[i]);
        part_float += x[i];
      }
      total += FixedSum::from_halves(part.high(), part.low());  // through a table
      floating += part_float;
    }
    EXPECT_EQ(total, all) << chunk;
    EXPECT_EQ(total.value(), all.value()) << chunk;
    EXPECT_NEAR(floating, all.value(), 1e-9 * plain);
  }
}

TEST(FixedSum, ExactForWholeAndBinaryFractionsAndNegative) {
  FixedSum s;
  s.add(1e6);
  s.add(0.5);
  s.add(-0.25);
  s.add(std::ldexp(1.0, -52));
  EXPECT_EQ(s.value(), 1e6 + 0.25 + std::ldexp(1.0, -52));
  FixedSum negative;
  negative.add(-3.75);
  EXPECT_EQ(FixedSum::from_halves(negative.high(), negative.low()).value(), -3.75);
}

TEST(FixedSum, RefusesTermsOutOfRange) {
  FixedSum s;
  EXPECT_THROW(s.add(std::ldexp(1.0, 50)), gat::Error);
  EXPECT_THROW(s.add(NAN), gat::Error);
  EXPECT_THROW(s.add(INFINITY), gat::Error);
}

}  // namespace
