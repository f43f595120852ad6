// LpSolver on Ipopt: a convex QP (or LP) solved by Ipopt's interior point method, as
// MATPOWER solves DC-OPF QPs with its own interior point solver (MIPS). No basis, so no hot
// starts; duals are those of the central path's limit (for a degenerate problem, the centre
// of the optimal dual face rather than a vertex).
#include <algorithm>
#include <cmath>
#include <limits>

#include "gat/core/error.hpp"
#include "gat/opf/lp_solver.hpp"
#include "gat/opf/nlp_solver.hpp"

namespace gat::opf {

namespace {

// ½ xᵀQx + cᵀx + offset subject to the rows, as an NlpProblem with constant derivatives.
class QpAsNlp final : public NlpProblem {
 public:
  explicit QpAsNlp(const LpProblem& p) : p_(p) {}

  NlpSizes sizes() const override {
    return {p_.n_cols(), p_.n_rows(), static_cast<std::int64_t>(p_.a.nnz()),
            static_cast<std::int64_t>(p_.q.nnz())};
  }
  void bounds(std::span<double> x_l, std::span<double> x_u, std::span<double> g_l,
              std::span<double> g_u) const override {
    std::copy(p_.col_lower.begin(), p_.col_lower.end(), x_l.begin());
    std::copy(p_.col_upper.begin(), p_.col_upper.end(), x_u.begin());
    std::copy(p_.row_lower.begin(), p_.row_lower.end(), g_l.begin());
    std::copy(p_.row_upper.begin(), p_.row_upper.end(), g_u.begin());
  }
  void starting_point(std::span<double> x) const override {
    for (std::size_t j = 0; j < x.size(); ++j) {
      const double lo = p_.col_lower[j], up = p_.col_upper[j];
      x[j] = std::isinf(lo) ? (std::isinf(up) ? 0.0 : up) : (std::isinf(up) ? lo : (lo + up) / 2);
    }
  }
  double objective(std::span<const double> x) override {
    double f = p_.offset;
    for (std::size_t j = 0; j < x.size(); ++j) f += p_.cost[j] * x[j];
    std::vector<double> qx(x.size(), 0.0);
    multiply_q(x, qx);
    for (std::size_t j = 0; j < x.size(); ++j) f += 0.5 * x[j] * qx[j];
    return f;
  }
  void gradient(std::span<const double> x, std::span<double> grad) override {
    std::copy(p_.cost.begin(), p_.cost.end(), grad.begin());
    multiply_q(x, grad);
  }
  void constraints(std::span<const double> x, std::span<double> g) override {
    std::fill(g.begin(), g.end(), 0.0);
    p_.a.multiply_add(x, g);
  }
  void jacobian_structure(std::span<std::int32_t> rows,
                          std::span<std::int32_t> cols) const override {
    structure(p_.a, rows, cols);
  }
  void jacobian_values(std::span<const double>, std::span<double> values) override {
    std::copy(p_.a.values.begin(), p_.a.values.end(), values.begin());
  }
  void hessian_structure(std::span<std::int32_t> rows,
                         std::span<std::int32_t> cols) const override {
    structure(p_.q, rows, cols);
  }
  void hessian_values(std::span<const double>, double sigma, std::span<const double>,
                      std::span<double> values) override {
    for (std::size_t k = 0; k < p_.q.nnz(); ++k) values[k] = sigma * p_.q.values[k];
  }

 private:
  static void structure(const linalg::CscMatrix& m, std::span<std::int32_t> rows,
                        std::span<std::int32_t> cols) {
    for (std::int32_t c = 0; c < m.n_cols; ++c) {
      for (auto k = m.col_ptr[c]; k < m.col_ptr[c + 1]; ++k) {
        rows[k] = m.row_idx[k];
        cols[k] = c;
      }
    }
  }
  // y += Q x for the symmetric Q stored as its lower triangle.
  void multiply_q(std::span<const double> x, std::span<double> y) const {
    const auto& q = p_.q;
    for (std::int32_t c = 0; c < q.n_cols; ++c) {
      for (auto k = q.col_ptr[c]; k < q.col_ptr[c + 1]; ++k) {
        const auto r = q.row_idx[k];
        y[r] += q.values[k] * x[c];
        if (r != c) y[c] += q.values[k] * x[r];
      }
    }
  }

  const LpProblem& p_;
};

LpStatus from_nlp(NlpStatus s) {
  switch (s) {
    case NlpStatus::kOptimal:
    case NlpStatus::kAcceptable:
      return LpStatus::kOptimal;
    case NlpStatus::kInfeasible:
      return LpStatus::kInfeasible;
    case NlpStatus::kIterationLimit:
      return LpStatus::kIterationLimit;
    case NlpStatus::kTimeLimit:
      return LpStatus::kTimeLimit;
    default:
      return LpStatus::kError;
  }
}

class IpoptLpSolver final : public LpSolver {
 public:
  IpoptLpSolver() : nlp_(make_nlp_solver("ipopt")) {
    // Constant derivatives; tight tolerance so that duals (prices) are good to ~1e-6.
    nlp_->set_option("hessian_constant", "yes");
    nlp_->set_option("jac_c_constant", "yes");
    nlp_->set_option("jac_d_constant", "yes");
    nlp_->set_option("tol", "1e-9");
    // Ipopt relaxes every bound by 1e-8 (relative) by default, which lets a binding flow limit
    // give way and moves prices in the 7th digit; an LP/QP wants its bounds exact.
    nlp_->set_option("bound_relax_factor", "0");
  }

  void load(const LpProblem& p) override { problem_ = p; }
  void set_row_bounds(std::span<const std::int32_t> rows, std::span<const double> lower,
                      std::span<const double> upper) override {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      problem_.row_lower[rows[i]] = lower[i];
      problem_.row_upper[rows[i]] = upper[i];
    }
  }
  void set_col_bounds(std::span<const std::int32_t> cols, std::span<const double> lower,
                      std::span<const double> upper) override {
    for (std::size_t i = 0; i < cols.size(); ++i) {
      problem_.col_lower[cols[i]] = lower[i];
      problem_.col_upper[cols[i]] = upper[i];
    }
  }
  void set_option(std::string_view name, std::string_view value) override {
    nlp_->set_option(name, value);
  }

  LpSolution solve() override {
    QpAsNlp qp(problem_);
    const auto r = nlp_->solve(qp);
    LpSolution s;
    s.status = from_nlp(r.status);
    s.message = "Ipopt: " + r.message;
    s.iterations = r.iterations;
    s.solve_time_s = r.solve_time_s;
    if (s.status != LpStatus::kOptimal) return s;
    s.objective = r.objective;
    s.x = r.x;
    s.row_activity.assign(problem_.row_lower.size(), 0.0);
    problem_.a.multiply_add(s.x, s.row_activity);
    // Ipopt's Lagrangian is f + λᵀg: ∂f*/∂(active row bound) = −λ; for columns z_L − z_U.
    s.row_dual.resize(r.lambda.size());
    std::transform(r.lambda.begin(), r.lambda.end(), s.row_dual.begin(),
                   [](double l) { return -l; });
    s.col_dual.resize(r.x.size());
    for (std::size_t j = 0; j < r.x.size(); ++j) s.col_dual[j] = r.z_lower[j] - r.z_upper[j];
    return s;
  }

  LpBasis basis() const override { return {}; }
  void set_basis(const LpBasis&) override {}
  Infeasibility explain_infeasibility() override { return {}; }
  std::string_view name() const override { return "ipopt"; }

 private:
  std::unique_ptr<NlpSolver> nlp_;
  LpProblem problem_;
};

}  // namespace

std::unique_ptr<LpSolver> make_ipopt_lp_solver() {
  return std::make_unique<IpoptLpSolver>();
}

}  // namespace gat::opf
