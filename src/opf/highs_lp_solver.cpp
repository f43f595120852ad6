// LpSolver on HiGHS (C++ API). The loaded model stays inside one Highs object, so bound changes
// followed by solve() restart the dual simplex from the previous basis.
#include <Highs.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "gat/core/error.hpp"
#include "gat/opf/lp_solver.hpp"

namespace gat::opf {

namespace {

double to_highs(double bound) {
  if (bound == kInf) return kHighsInf;
  if (bound == -kInf) return -kHighsInf;
  return bound;
}

std::vector<double> to_highs(std::span<const double> bounds) {
  std::vector<double> out(bounds.size());
  std::transform(bounds.begin(), bounds.end(), out.begin(), [](double b) { return to_highs(b); });
  return out;
}

LpStatus from_highs(HighsModelStatus s) {
  switch (s) {
    case HighsModelStatus::kOptimal:
    case HighsModelStatus::kModelEmpty:
      return LpStatus::kOptimal;
    case HighsModelStatus::kInfeasible:
      return LpStatus::kInfeasible;
    case HighsModelStatus::kUnbounded:
      return LpStatus::kUnbounded;
    case HighsModelStatus::kUnboundedOrInfeasible:
      return LpStatus::kInfeasibleOrUnbounded;
    case HighsModelStatus::kIterationLimit:
      return LpStatus::kIterationLimit;
    case HighsModelStatus::kTimeLimit:
      return LpStatus::kTimeLimit;
    default:
      return LpStatus::kError;
  }
}

BasisStatus from_highs(HighsBasisStatus s) {
  return static_cast<BasisStatus>(s);
}
HighsBasisStatus to_highs(BasisStatus s) {
  return static_cast<HighsBasisStatus>(s);
}

class HighsLpSolver final : public LpSolver {
 public:
  HighsLpSolver() { highs_.setOptionValue("output_flag", false); }

  void load(const LpProblem& p) override {
    check(p);
    HighsModel model;
    HighsLp& lp = model.lp_;
    lp.num_col_ = p.n_cols();
    lp.num_row_ = p.n_rows();
    lp.col_cost_ = p.cost;
    lp.col_lower_ = to_highs(p.col_lower);
    lp.col_upper_ = to_highs(p.col_upper);
    lp.row_lower_ = to_highs(p.row_lower);
    lp.row_upper_ = to_highs(p.row_upper);
    lp.offset_ = p.offset;
    lp.a_matrix_.format_ = MatrixFormat::kColwise;
    lp.a_matrix_.num_col_ = p.n_cols();
    lp.a_matrix_.num_row_ = p.n_rows();
    lp.a_matrix_.start_.assign(p.a.col_ptr.begin(), p.a.col_ptr.end());
    lp.a_matrix_.index_.assign(p.a.row_idx.begin(), p.a.row_idx.end());
    lp.a_matrix_.value_ = p.a.values;
    if (p.is_qp()) {
      HighsHessian& h = model.hessian_;
      h.dim_ = p.n_cols();
      h.format_ = HessianFormat::kTriangular;
      h.start_.assign(p.q.col_ptr.begin(), p.q.col_ptr.end());
      h.index_.assign(p.q.row_idx.begin(), p.q.row_idx.end());
      h.value_ = p.q.values;
    }
    is_qp_ = p.is_qp();
    row_scale_.clear();
    if (is_qp_) equilibrate_rows(lp);
    if (highs_.passModel(std::move(model)) == HighsStatus::kError)
      throw UsageError("HiGHS rejected the model (inconsistent sizes or bounds)");
    solved_once_ = false;
  }

  void set_row_bounds(std::span<const std::int32_t> rows, std::span<const double> lower,
                      std::span<const double> upper) override {
    if (rows.empty()) return;
    auto lo = to_highs(lower), up = to_highs(upper);
    std::vector<HighsInt> idx(rows.begin(), rows.end());
    if (!row_scale_.empty()) {
      for (std::size_t i = 0; i < idx.size(); ++i) {
        lo[i] *= row_scale_[idx[i]];
        up[i] *= row_scale_[idx[i]];
      }
    }
    if (highs_.changeRowsBounds(static_cast<HighsInt>(idx.size()), idx.data(), lo.data(),
                                up.data()) == HighsStatus::kError)
      throw UsageError("HiGHS: bad row bound change");
  }

  void set_col_bounds(std::span<const std::int32_t> cols, std::span<const double> lower,
                      std::span<const double> upper) override {
    if (cols.empty()) return;
    const auto lo = to_highs(lower), up = to_highs(upper);
    std::vector<HighsInt> idx(cols.begin(), cols.end());
    if (highs_.changeColsBounds(static_cast<HighsInt>(idx.size()), idx.data(), lo.data(),
                                up.data()) == HighsStatus::kError)
      throw UsageError("HiGHS: bad column bound change");
  }

  void set_option(std::string_view name, std::string_view value) override {
    HighsOptionType type;
    const std::string key(name);
    if (highs_.getOptionType(key, &type) != HighsStatus::kOk)
      throw UsageError("HiGHS has no option '" + key + "'");
    if (highs_.setOptionValue(key, std::string(value)) != HighsStatus::kOk)
      throw UsageError("HiGHS option '" + key + "': bad value '" + std::string(value) + "'");
  }

  LpSolution solve() override {
    LpSolution out;
    // HiGHS's active-set QP solver starts cold (its option qp_allow_hot_start is off by
    // default) even though a QP leaves a valid basis behind.
    out.hot_started = !is_qp_ && solved_once_ && highs_.getBasis().valid;
    const auto t0 = std::chrono::steady_clock::now();
    const HighsStatus run = highs_.run();
    out.solve_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    solved_once_ = true;
    const auto model_status = highs_.getModelStatus();
    out.status = run == HighsStatus::kError ? LpStatus::kError : from_highs(model_status);
    out.message = highs_.modelStatusToString(model_status);
    const HighsInfo& info = highs_.getInfo();
    out.iterations = std::max<std::int64_t>(0, info.simplex_iteration_count) +
                     std::max<std::int64_t>(0, info.qp_iteration_count) +
                     std::max<std::int64_t>(0, info.ipm_iteration_count) +
                     std::max<std::int64_t>(0, info.pdlp_iteration_count);
    if (out.status != LpStatus::kOptimal) return out;
    const HighsSolution& s = highs_.getSolution();
    out.objective = info.objective_function_value;
    out.x = s.col_value;
    out.row_activity = s.row_value;
    if (s.dual_valid) {
      out.row_dual = s.row_dual;
      out.col_dual = s.col_dual;
    } else {
      out.message += " (no dual values)";
    }
    // Undo the row scaling: activity a x = (s a x) / s, dual ∂f/∂b = s · ∂f/∂(s b).
    for (std::size_t i = 0; i < row_scale_.size(); ++i) {
      out.row_activity[i] /= row_scale_[i];
      if (!out.row_dual.empty()) out.row_dual[i] *= row_scale_[i];
    }
    return out;
  }

  LpBasis basis() const override {
    LpBasis b;
    const HighsBasis& hb = highs_.getBasis();
    if (!hb.valid) return b;
    b.col.resize(hb.col_status.size());
    b.row.resize(hb.row_status.size());
    std::transform(hb.col_status.begin(), hb.col_status.end(), b.col.begin(),
                   [](HighsBasisStatus s) { return from_highs(s); });
    std::transform(hb.row_status.begin(), hb.row_status.end(), b.row.begin(),
                   [](HighsBasisStatus s) { return from_highs(s); });
    return b;
  }

  void set_basis(const LpBasis& b) override {
    if (b.empty() || is_qp_) return;
    HighsBasis hb;
    hb.col_status.resize(b.col.size());
    hb.row_status.resize(b.row.size());
    std::transform(b.col.begin(), b.col.end(), hb.col_status.begin(),
                   [](BasisStatus s) { return to_highs(s); });
    std::transform(b.row.begin(), b.row.end(), hb.row_status.begin(),
                   [](BasisStatus s) { return to_highs(s); });
    hb.valid = true;
    hb.alien = false;
    if (highs_.setBasis(hb, "gat") == HighsStatus::kError)
      throw UsageError("HiGHS rejected a basis of the wrong size");
    solved_once_ = true;
  }

  Infeasibility explain_infeasibility() override;

  std::string_view name() const override { return "highs"; }

 private:
  static void check(const LpProblem& p) {
    const auto n = static_cast<std::size_t>(p.n_cols());
    const auto m = static_cast<std::size_t>(p.n_rows());
    if (p.col_lower.size() != n || p.col_upper.size() != n || p.row_upper.size() != m ||
        p.a.n_cols != p.n_cols() || p.a.n_rows != p.n_rows() ||
        (p.is_qp() && (p.q.n_cols != p.n_cols() || p.q.n_rows != p.n_cols())))
      throw UsageError("LpProblem: inconsistent sizes");
  }

  // Scales every row to a largest coefficient of 1. HiGHS's active-set QP solver does not
  // scale, and on DC-OPF rows (susceptances from 0.1 to 1e4 p.u.) it otherwise stops with
  // primal infeasibilities of ~1e-3 (MATPOWER's case300).
  void equilibrate_rows(HighsLp& lp) {
    row_scale_.assign(static_cast<std::size_t>(lp.num_row_), 0.0);
    auto& a = lp.a_matrix_;
    for (std::size_t k = 0; k < a.index_.size(); ++k)
      row_scale_[a.index_[k]] = std::max(row_scale_[a.index_[k]], std::abs(a.value_[k]));
    for (auto& s : row_scale_) s = s > 0 ? 1.0 / s : 1.0;
    for (std::size_t k = 0; k < a.index_.size(); ++k) a.value_[k] *= row_scale_[a.index_[k]];
    for (HighsInt i = 0; i < lp.num_row_; ++i) {
      lp.row_lower_[i] *= row_scale_[i];
      lp.row_upper_[i] *= row_scale_[i];
    }
  }

  Highs highs_;
  std::vector<double> row_scale_;  // per row, empty when rows are not scaled
  bool is_qp_ = false;
  bool solved_once_ = false;
};

// Relaxes every bound with unit penalty on a copy of the linear part, and lists what moved.
Infeasibility HighsLpSolver::explain_infeasibility() {
  Infeasibility out;
  Highs relaxed;
  relaxed.setOptionValue("output_flag", false);
  HighsLp lp = highs_.getLp();
  if (relaxed.passModel(lp) == HighsStatus::kError) return out;
  if (relaxed.feasibilityRelaxation(1.0, 1.0, 1.0) == HighsStatus::kError) return out;
  const HighsSolution& s = relaxed.getSolution();
  if (!s.value_valid) return out;
  out.found = true;
  constexpr double kTol = 1e-7;
  auto scan = [&](bool is_row, const std::vector<double>& value, const std::vector<double>& lo,
                  const std::vector<double>& up) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      const double v = value[i];
      const double viol = v > up[i] + kTol ? v - up[i] : (v < lo[i] - kTol ? v - lo[i] : 0.0);
      if (viol != 0.0) out.entries.push_back({is_row, static_cast<std::int32_t>(i), v, viol});
    }
  };
  if (!row_scale_.empty()) {
    for (std::size_t i = 0; i < row_scale_.size(); ++i) {
      lp.row_lower_[i] /= row_scale_[i];
      lp.row_upper_[i] /= row_scale_[i];
    }
  }
  std::vector<double> rows = s.row_value;
  for (std::size_t i = 0; i < row_scale_.size(); ++i) rows[i] /= row_scale_[i];
  scan(true, rows, lp.row_lower_, lp.row_upper_);
  scan(false, s.col_value, lp.col_lower_, lp.col_upper_);
  std::sort(out.entries.begin(), out.entries.end(), [](const auto& a, const auto& b) {
    return std::abs(a.violation) > std::abs(b.violation);
  });
  return out;
}

}  // namespace

std::unique_ptr<LpSolver> make_highs_lp_solver() {
  return std::make_unique<HighsLpSolver>();
}

std::string highs_version() {
  return highsVersion();
}

}  // namespace gat::opf
