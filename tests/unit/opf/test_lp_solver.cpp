// The LpSolver contract on problems small enough to solve by hand: dual signs, QPs, hot starts,
// infeasibility explanations.
#include "gat/opf/lp_solver.hpp"

#include <gtest/gtest.h>

#include "gat/core/error.hpp"
#include "gat/linalg/sparse_matrix.hpp"

using gat::opf::kInf;
using gat::opf::LpProblem;
using gat::opf::LpStatus;

namespace {

// min x + 2y  s.t.  1 ≤ x + y ≤ 8 (row 0),  x − y ≤ 0.5 (row 1),  0 ≤ x, y ≤ 10
// Optimum: x = 0.75, y = 0.25 (both rows binding), cost 1.25.
LpProblem two_rows() {
  LpProblem p;
  p.cost = {1, 2};
  p.col_lower = {0, 0};
  p.col_upper = {10, 10};
  p.row_lower = {1, -kInf};
  p.row_upper = {8, 0.5};
  gat::linalg::TripletBuilder a(2, 2);
  a.add(0, 0, 1);
  a.add(0, 1, 1);
  a.add(1, 0, 1);
  a.add(1, 1, -1);
  p.a = a.compress();
  return p;
}

}  // namespace

TEST(LpSolver, DualsAreObjectiveSensitivities) {
  auto lp = gat::opf::make_lp_solver("highs");
  lp->load(two_rows());
  const auto s = lp->solve();
  ASSERT_EQ(s.status, LpStatus::kOptimal);
  EXPECT_NEAR(s.objective, 1.25, 1e-9);
  EXPECT_NEAR(s.x[0], 0.75, 1e-9);
  EXPECT_NEAR(s.x[1], 0.25, 1e-9);
  // Raising row 0's lower bound by δ costs 1.5 δ; raising row 1's upper bound saves 0.5 δ.
  EXPECT_NEAR(s.row_dual[0], 1.5, 1e-9);
  EXPECT_NEAR(s.row_dual[1], -0.5, 1e-9);
}

TEST(LpSolver, ConvexQuadratic) {
  // min x² − 2x + y²  s.t.  x + y = 3  →  2x − 2 = 2y, x + y = 3  →  x = 2, y = 1, cost 1.
  LpProblem p;
  p.cost = {-2, 0};
  p.col_lower = {-kInf, -kInf};
  p.col_upper = {kInf, kInf};
  p.row_lower = {3};
  p.row_upper = {3};
  gat::linalg::TripletBuilder a(1, 2), q(2, 2);
  a.add(0, 0, 1);
  a.add(0, 1, 1);
  q.add(0, 0, 2);
  q.add(1, 1, 2);
  p.a = a.compress();
  p.q = q.compress();
  auto lp = gat::opf::make_lp_solver();
  lp->load(p);
  const auto s = lp->solve();
  ASSERT_EQ(s.status, LpStatus::kOptimal);
  EXPECT_NEAR(s.x[0], 2, 1e-6);
  EXPECT_NEAR(s.x[1], 1, 1e-6);
  EXPECT_NEAR(s.objective, 1, 1e-6);
  EXPECT_NEAR(s.row_dual[0], 2, 1e-6);  // ∂cost/∂rhs = 2y
}

TEST(LpSolver, BoundChangeHotStarts) {
  auto lp = gat::opf::make_lp_solver();
  lp->load(two_rows());
  ASSERT_EQ(lp->solve().status, LpStatus::kOptimal);
  const std::int32_t row = 0;
  const double lo = 2, up = 8;
  lp->set_row_bounds({&row, 1}, {&lo, 1}, {&up, 1});
  const auto s = lp->solve();
  ASSERT_EQ(s.status, LpStatus::kOptimal);
  EXPECT_TRUE(s.hot_started);
  EXPECT_NEAR(s.objective, 2.75, 1e-9);  // x = 1.25, y = 0.75

  // The basis carries over to a fresh solver object.
  auto other = gat::opf::make_lp_solver();
  auto p = two_rows();
  p.row_lower[0] = 2;
  other->load(p);
  other->set_basis(lp->basis());
  const auto t = other->solve();
  EXPECT_TRUE(t.hot_started);
  EXPECT_EQ(t.iterations, 0);
  EXPECT_NEAR(t.objective, 2.75, 1e-9);
}

TEST(LpSolver, InfeasibleIsAStatusAndIsExplained) {
  auto p = two_rows();
  p.row_lower[0] = 30;  // x + y ≥ 30 with x, y ≤ 10
  p.row_upper[0] = kInf;
  auto lp = gat::opf::make_lp_solver();
  lp->load(p);
  const auto s = lp->solve();
  EXPECT_EQ(s.status, LpStatus::kInfeasible);
  const auto why = lp->explain_infeasibility();
  ASSERT_TRUE(why.found);
  ASSERT_FALSE(why.entries.empty());
  double total = 0;
  for (const auto& e : why.entries) total += std::abs(e.violation);
  EXPECT_NEAR(total, 10, 1e-6);  // the cheapest repair moves 10 units
}

TEST(LpSolver, UnknownBackendAndOption) {
  EXPECT_THROW(gat::opf::make_lp_solver("nope"), gat::SolverUnavailable);
  auto lp = gat::opf::make_lp_solver();
  EXPECT_THROW(lp->set_option("no_such_option", "1"), gat::UsageError);
  EXPECT_NO_THROW(lp->set_option("time_limit", "10"));
  EXPECT_FALSE(gat::opf::lp_solver_version().empty());
}
