#include "gat/adequacy/estimate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

TEST(Estimate, MeanStandardErrorInterval) {
  // x = 1, 2, 3, 4: mean 2.5, s² = (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3, σ̂ = √(5/3 / 4).
  const std::vector<double> x{1, 2, 3, 4};
  const auto e = gat::adequacy::estimate_mean(x);
  EXPECT_EQ(e.n, 4u);
  EXPECT_DOUBLE_EQ(e.mean, 2.5);
  EXPECT_DOUBLE_EQ(e.std_error, std::sqrt(5.0 / 12.0));
  EXPECT_DOUBLE_EQ(e.ci95_low(), 2.5 - 1.959963984540054 * std::sqrt(5.0 / 12.0));
  EXPECT_DOUBLE_EQ(e.coefficient_of_variation(), std::sqrt(5.0 / 12.0) / 2.5);
}

TEST(Estimate, DegenerateSamples) {
  EXPECT_EQ(gat::adequacy::estimate_mean({}).n, 0u);
  const std::vector<double> one{7};
  EXPECT_EQ(gat::adequacy::estimate_mean(one).std_error, 0.0);
  const std::vector<double> zeros(10, 0.0);
  EXPECT_EQ(gat::adequacy::estimate_mean(zeros).coefficient_of_variation(), 0.0);
}

}  // namespace
