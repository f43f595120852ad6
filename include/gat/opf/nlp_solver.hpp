// Smooth nonlinear programs behind one small interface:
//
//   minimize f(x)   subject to  g_l ≤ g(x) ≤ g_u,   x_l ≤ x ≤ x_u
//
// The problem supplies exact first and second derivatives in sparse triplet form (the
// Jacobian of g and the lower triangle of the Hessian of the Lagrangian
// σ f(x) + Σ λ_i g_i(x)); the solver never differentiates numerically. Back ends are chosen
// by name at run time; "ipopt" (interior point, MUMPS) is the default.
//
// Multiplier convention (every back end): lambda[i] is the multiplier of g_i in the Lagrangian
// above at the optimum, so lambda[i] = ∂f*/∂(bound of g_i) with the sign flipped
// (lambda > 0 for a binding upper bound); z_lower, z_upper ≥ 0 for the variable bounds.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gat/opf/bound.hpp"

namespace gat::opf {

struct NlpSizes {
  std::int32_t n = 0;  // variables
  std::int32_t m = 0;  // constraints
  std::int64_t nnz_jacobian = 0;
  std::int64_t nnz_hessian = 0;  // lower triangle
};

class NlpProblem {
 public:
  virtual ~NlpProblem() = default;
  virtual NlpSizes sizes() const = 0;
  // ±infinity for "no bound"; g_l == g_u for an equality.
  virtual void bounds(std::span<double> x_l, std::span<double> x_u, std::span<double> g_l,
                      std::span<double> g_u) const = 0;
  virtual void starting_point(std::span<double> x) const = 0;
  virtual double objective(std::span<const double> x) = 0;
  virtual void gradient(std::span<const double> x, std::span<double> grad) = 0;
  virtual void constraints(std::span<const double> x, std::span<double> g) = 0;
  virtual void jacobian_structure(std::span<std::int32_t> rows,
                                  std::span<std::int32_t> cols) const = 0;
  virtual void jacobian_values(std::span<const double> x, std::span<double> values) = 0;
  // Lower triangle (row ≥ col) of ∇²(σ f + λᵀ g).
  virtual void hessian_structure(std::span<std::int32_t> rows,
                                 std::span<std::int32_t> cols) const = 0;
  virtual void hessian_values(std::span<const double> x, double sigma,
                              std::span<const double> lambda, std::span<double> values) = 0;
};

enum class NlpStatus {
  kOptimal,
  kAcceptable,  // converged to the looser "acceptable" tolerances
  kInfeasible,  // locally infeasible
  kIterationLimit,
  kTimeLimit,
  kError,
};

std::string_view to_string(NlpStatus status);
inline bool converged(NlpStatus s) {
  return s == NlpStatus::kOptimal || s == NlpStatus::kAcceptable;
}

struct NlpResult {
  NlpStatus status = NlpStatus::kError;
  std::string message;
  double objective = 0.0;
  std::vector<double> x;
  std::vector<double> lambda;  // per constraint
  std::vector<double> z_lower, z_upper;
  std::int32_t iterations = 0;
  double solve_time_s = 0.0;
};

class NlpSolver {
 public:
  virtual ~NlpSolver() = default;
  // Back-end option by name; throws UsageError for an unknown name or a bad value.
  virtual void set_option(std::string_view name, std::string_view value) = 0;
  virtual NlpResult solve(NlpProblem& problem) = 0;
  virtual std::string_view name() const = 0;
};

// Throws SolverUnavailable for a back end that is not compiled in.
std::unique_ptr<NlpSolver> make_nlp_solver(std::string_view backend = "ipopt");
std::vector<std::string> nlp_solver_backends();
std::string nlp_solver_version(std::string_view backend = "ipopt");

}  // namespace gat::opf
