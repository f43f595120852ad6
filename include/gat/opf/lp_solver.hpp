// Linear and convex quadratic programs behind one small interface:
//
//   minimize    ½ xᵀ Q x + cᵀ x + offset
//   subject to  row_lower ≤ A x ≤ row_upper,   col_lower ≤ x ≤ col_upper
//
// with Q symmetric positive semidefinite (empty for an LP). A solver object holds one loaded
// model; changing bounds and solving again hot-starts from the last basis, which is what makes
// hour-after-hour (rolling) studies cheap. Back ends are chosen by name at run time; "highs"
// (HiGHS: dual simplex for LPs, active-set for QPs) is the default.
//
// Dual sign convention (every back end): row_dual[i] = ∂objective/∂(row bound i) and
// col_dual[j] = ∂objective/∂(column bound j) at the optimum, for whichever bound is active;
// zero for an inactive constraint. So for a minimization a binding upper limit has a
// non-positive dual and a binding lower limit a non-negative one.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gat/linalg/sparse_matrix.hpp"
#include "gat/opf/bound.hpp"

namespace gat::opf {

struct LpProblem {
  std::vector<double> cost;  // c, one per column
  std::vector<double> col_lower, col_upper;
  std::vector<double> row_lower, row_upper;
  linalg::CscMatrix a;  // n_rows × n_cols
  linalg::CscMatrix q;  // n_cols × n_cols, lower triangle (diagonal included); empty: an LP
  double offset = 0.0;  // constant added to the objective

  std::int32_t n_cols() const { return static_cast<std::int32_t>(cost.size()); }
  std::int32_t n_rows() const { return static_cast<std::int32_t>(row_lower.size()); }
  bool is_qp() const { return q.nnz() > 0; }
};

enum class LpStatus {
  kOptimal,
  kInfeasible,
  kUnbounded,
  kInfeasibleOrUnbounded,
  kIterationLimit,
  kTimeLimit,
  kError,  // the back end failed; message says how
};

std::string_view to_string(LpStatus status);

// Which bound each column and row (slack) sits at, for hot starts across solver objects.
enum class BasisStatus : std::uint8_t { kLower, kBasic, kUpper, kZero, kNonbasic };

struct LpBasis {
  std::vector<BasisStatus> col;
  std::vector<BasisStatus> row;
  bool empty() const { return col.empty(); }
};

struct LpSolution {
  LpStatus status = LpStatus::kError;
  std::string message;
  double objective = 0.0;  // including offset
  std::vector<double> x;
  std::vector<double> row_activity;  // A x
  std::vector<double> row_dual;
  std::vector<double> col_dual;
  std::int64_t iterations = 0;  // simplex, QP or IPM iterations, whichever ran
  double solve_time_s = 0.0;
  bool hot_started = false;  // the solve began from a previous basis
};

// What a feasibility relaxation found: the smallest total violation of bounds that makes the
// problem feasible. Rows and columns listed are those that had to move.
struct Infeasibility {
  struct Entry {
    bool is_row = true;
    std::int32_t index = 0;
    double value = 0.0;      // row activity or column value in the relaxed solution
    double violation = 0.0;  // > 0 above the upper bound, < 0 below the lower bound
  };
  bool found = false;          // the relaxation solved
  std::vector<Entry> entries;  // largest violations first
};

class LpSolver {
 public:
  virtual ~LpSolver() = default;

  // Replaces the model (and forgets any basis).
  virtual void load(const LpProblem& problem) = 0;
  // Changes bounds of the loaded model; the basis is kept for the next solve.
  virtual void set_row_bounds(std::span<const std::int32_t> rows, std::span<const double> lower,
                              std::span<const double> upper) = 0;
  virtual void set_col_bounds(std::span<const std::int32_t> cols, std::span<const double> lower,
                              std::span<const double> upper) = 0;
  // A back-end option by name ("time_limit", "presolve", ...); value parsed by the back end.
  // Throws UsageError for an unknown name or a bad value.
  virtual void set_option(std::string_view name, std::string_view value) = 0;
  virtual LpSolution solve() = 0;
  // The basis of the last solve (empty for a QP or after a failure) and a way to start from one.
  virtual LpBasis basis() const = 0;
  virtual void set_basis(const LpBasis& basis) = 0;
  // Minimal bound relaxation of the loaded model (after an infeasible solve).
  virtual Infeasibility explain_infeasibility() = 0;
  virtual std::string_view name() const = 0;
};

// Throws SolverUnavailable for a back end that is not compiled in.
std::unique_ptr<LpSolver> make_lp_solver(std::string_view backend = "highs");
std::vector<std::string> lp_solver_backends();
// "1.16.0"; empty when the back end is not compiled in.
std::string lp_solver_version(std::string_view backend = "highs");

}  // namespace gat::opf
