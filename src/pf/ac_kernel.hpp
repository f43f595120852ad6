// Private to src/pf: the pieces an AC power flow of one island is built from.
//
// An island's admittance matrix is taken out of the network's Ybus with local bus numbers
// 0..n-1; a classification of its buses into REF, PV and PQ fixes the unknowns
//   x = [Va(pv), Va(pq), Vm(pq)]
// and the equations
//   F(x) = [ΔP(pv), ΔP(pq), ΔQ(pq)],   ΔS = V ∘ conj(Y V) − S_sched
// exactly as MATPOWER's newtonpf orders them. An IslandKernel iterates on F from a start
// point until ‖F‖∞ < tol (Newton–Raphson or fast-decoupled).
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "gat/pf/island_status.hpp"
#include "gat/pf/ybus.hpp"

namespace gat::pf::detail {

// Y(buses, buses) renumbered 0..n-1 in the order of `buses` (ascending global indices, all in
// one island, so no entry leaves the set). local_of is scratch of size Y.n, left all −1.
Ybus island_block(const Ybus& y, std::span<const std::int32_t> buses,
                  std::vector<std::int32_t>& local_of);

// Local bus indices by role, each ascending.
struct BusClasses {
  std::vector<std::int32_t> ref, pv, pq;

  // Position of each bus's Va / Vm in x (−1 when not an unknown).
  void index(std::int32_t n, std::vector<std::int32_t>& ang, std::vector<std::int32_t>& mag) const;
  std::int32_t n_unknowns() const { return static_cast<std::int32_t>(pv.size() + 2 * pq.size()); }
  bool operator==(const BusClasses&) const = default;
};

// s = V ∘ conj(Y V), V = vm e^{j va} given as (vr, vi), over every bus of the block.
void injected_power(const Ybus& y, std::span<const double> vr, std::span<const double> vi,
                    std::span<double> s_re, std::span<double> s_im);

// vr, vi from vm, va. MATPOWER recomputes (Vm, Va) = (|V|, ∠V) after each update, so a
// negative magnitude flips the angle and angles stay in (−π, π]; `normalize` does the same.
void polar_to_cartesian(std::span<double> vm, std::span<double> va, std::span<double> vr,
                        std::span<double> vi, bool normalize);

struct KernelOutcome {
  IslandStatus status = IslandStatus::kSolved;
  int iterations = 0;
  double max_mismatch_pu = 0;
};

struct KernelLimits {
  double tol_pu = 1e-8;
  int max_iter = 10;
};

// How an island's iterations ended, from the final mismatch norm.
inline IslandStatus final_status(double norm, const KernelLimits& limits) {
  if (norm < limits.tol_pu) return IslandStatus::kSolved;
  return std::isfinite(norm) ? IslandStatus::kNotConverged : IslandStatus::kDiverged;
}

class IslandKernel {
 public:
  virtual ~IslandKernel() = default;
  // Iterates from (vm, va) in place; p_sched, q_sched are the scheduled injections per bus.
  virtual KernelOutcome solve(std::span<const double> p_sched, std::span<const double> q_sched,
                              std::span<double> vm, std::span<double> va,
                              const KernelLimits& limits) = 0;
  virtual const BusClasses& classes() const = 0;
};

// Newton–Raphson in polar form (MATPOWER newtonpf). linear_solver "block": the 2x2 block form
// of the Jacobian factored by linalg::BlockLu2, falling back to KLU on a singular diagonal
// block; any other name: the scalar Jacobian on that SparseLu back end ("klu").
std::unique_ptr<IslandKernel> make_newton_kernel(const Ybus& y, BusClasses classes,
                                                 std::string_view linear_solver);
std::unique_ptr<IslandKernel> make_klu_newton_kernel(const Ybus& y, BusClasses classes,
                                                     std::string_view linear_solver);

// Fast-decoupled (MATPOWER fdpf) with B' and B'' of the same island, factored once.
std::unique_ptr<IslandKernel> make_fdpf_kernel(const Ybus& y, const Ybus& b_prime,
                                               const Ybus& b_double_prime, BusClasses classes,
                                               std::string_view linear_solver);

}  // namespace gat::pf::detail
