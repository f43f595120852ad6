// Sparse LU for square systems, shaped for power-system work: analyze a sparsity pattern once
// (fill-reducing ordering, symbolic factorization), then factor and refactor many value sets
// on that pattern (Newton iterations, hours, contingencies) and solve many right-hand sides.
//
// Back ends are chosen by name at run time; "klu" (SuiteSparse KLU) is the default.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gat/linalg/lu_factors.hpp"
#include "gat/linalg/sparse_matrix.hpp"

namespace gat::linalg {

enum class FactorStatus { kOk, kSingular, kIllConditioned };

class SparseLu {
 public:
  virtual ~SparseLu() = default;

  // Symbolic analysis of a pattern (values ignored). Invalidates any factorization.
  virtual void analyze(const CscMatrix& pattern) = 0;
  // Numeric factorization with pivoting, for values on the analyzed pattern.
  virtual FactorStatus factor(std::span<const double> values) = 0;
  // Numeric factorization reusing the pivot order of the last factor(); falls back to a fresh
  // factor() when the old pivots have become unstable.
  virtual FactorStatus refactor(std::span<const double> values) = 0;
  // Solves A x = b in place for n_rhs right-hand sides stored column after column.
  virtual void solve(std::span<double> rhs, int n_rhs = 1) = 0;
  // Solves A' x = b in place.
  virtual void solve_transposed(std::span<double> rhs, int n_rhs = 1) = 0;
  // The factors of the last factorization, for FactoredSolver (many right-hand sides, many
  // threads). Throws SolverUnavailable for a back end that cannot give them.
  virtual LuFactors extract_factors() = 0;
  // Reciprocal condition estimate of the last factorization (cheap, 1-norm based).
  virtual double rcond() = 0;
  virtual std::string_view name() const = 0;
};

std::unique_ptr<SparseLu> make_sparse_lu(std::string_view backend = "klu");
std::vector<std::string> sparse_lu_backends();
std::string klu_version();

}  // namespace gat::linalg
