// Newton–Raphson in polar form on the 2x2 block form of the Jacobian, factored by BlockLu2.
//
// Every non-reference bus i has the unknown pair (Va_i, Vm_i) and the equation pair
// (ΔP_i, ΔQ_i); at a PV bus Vm_i is not an unknown, so its ΔQ_i row becomes Vm_i = 0 (an
// identity row, zero right-hand side) and its Vm_i column is zero elsewhere. The Newton step
// is then exactly MATPOWER's newtonpf step, on a block pattern equal to Ybus's (without
// reference buses), with the same derivatives as newton_kernel.cpp:
//
//   block (i, k) = [ ∂P_i/∂Va_k  ∂P_i/∂Vm_k ]  = [  Im t_ik   Re t_ik / |V_k| ]   (k ≠ i)
//                  [ ∂Q_i/∂Va_k  ∂Q_i/∂Vm_k ]    [ −Re t_ik   Im t_ik / |V_k| ]
//
// plus the S_i terms on the diagonal, t_ik = V_i conj(Y_ik V_k). A diagonal block that turns
// out (near-)singular hands the solve to the KLU kernel, from the same start.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "gat/linalg/block_lu.hpp"
#include "pf/ac_kernel.hpp"

namespace gat::pf::detail {

namespace {

class BlockNewtonKernel final : public IslandKernel {
 public:
  BlockNewtonKernel(const Ybus& y, BusClasses classes, std::string_view fallback_solver)
      : y_(y), classes_(std::move(classes)), fallback_solver_(fallback_solver) {
    const auto n = static_cast<std::size_t>(y.n);
    block_.assign(n, -1);
    pq_.assign(n, 0.0);
    for (auto i : classes_.pq) pq_[i] = 1.0;
    std::vector<std::uint8_t> unknown(n, 0);
    for (auto i : classes_.pv) unknown[i] = 1;
    for (auto i : classes_.pq) unknown[i] = 1;
    for (std::size_t i = 0; i < n; ++i) {
      if (unknown[i]) block_[i] = n_blocks_++;
    }
    build_pattern();
    lu_.analyze(n_blocks_, col_ptr_, row_idx_);
    vr_.resize(n);
    vi_.resize(n);
    s_re_.resize(n);
    s_im_.resize(n);
    vm0_.resize(n);
    va0_.resize(n);
    rhs_.resize(2 * static_cast<std::size_t>(n_blocks_));
  }

  const BusClasses& classes() const override { return classes_; }

  KernelOutcome solve(std::span<const double> p_sched, std::span<const double> q_sched,
                      std::span<double> vm, std::span<double> va,
                      const KernelLimits& limits) override;

 private:
  void build_pattern();
  double evaluate(std::span<const double> p_sched, std::span<const double> q_sched,
                  std::span<const double> vm);
  KernelOutcome fall_back(std::span<const double> p_sched, std::span<const double> q_sched,
                          std::span<double> vm, std::span<double> va, const KernelLimits& limits);

  const Ybus& y_;
  BusClasses classes_;
  std::string fallback_solver_;
  std::int32_t n_blocks_ = 0;
  std::vector<std::int32_t> block_;  // bus -> block row/column, −1 for reference buses
  std::vector<double> pq_;           // 1 at PQ buses, 0 elsewhere: masks the ΔQ rows, Vm columns
  std::vector<std::int32_t> col_ptr_, row_idx_;  // block pattern
  std::vector<std::int32_t> slot_;  // Ybus entry -> block, or the dummy block past the end
  std::vector<double> values_;      // 4 per block, row-major, + the dummy
  linalg::BlockLu2 lu_;
  std::unique_ptr<IslandKernel> fallback_;
  bool use_fallback_ = false;
  std::vector<double> vr_, vi_, s_re_, s_im_, rhs_, vm0_, va0_;
};

// The block pattern is Ybus's without reference rows and columns; block_ is monotone, so
// Ybus's column order carries over and every Ybus entry maps to one block.
void BlockNewtonKernel::build_pattern() {
  col_ptr_.assign(1, 0);
  row_idx_.clear();
  slot_.assign(y_.nnz(), -1);
  for (std::int32_t k = 0; k < y_.n; ++k) {
    if (block_[k] < 0) continue;
    for (auto p = y_.col_ptr[k]; p < y_.col_ptr[k + 1]; ++p) {
      const auto b = block_[y_.row_idx[p]];
      if (b < 0) continue;
      slot_[p] = static_cast<std::int32_t>(row_idx_.size());
      row_idx_.push_back(b);
    }
    col_ptr_.push_back(static_cast<std::int32_t>(row_idx_.size()));
  }
  const auto dummy = static_cast<std::int32_t>(row_idx_.size());
  for (auto& s : slot_) {
    if (s < 0) s = dummy;
  }
  values_.assign(4 * (row_idx_.size() + 1), 0.0);
}

double BlockNewtonKernel::evaluate(std::span<const double> p_sched, std::span<const double> q_sched,
                                   std::span<const double> vm) {
  std::fill(s_re_.begin(), s_re_.end(), 0.0);
  std::fill(s_im_.begin(), s_im_.end(), 0.0);
  double* values = values_.data();
  const double* g = y_.g.data();
  const double* b = y_.b.data();
  const double* pq = pq_.data();
  for (std::int32_t k = 0; k < y_.n; ++k) {
    const double vrk = vr_[k], vik = vi_[k], dvm = pq[k] / vm[k];  // ∂/∂Vm_k, 0 unless PQ
    for (auto p = y_.col_ptr[k]; p < y_.col_ptr[k + 1]; ++p) {
      const auto i = y_.row_idx[p];
      const double yr = g[p] * vrk - b[p] * vik;  // Y_ik V_k
      const double yi = g[p] * vik + b[p] * vrk;
      const double tr = vr_[i] * yr + vi_[i] * yi;  // t_ik = V_i conj(Y_ik V_k)
      const double ti = vi_[i] * yr - vr_[i] * yi;
      s_re_[i] += tr;
      s_im_[i] += ti;
      double* v = values + 4 * static_cast<std::size_t>(slot_[p]);
      v[0] = ti;
      v[1] = tr * dvm;
      v[2] = -tr * pq[i];
      v[3] = ti * dvm * pq[i];
    }
  }
  double norm = 0.0;
  bool finite = true;
  for (std::int32_t i = 0; i < y_.n; ++i) {
    const auto blk = block_[i];
    if (blk < 0) continue;
    double* v = values + 4 * static_cast<std::size_t>(slot_[y_.diag[i]]);
    const double inv_vm = 1.0 / vm[i];
    v[0] -= s_im_[i];
    v[1] += s_re_[i] * inv_vm * pq[i];
    v[2] += s_re_[i] * pq[i];
    v[3] = pq[i] != 0.0 ? v[3] + s_im_[i] * inv_vm : 1.0;
    const double dp = s_re_[i] - p_sched[i];
    const double dq = (s_im_[i] - q_sched[i]) * pq[i];
    rhs_[2 * static_cast<std::size_t>(blk)] = dp;
    rhs_[2 * static_cast<std::size_t>(blk) + 1] = dq;
    norm = std::max({norm, std::abs(dp), std::abs(dq)});
    finite = finite && std::isfinite(dp) && std::isfinite(dq);
  }
  return finite ? norm : std::numeric_limits<double>::quiet_NaN();
}

KernelOutcome BlockNewtonKernel::fall_back(std::span<const double> p_sched,
                                           std::span<const double> q_sched, std::span<double> vm,
                                           std::span<double> va, const KernelLimits& limits) {
  use_fallback_ = true;
  if (!fallback_) fallback_ = make_klu_newton_kernel(y_, classes_, fallback_solver_);
  return fallback_->solve(p_sched, q_sched, vm, va, limits);
}

KernelOutcome BlockNewtonKernel::solve(std::span<const double> p_sched,
                                       std::span<const double> q_sched, std::span<double> vm,
                                       std::span<double> va, const KernelLimits& limits) {
  if (use_fallback_) return fallback_->solve(p_sched, q_sched, vm, va, limits);
  std::copy(vm.begin(), vm.end(), vm0_.begin());
  std::copy(va.begin(), va.end(), va0_.begin());
  KernelOutcome out;
  polar_to_cartesian(vm, va, vr_, vi_, true);
  double norm = evaluate(p_sched, q_sched, vm);
  const auto values = std::span<const double>(values_.data(), values_.size() - 4);
  while (!(norm < limits.tol_pu) && std::isfinite(norm) && out.iterations < limits.max_iter) {
    ++out.iterations;
    if (!lu_.factor(values)) {
      std::copy(vm0_.begin(), vm0_.end(), vm.begin());
      std::copy(va0_.begin(), va0_.end(), va.begin());
      return fall_back(p_sched, q_sched, vm, va, limits);
    }
    lu_.solve(rhs_);
    // x ← x − J⁻¹F; the Vm part of a PV bus is zero.
    for (std::int32_t i = 0; i < y_.n; ++i) {
      const auto blk = block_[i];
      if (blk < 0) continue;
      va[i] -= rhs_[2 * static_cast<std::size_t>(blk)];
      vm[i] -= rhs_[2 * static_cast<std::size_t>(blk) + 1] * pq_[i];
    }
    polar_to_cartesian(vm, va, vr_, vi_, true);
    norm = evaluate(p_sched, q_sched, vm);
  }
  out.max_mismatch_pu = norm;
  out.status = final_status(norm, limits);
  return out;
}

}  // namespace

std::unique_ptr<IslandKernel> make_newton_kernel(const Ybus& y, BusClasses classes,
                                                 std::string_view linear_solver) {
  if (linear_solver == "block") {
    return std::make_unique<BlockNewtonKernel>(y, std::move(classes), "klu");
  }
  return make_klu_newton_kernel(y, std::move(classes), linear_solver);
}

}  // namespace gat::pf::detail
