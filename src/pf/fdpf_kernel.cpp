// Fast-decoupled power flow, as MATPOWER's fdpf: alternate half-iterations
//
//   B' ΔVa(pv, pq) = −ΔP / Vm          then          B'' ΔVm(pq) = −ΔQ / Vm
//
// with B' and B'' (makeB, XB or BX variant) factored once; convergence is checked after each
// half-iteration on max(‖ΔP/Vm‖∞, ‖ΔQ/Vm‖∞) < tol, and iterations count P half-iterations.
#include <algorithm>
#include <cmath>
#include <limits>

#include "gat/linalg/sparse_lu.hpp"
#include "gat/linalg/sparse_matrix.hpp"
#include "pf/ac_kernel.hpp"

namespace gat::pf::detail {

namespace {

// −imag(Y)(keep, keep) with keep[i] giving the new index (or −1); keep need not be monotone.
linalg::CscMatrix reduced_susceptance(const Ybus& y, const std::vector<std::int32_t>& keep,
                                      std::int32_t n_kept) {
  linalg::TripletBuilder triplets(n_kept, n_kept);
  for (std::int32_t k = 0; k < y.n; ++k) {
    if (keep[k] < 0) continue;
    for (auto p = y.col_ptr[k]; p < y.col_ptr[k + 1]; ++p) {
      const auto i = keep[y.row_idx[p]];
      if (i >= 0) triplets.add(i, keep[k], -y.b[p]);
    }
  }
  return triplets.compress();
}

class FdpfKernel final : public IslandKernel {
 public:
  FdpfKernel(const Ybus& y, const Ybus& bp, const Ybus& bpp, BusClasses classes,
             std::string_view linear_solver)
      : y_(y), classes_(std::move(classes)) {
    classes_.index(y.n, ang_, mag_);
    n_p_ = static_cast<std::int32_t>(classes_.pv.size() + classes_.pq.size());
    n_q_ = static_cast<std::int32_t>(classes_.pq.size());
    std::vector<std::int32_t> q_index(mag_);
    for (auto& m : q_index) m = m < 0 ? -1 : m - n_p_;
    factored_ = factor(lu_p_, reduced_susceptance(bp, ang_, n_p_), linear_solver) &&
                factor(lu_q_, reduced_susceptance(bpp, q_index, n_q_), linear_solver);
    const auto n = static_cast<std::size_t>(y.n);
    vr_.resize(n);
    vi_.resize(n);
    s_re_.resize(n);
    s_im_.resize(n);
    dp_.resize(static_cast<std::size_t>(n_p_));
    dq_.resize(static_cast<std::size_t>(n_q_));
  }

  const BusClasses& classes() const override { return classes_; }

  KernelOutcome solve(std::span<const double> p_sched, std::span<const double> q_sched,
                      std::span<double> vm, std::span<double> va,
                      const KernelLimits& limits) override;

 private:
  static bool factor(std::unique_ptr<linalg::SparseLu>& lu, const linalg::CscMatrix& m,
                     std::string_view linear_solver) {
    if (m.n_rows == 0) return true;
    lu = linalg::make_sparse_lu(linear_solver);
    lu->analyze(m);
    return lu->factor(m.values) == linalg::FactorStatus::kOk;
  }
  double mismatch(std::span<const double> p_sched, std::span<const double> q_sched,
                  std::span<const double> vm);

  const Ybus& y_;
  BusClasses classes_;
  std::vector<std::int32_t> ang_, mag_;
  std::int32_t n_p_ = 0, n_q_ = 0;
  bool factored_ = false;
  std::unique_ptr<linalg::SparseLu> lu_p_, lu_q_;
  std::vector<double> vr_, vi_, s_re_, s_im_, dp_, dq_;
};

// dp_ = ΔP/Vm over (pv, pq), dq_ = ΔQ/Vm over pq; returns the larger ∞-norm (NaN if any is).
double FdpfKernel::mismatch(std::span<const double> p_sched, std::span<const double> q_sched,
                            std::span<const double> vm) {
  injected_power(y_, vr_, vi_, s_re_, s_im_);
  double norm = 0.0;
  bool finite = true;
  for (std::int32_t i = 0; i < y_.n; ++i) {
    if (ang_[i] < 0) continue;
    const double dp = (s_re_[i] - p_sched[i]) / vm[i];
    dp_[ang_[i]] = dp;
    norm = std::max(norm, std::abs(dp));
    finite = finite && std::isfinite(dp);
    if (mag_[i] >= 0) {
      const double dq = (s_im_[i] - q_sched[i]) / vm[i];
      dq_[mag_[i] - n_p_] = dq;
      norm = std::max(norm, std::abs(dq));
      finite = finite && std::isfinite(dq);
    }
  }
  return finite ? norm : std::numeric_limits<double>::quiet_NaN();
}

KernelOutcome FdpfKernel::solve(std::span<const double> p_sched, std::span<const double> q_sched,
                                std::span<double> vm, std::span<double> va,
                                const KernelLimits& limits) {
  KernelOutcome out;
  polar_to_cartesian(vm, va, vr_, vi_, true);
  double norm = mismatch(p_sched, q_sched, vm);
  if (!factored_ && !(norm < limits.tol_pu)) {
    out.status = IslandStatus::kSingular;
    out.max_mismatch_pu = norm;
    return out;
  }
  while (!(norm < limits.tol_pu) && std::isfinite(norm) && out.iterations < limits.max_iter) {
    ++out.iterations;
    if (n_p_ > 0) lu_p_->solve(dp_);
    for (auto i : classes_.pv) va[i] -= dp_[ang_[i]];
    for (auto i : classes_.pq) va[i] -= dp_[ang_[i]];
    polar_to_cartesian(vm, va, vr_, vi_, false);
    norm = mismatch(p_sched, q_sched, vm);
    if (norm < limits.tol_pu || !std::isfinite(norm)) break;
    if (n_q_ > 0) lu_q_->solve(dq_);
    for (auto i : classes_.pq) vm[i] -= dq_[mag_[i] - n_p_];
    polar_to_cartesian(vm, va, vr_, vi_, false);
    norm = mismatch(p_sched, q_sched, vm);
  }
  out.max_mismatch_pu = norm;
  out.status = final_status(norm, limits);
  return out;
}

}  // namespace

std::unique_ptr<IslandKernel> make_fdpf_kernel(const Ybus& y, const Ybus& b_prime,
                                               const Ybus& b_double_prime, BusClasses classes,
                                               std::string_view linear_solver) {
  return std::make_unique<FdpfKernel>(y, b_prime, b_double_prime, std::move(classes),
                                      linear_solver);
}

}  // namespace gat::pf::detail
