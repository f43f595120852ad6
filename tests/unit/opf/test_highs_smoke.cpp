// Smoke test of the HiGHS C++ library that scripts/setup builds from its PyPI source release:
// it links, its version is the one build_info reports, and it solves a small LP whose optimum
// is known by hand.
#include <Highs.h>
#include <gtest/gtest.h>

#include <string>

#include "gat/build_info.hpp"

namespace {

// min -3x - 5y  s.t.  x + 2y <= 8,  3x + y <= 9,  x, y >= 0.
// The two rows meet at x = 2, y = 3 (from y = 9 - 3x and x + 2(9 - 3x) = 8), objective -21;
// the other vertices (0,0), (3,0), (0,4) give 0, -9, -20. Row duals u solve A^T u = c:
// u1 + 3 u2 = -3, 2 u1 + u2 = -5  =>  u1 = -2.4, u2 = -0.2 (both rows active, non-degenerate).
HighsLp small_lp() {
  HighsLp lp;
  lp.num_col_ = 2;
  lp.num_row_ = 2;
  lp.sense_ = ObjSense::kMinimize;
  lp.col_cost_ = {-3.0, -5.0};
  lp.col_lower_ = {0.0, 0.0};
  lp.col_upper_ = {kHighsInf, kHighsInf};
  lp.row_lower_ = {-kHighsInf, -kHighsInf};
  lp.row_upper_ = {8.0, 9.0};
  lp.a_matrix_.format_ = MatrixFormat::kColwise;
  lp.a_matrix_.start_ = {0, 2, 4};
  lp.a_matrix_.index_ = {0, 1, 0, 1};
  lp.a_matrix_.value_ = {1.0, 3.0, 2.0, 1.0};
  return lp;
}

TEST(HighsSmoke, VersionMatchesBuildInfo) {
  Highs highs;
  EXPECT_EQ(highs.version(), std::string(gat::build::kHighsVersion));
}

TEST(HighsSmoke, SolvesTwoVariableLpToHandOptimum) {
  Highs highs;
  ASSERT_EQ(highs.setOptionValue("output_flag", false), HighsStatus::kOk);
  ASSERT_EQ(highs.passModel(small_lp()), HighsStatus::kOk);
  ASSERT_EQ(highs.run(), HighsStatus::kOk);
  ASSERT_EQ(highs.getModelStatus(), HighsModelStatus::kOptimal);

  EXPECT_NEAR(highs.getInfo().objective_function_value, -21.0, 1e-9);
  const HighsSolution& solution = highs.getSolution();
  ASSERT_EQ(solution.col_value.size(), 2U);
  EXPECT_NEAR(solution.col_value[0], 2.0, 1e-9);
  EXPECT_NEAR(solution.col_value[1], 3.0, 1e-9);
  ASSERT_TRUE(solution.dual_valid);
  ASSERT_EQ(solution.row_dual.size(), 2U);
  EXPECT_NEAR(solution.row_dual[0], -2.4, 1e-9);
  EXPECT_NEAR(solution.row_dual[1], -0.2, 1e-9);
}

}  // namespace
