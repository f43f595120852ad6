// FactoredSolver (KLU's factors, interleaved right-hand sides) against KLU's own solve.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "gat/linalg/lu_factors.hpp"
#include "gat/linalg/sparse_lu.hpp"

using namespace gat::linalg;

namespace {

// A random unsymmetric matrix with a reducible structure (three strongly connected groups,
// coupled one way only, badly scaled rows, and a 1×1 block). gat's KLU runs without the block
// triangular form (klu_lu.cpp), so the factors come as one block: what matters is that the
// extracted factors solve as KLU does, with its row scaling and pivoting.
CscMatrix reducible(std::int32_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> value(-1.0, 1.0);
  std::uniform_int_distribution<std::int32_t> pick(0, n - 1);
  TripletBuilder t(n, n);
  auto group = [&](std::int32_t i) { return i == n - 1 ? 3 : (i * 3) / (n - 1); };
  for (std::int32_t i = 0; i < n; ++i) {
    const double scale = std::pow(10.0, (i % 5) - 2);
    t.add(i, i, scale * (8.0 + value(rng)));
    for (int e = 0; e < 4; ++e) {
      const auto j = pick(rng);
      if (group(j) < group(i) || (group(j) == group(i) && j != i)) t.add(i, j, scale * value(rng));
    }
  }
  return t.compress();
}

}  // namespace

TEST(FactoredSolver, MatchesKluSolveForAnyNumberOfRightHandSides) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const std::int32_t n = 60;
    const auto a = reducible(n, seed);
    auto lu = make_sparse_lu();
    lu->analyze(a);
    ASSERT_EQ(lu->factor(a.values), FactorStatus::kOk);
    auto factors = lu->extract_factors();
    const FactoredSolver solver(std::move(factors));
    ASSERT_EQ(solver.size(), n);
    for (std::size_t n_rhs : {1u, 3u, 16u, 21u, 37u}) {
      std::mt19937 rng(seed + n_rhs);
      std::uniform_real_distribution<double> value(-1.0, 1.0);
      std::vector<double> by_column(n * n_rhs), interleaved(n * n_rhs);
      for (std::size_t j = 0; j < n_rhs; ++j) {
        for (std::int32_t i = 0; i < n; ++i) {
          // Some right-hand sides are sparse (a single 1), as in sensitivity work.
          const double v =
              j % 3 == 0 ? (i == static_cast<std::int32_t>(j % n) ? 1.0 : 0.0) : value(rng);
          by_column[j * n + i] = interleaved[i * n_rhs + j] = v;
        }
      }
      lu->solve(by_column, static_cast<int>(n_rhs));
      solver.solve(interleaved, n_rhs);
      for (std::size_t j = 0; j < n_rhs; ++j) {
        for (std::int32_t i = 0; i < n; ++i) {
          const double ref = by_column[j * n + i];
          ASSERT_NEAR(interleaved[i * n_rhs + j], ref, 1e-12 * (1 + std::abs(ref)))
              << "seed " << seed << " n_rhs " << n_rhs << " (" << i << ", " << j << ")";
        }
      }
    }
  }
}
