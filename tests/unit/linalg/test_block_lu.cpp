// BlockLu2 against a dense solve, on random diagonally strong block matrices with a
// structurally symmetric pattern (a ring with chords, like a meshed grid).
#include "gat/linalg/block_lu.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>
#include <utility>
#include <vector>

namespace {

struct BlockMatrix {
  std::int32_t n;
  std::vector<std::int32_t> col_ptr, row_idx;
  std::vector<double> values;  // 4 per block, row-major

  // A x = b by dense Gaussian elimination with partial pivoting.
  std::vector<double> dense_solve(std::vector<double> b) const {
    const auto m = static_cast<std::size_t>(2 * n);
    std::vector<std::vector<double>> a(m, std::vector<double>(m, 0.0));
    for (std::int32_t j = 0; j < n; ++j) {
      for (auto p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
        const auto i = row_idx[p];
        for (int r = 0; r < 2; ++r) {
          for (int c = 0; c < 2; ++c) a[2 * i + r][2 * j + c] = values[4 * p + 2 * r + c];
        }
      }
    }
    for (std::size_t k = 0; k < m; ++k) {
      std::size_t piv = k;
      for (std::size_t i = k + 1; i < m; ++i) {
        if (std::abs(a[i][k]) > std::abs(a[piv][k])) piv = i;
      }
      std::swap(a[k], a[piv]);
      std::swap(b[k], b[piv]);
      for (std::size_t i = k + 1; i < m; ++i) {
        const double f = a[i][k] / a[k][k];
        for (std::size_t c = k; c < m; ++c) a[i][c] -= f * a[k][c];
        b[i] -= f * b[k];
      }
    }
    for (std::size_t k = m; k-- > 0;) {
      for (std::size_t c = k + 1; c < m; ++c) b[k] -= a[k][c] * b[c];
      b[k] /= a[k][k];
    }
    return b;
  }
};

BlockMatrix random_grid(std::int32_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::uniform_int_distribution<std::int32_t> pick(0, n - 1);
  std::set<std::pair<std::int32_t, std::int32_t>> edges;
  for (std::int32_t i = 0; i < n; ++i)
    edges.insert({std::min(i, (i + 1) % n), std::max(i, (i + 1) % n)});
  for (std::int32_t e = 0; e < n / 3; ++e) {
    const auto a = pick(rng), b = pick(rng);
    if (a != b) edges.insert({std::min(a, b), std::max(a, b)});
  }
  std::vector<std::set<std::int32_t>> cols(static_cast<std::size_t>(n));
  for (std::int32_t i = 0; i < n; ++i) cols[i].insert(i);
  for (auto [a, b] : edges) {
    cols[a].insert(b);
    cols[b].insert(a);
  }
  BlockMatrix m{n, {0}, {}, {}};
  for (std::int32_t j = 0; j < n; ++j) {
    for (auto i : cols[j]) {
      m.row_idx.push_back(i);
      for (int t = 0; t < 4; ++t) {
        const bool diagonal_entry = i == j && (t == 0 || t == 3);
        m.values.push_back(diagonal_entry ? 8.0 + u(rng) : u(rng));
      }
    }
    m.col_ptr.push_back(static_cast<std::int32_t>(m.row_idx.size()));
  }
  return m;
}

}  // namespace

TEST(BlockLu2, SolvesLikeADenseLu) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const auto m = random_grid(60, seed);
    gat::linalg::BlockLu2 lu;
    lu.analyze(m.n, m.col_ptr, m.row_idx);
    ASSERT_TRUE(lu.factor(m.values));
    EXPECT_GE(lu.factor_blocks(), m.row_idx.size());
    std::vector<double> b(2 * static_cast<std::size_t>(m.n));
    for (std::size_t i = 0; i < b.size(); ++i)
      b[i] = -1.0 + 3.0 * static_cast<double>(i) / b.size();
    const auto expected = m.dense_solve(b);
    auto x = b;
    lu.solve(x);
    for (std::size_t i = 0; i < b.size(); ++i) EXPECT_NEAR(x[i], expected[i], 1e-12);
    // Refactoring new values on the same pattern.
    auto scaled = m.values;
    for (auto& v : scaled) v *= 2.0;
    ASSERT_TRUE(lu.factor(scaled));
    x = b;
    lu.solve(x);
    for (std::size_t i = 0; i < b.size(); ++i) EXPECT_NEAR(x[i], expected[i] / 2.0, 1e-12);
  }
}

TEST(BlockLu2, ReportsASingularDiagonalBlock) {
  auto m = random_grid(10, 7);
  // Zero the first diagonal block and its couplings: a singular matrix.
  for (std::int32_t j = 0; j < m.n; ++j) {
    for (auto p = m.col_ptr[j]; p < m.col_ptr[j + 1]; ++p) {
      if (m.row_idx[p] == 0 || j == 0) std::fill_n(m.values.begin() + 4 * p, 4, 0.0);
    }
  }
  gat::linalg::BlockLu2 lu;
  lu.analyze(m.n, m.col_ptr, m.row_idx);
  EXPECT_FALSE(lu.factor(m.values));
}
