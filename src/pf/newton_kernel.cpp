// Newton–Raphson power flow in polar form, as MATPOWER's newtonpf:
//
//   J(x) Δx = −F(x),   J = [ ∂ΔP/∂Va  ∂ΔP/∂Vm ]    over x = [Va(pv, pq), Vm(pq)]
//                          [ ∂ΔQ/∂Va  ∂ΔQ/∂Vm ]
//
// With t_ik = V_i conj(Y_ik V_k) (so S_i = Σ_k t_ik) the derivatives of S = V ∘ conj(Y V) are
//
//   ∂S_i/∂Va_k = −j t_ik                 ∂S_i/∂Vm_k = t_ik / |V_k|            (k ≠ i)
//   ∂S_i/∂Va_i = j (S_i − t_ii)          ∂S_i/∂Vm_i = (t_ii + S_i) / |V_i|
//
// so one pass over Ybus yields S (hence F) and every Jacobian value. The Jacobian's pattern is
// Ybus's, computed once with a map from each Ybus entry to its (up to) four Jacobian slots;
// entries that are not unknowns map to a dummy slot past the end, so the pass has no branches.
// KLU analyzes the pattern once and refactors each iteration.
#include <algorithm>
#include <cmath>
#include <limits>

#include "gat/linalg/sparse_lu.hpp"
#include "gat/linalg/sparse_matrix.hpp"
#include "pf/ac_kernel.hpp"

namespace gat::pf::detail {

namespace {

class NewtonKernel final : public IslandKernel {
 public:
  NewtonKernel(const Ybus& y, BusClasses classes, std::string_view linear_solver)
      : y_(y), classes_(std::move(classes)) {
    classes_.index(y.n, ang_, mag_);
    nx_ = classes_.n_unknowns();
    build_pattern();
    if (nx_ > 0) {
      lu_ = linalg::make_sparse_lu(linear_solver);
      lu_->analyze(jac_);
    }
    const auto n = static_cast<std::size_t>(y.n);
    vr_.resize(n);
    vi_.resize(n);
    s_re_.resize(n);
    s_im_.resize(n);
    rhs_.resize(static_cast<std::size_t>(nx_));
  }

  const BusClasses& classes() const override { return classes_; }

  KernelOutcome solve(std::span<const double> p_sched, std::span<const double> q_sched,
                      std::span<double> vm, std::span<double> va,
                      const KernelLimits& limits) override;

 private:
  void build_pattern();
  double evaluate(std::span<const double> p_sched, std::span<const double> q_sched,
                  std::span<const double> vm);

  const Ybus& y_;
  BusClasses classes_;
  std::int32_t nx_ = 0;
  std::vector<std::int32_t> ang_, mag_;
  // Per Ybus entry (i, k): slots of ∂P_i/∂Va_k, ∂P_i/∂Vm_k, ∂Q_i/∂Va_k, ∂Q_i/∂Vm_k.
  std::vector<std::int32_t> slot_pa_, slot_pm_, slot_qa_, slot_qm_;
  linalg::CscMatrix jac_;  // values has one extra (dummy) slot at the end
  std::unique_ptr<linalg::SparseLu> lu_;
  std::vector<double> vr_, vi_, s_re_, s_im_, rhs_;
};

void NewtonKernel::build_pattern() {
  const std::size_t nnz_y = y_.nnz();
  linalg::TripletBuilder triplets(nx_, nx_);
  triplets.reserve(4 * nnz_y);
  // which[4p + c] = triplet number of derivative c of Ybus entry p, or −1.
  std::vector<std::int32_t> which(4 * nnz_y, -1);
  std::int32_t next = 0;
  for (std::int32_t k = 0; k < y_.n; ++k) {
    for (auto p = y_.col_ptr[k]; p < y_.col_ptr[k + 1]; ++p) {
      const auto i = y_.row_idx[p];
      const std::int32_t rows[4] = {ang_[i], ang_[i], mag_[i], mag_[i]};
      const std::int32_t cols[4] = {ang_[k], mag_[k], ang_[k], mag_[k]};
      for (int c = 0; c < 4; ++c) {
        if (rows[c] < 0 || cols[c] < 0) continue;
        triplets.add(rows[c], cols[c], 0.0);
        which[4 * static_cast<std::size_t>(p) + c] = next++;
      }
    }
  }
  std::vector<std::int32_t> slot;
  jac_ = triplets.compress(&slot);
  const auto dummy = static_cast<std::int32_t>(jac_.nnz());
  jac_.values.assign(jac_.nnz() + 1, 0.0);
  for (auto* s : {&slot_pa_, &slot_pm_, &slot_qa_, &slot_qm_}) s->assign(nnz_y, dummy);
  std::vector<std::int32_t>* slots[4] = {&slot_pa_, &slot_pm_, &slot_qa_, &slot_qm_};
  for (std::size_t p = 0; p < nnz_y; ++p) {
    for (int c = 0; c < 4; ++c) {
      const auto t = which[4 * p + c];
      if (t >= 0) (*slots[c])[p] = slot[t];
    }
  }
}

// S = V ∘ conj(Y V), the Jacobian's values and rhs_ = F; returns ‖F‖∞ (NaN if not finite).
double NewtonKernel::evaluate(std::span<const double> p_sched, std::span<const double> q_sched,
                              std::span<const double> vm) {
  std::fill(s_re_.begin(), s_re_.end(), 0.0);
  std::fill(s_im_.begin(), s_im_.end(), 0.0);
  double* jac = jac_.values.data();
  const double* g = y_.g.data();
  const double* b = y_.b.data();
  for (std::int32_t k = 0; k < y_.n; ++k) {
    const double vrk = vr_[k], vik = vi_[k], inv_vm = 1.0 / vm[k];
    for (auto p = y_.col_ptr[k]; p < y_.col_ptr[k + 1]; ++p) {
      const auto i = y_.row_idx[p];
      const double yr = g[p] * vrk - b[p] * vik;  // Y_ik V_k
      const double yi = g[p] * vik + b[p] * vrk;
      const double tr = vr_[i] * yr + vi_[i] * yi;  // t_ik = V_i conj(Y_ik V_k)
      const double ti = vi_[i] * yr - vr_[i] * yi;
      s_re_[i] += tr;
      s_im_[i] += ti;
      jac[slot_pa_[p]] = ti;
      jac[slot_pm_[p]] = tr * inv_vm;
      jac[slot_qa_[p]] = -tr;
      jac[slot_qm_[p]] = ti * inv_vm;
    }
  }
  double norm = 0.0;
  for (std::int32_t i = 0; i < y_.n; ++i) {
    const auto d = y_.diag[i];
    const double inv_vm = 1.0 / vm[i];
    jac[slot_pa_[d]] -= s_im_[i];
    jac[slot_pm_[d]] += s_re_[i] * inv_vm;
    jac[slot_qa_[d]] += s_re_[i];
    jac[slot_qm_[d]] += s_im_[i] * inv_vm;
    if (ang_[i] >= 0) {
      const double dp = s_re_[i] - p_sched[i];
      rhs_[ang_[i]] = dp;
      norm = std::max(norm, std::abs(dp));
      if (mag_[i] >= 0) {
        const double dq = s_im_[i] - q_sched[i];
        rhs_[mag_[i]] = dq;
        norm = std::max(norm, std::abs(dq));
      }
    }
  }
  // std::max drops NaN; catch non-finite mismatches explicitly.
  for (double v : rhs_) {
    if (!std::isfinite(v)) return std::numeric_limits<double>::quiet_NaN();
  }
  return norm;
}

KernelOutcome NewtonKernel::solve(std::span<const double> p_sched, std::span<const double> q_sched,
                                  std::span<double> vm, std::span<double> va,
                                  const KernelLimits& limits) {
  KernelOutcome out;
  polar_to_cartesian(vm, va, vr_, vi_, true);
  double norm = evaluate(p_sched, q_sched, vm);
  const auto values = std::span<const double>(jac_.values.data(), jac_.nnz());
  while (!(norm < limits.tol_pu) && std::isfinite(norm) && out.iterations < limits.max_iter) {
    ++out.iterations;
    if (lu_->refactor(values) != linalg::FactorStatus::kOk) {
      out.status = IslandStatus::kSingular;
      out.max_mismatch_pu = norm;
      return out;
    }
    lu_->solve(rhs_);
    // x ← x − J⁻¹F
    for (auto i : classes_.pv) va[i] -= rhs_[ang_[i]];
    for (auto i : classes_.pq) {
      va[i] -= rhs_[ang_[i]];
      vm[i] -= rhs_[mag_[i]];
    }
    polar_to_cartesian(vm, va, vr_, vi_, true);
    norm = evaluate(p_sched, q_sched, vm);
  }
  out.max_mismatch_pu = norm;
  out.status = final_status(norm, limits);
  return out;
}

}  // namespace

std::unique_ptr<IslandKernel> make_klu_newton_kernel(const Ybus& y, BusClasses classes,
                                                     std::string_view linear_solver) {
  return std::make_unique<NewtonKernel>(y, std::move(classes), linear_solver);
}

}  // namespace gat::pf::detail
