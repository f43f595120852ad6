#include "gat/linalg/sparse_lu.hpp"

#include <gtest/gtest.h>

#include "gat/core/error.hpp"

using namespace gat::linalg;

namespace {

// [ 4 1 0 ]
// [ 1 3 1 ]   with a duplicate (0,0) entry to check summing
// [ 0 1 2 ]
CscMatrix tridiagonal(std::vector<std::int32_t>* slot = nullptr) {
  TripletBuilder t(3, 3);
  t.add(0, 0, 3.0);
  t.add(0, 0, 1.0);
  t.add(1, 0, 1.0);
  t.add(0, 1, 1.0);
  t.add(1, 1, 3.0);
  t.add(2, 1, 1.0);
  t.add(1, 2, 1.0);
  t.add(2, 2, 2.0);
  return t.compress(slot);
}

}  // namespace

TEST(TripletBuilder, SumsDuplicatesAndRecordsSlots) {
  std::vector<std::int32_t> slot;
  const auto m = tridiagonal(&slot);
  EXPECT_EQ(m.nnz(), 7u);
  EXPECT_EQ(m.col_ptr, (std::vector<std::int32_t>{0, 2, 5, 7}));
  EXPECT_EQ(m.values[0], 4.0);
  EXPECT_EQ(slot[0], slot[1]);
  EXPECT_EQ(m.find(2, 1), slot[5]);
  EXPECT_EQ(m.find(2, 0), -1);
  EXPECT_THROW(TripletBuilder(2, 2).add(2, 0, 1.0), gat::UsageError);
}

TEST(KluLu, SolvesFactorsAndRefactors) {
  const auto m = tridiagonal();
  auto lu = make_sparse_lu("klu");
  lu->analyze(m);
  ASSERT_EQ(lu->factor(m.values), FactorStatus::kOk);
  // x = (1, 2, 3): b = A x = (6, 10, 8)
  std::vector<double> b{6, 10, 8};
  lu->solve(b);
  EXPECT_NEAR(b[0], 1, 1e-14);
  EXPECT_NEAR(b[1], 2, 1e-14);
  EXPECT_NEAR(b[2], 3, 1e-14);

  // Scale the matrix by 2 and refactor on the same pattern: solution halves.
  auto values = m.values;
  for (auto& v : values) v *= 2;
  ASSERT_EQ(lu->refactor(values), FactorStatus::kOk);
  std::vector<double> c{6, 10, 8, 12, 20, 16};  // two right-hand sides
  lu->solve(c, 2);
  EXPECT_NEAR(c[1], 1.0, 1e-14);
  EXPECT_NEAR(c[4], 2.0, 1e-14);

  // A' = A here, so the transposed solve agrees.
  std::vector<double> d{12, 20, 16};
  lu->solve_transposed(d);
  EXPECT_NEAR(d[2], 3.0, 1e-14);
}

TEST(KluLu, ReportsSingularMatrix) {
  TripletBuilder t(2, 2);
  t.add(0, 0, 1.0);
  t.add(0, 1, 1.0);
  t.add(1, 0, 1.0);
  t.add(1, 1, 1.0);
  const auto m = t.compress();
  auto lu = make_sparse_lu();
  lu->analyze(m);
  EXPECT_EQ(lu->factor(m.values), FactorStatus::kSingular);
  std::vector<double> b{1, 1};
  EXPECT_THROW(lu->solve(b), gat::UsageError);
}

TEST(KluLu, UnknownBackendIsUnavailable) {
  EXPECT_THROW(make_sparse_lu("pardiso"), gat::SolverUnavailable);
}
