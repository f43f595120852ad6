// The DC network model every sensitivity shares: B' of the energized, in-service network with
// each island's reference bus grounded, factored once.
//
//   B' θ = P − P_shift,   B'_ii = Σ b_k (k incident to i),   B'_ij = −Σ b_k (k joining i, j),
//   P_f,k = b_k (θ_f − θ_t − φ_k),   b_k = 1 / (x_k τ_k)                  (MATPOWER makeBdc)
//
// Grounding: the rows and columns of the reference buses are removed and their angles fixed,
// which makes the reduced matrix B'_r non-singular in every island, so one factorization
// covers the whole network. A unit injection at a non-reference bus is then withdrawn at its
// island's reference bus: B'_r⁻¹ e_j gives PTDF column j for the reference-bus slack
// (MATPOWER makePTDF's default), and B'_r⁻¹ (e_f − e_t) the flows of a unit transfer across
// branch k, from which LODF column k follows (see lodf.hpp).
//
// Every REF bus of an island is grounded, as the DC power flow fixes every REF bus's angle,
// so that sensitivities and power flows describe the same model. Islands without an
// in-service generator are not energized: their buses and branches take no part.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"
#include "gat/linalg/lu_factors.hpp"
#include "gat/linalg/sparse_matrix.hpp"

namespace gat::sens {

// Dense, column-major.
struct DenseMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;

  DenseMatrix() = default;
  DenseMatrix(std::size_t r, std::size_t c) : rows(r), cols(c), values(r * c, 0.0) {}
  double& operator()(std::size_t i, std::size_t j) { return values[i + j * rows]; }
  double operator()(std::size_t i, std::size_t j) const { return values[i + j * rows]; }
  std::span<double> col(std::size_t j) { return {values.data() + j * rows, rows}; }
  std::span<const double> col(std::size_t j) const { return {values.data() + j * rows, rows}; }
};

class DcModel {
 public:
  // Throws ModelError when an active branch has zero reactance (B' is undefined) and
  // gat::Error when B'_r is singular.
  DcModel(const core::Network& net, const core::Topology& topo, std::string linear_solver = "klu");

  std::size_t n_buses() const { return unknown_.size(); }
  std::size_t n_branches() const { return b_.size(); }
  std::int32_t n_unknowns() const { return n_unknowns_; }

  // Carries flow: in service, both ends in an energized island.
  bool active(std::size_t k) const { return active_[k] != 0; }
  std::span<const std::uint8_t> active_mask() const { return active_; }
  // b_k = 1 / (x_k τ_k) for active branches, 0 otherwise.
  std::span<const double> susceptance() const { return b_; }
  // 1 when the branch's outage splits its island (core/bridges.hpp).
  std::span<const std::uint8_t> bridges() const { return bridge_; }
  // Row of bus i in B'_r; −1 for reference buses and buses outside energized islands.
  std::int32_t unknown(std::size_t bus) const { return unknown_[bus]; }
  bool energized(std::size_t bus) const { return energized_[bus] != 0; }
  std::int32_t from_bus(std::size_t k) const { return from_[k]; }
  std::int32_t to_bus(std::size_t k) const { return to_[k]; }
  std::span<const std::int32_t> from_buses() const { return from_; }
  std::span<const std::int32_t> to_buses() const { return to_; }
  // Island of each bus (core::Topology), −1 for isolated buses.
  std::span<const std::int32_t> bus_island() const { return island_; }
  const std::vector<std::int32_t>& reference_buses() const { return reference_buses_; }

  // The factorization every solve uses, and where branch ends are read in its solution:
  // factored-solution position of the from/to angle of branch k (n_unknowns for a grounded
  // end, whose angle is ground_angle()), for back ends that repeat the solves (gpu/).
  const linalg::FactoredSolver& factored() const { return *factored_; }
  std::int32_t from_row(std::size_t k) const { return from_row_[k]; }
  std::int32_t to_row(std::size_t k) const { return to_row_[k]; }
  // The fixed angle of a reference bus (0 elsewhere).
  double ground_angle(std::size_t bus) const { return ground_angle_rad_[bus]; }
  std::span<const double> shift_rad() const { return shift_rad_; }
  // The constant part of the flows' right-hand side, per unknown: −P_shift − B'(:, ref) θ_ref.
  std::vector<double> flow_rhs_constant() const;

  // Branch flows (p.u., from end; 0 for inactive branches) for n_cases sets of bus injections
  // p_bus (p.u., n_buses per case, column-major), reference angles as in the case:
  //   B'_r θ = P − P_shift − B'(:, ref) θ_ref.   Returns n_branches × n_cases.
  // parallel = false keeps to the calling thread (no oneTBB workers started: a process that
  // forks afterwards without joining them first needs that).
  DenseMatrix flows(std::span<const double> p_bus, std::size_t n_cases, bool parallel = true) const;

  // Fills p (n_buses per case, m cases) with the bus injections of cases [first, first + m).
  using InjectionFill = std::function<void(std::size_t first, std::size_t m, std::span<double> p)>;
  // The same flows, branch after branch: values[k * n_cases + c] (a branch's cases
  // contiguous), the injections asked of `fill` a block of cases at a time, so that they are
  // never all held. Each value is written once, by the thread that solves its block: no pass
  // zeroes the matrix first.
  struct BranchFlows {
    struct Free {
      void operator()(double* p) const;
    };
    std::size_t n_branches = 0, n_cases = 0;
    std::unique_ptr<double[], Free> values;  // on huge pages where the kernel has them
    const double* row(std::size_t k) const { return values.get() + k * n_cases; }
  };
  BranchFlows flows_by_branch(std::size_t n_cases, const InjectionFill& fill) const;

  // Solves B'_r X = RHS for blocks of right-hand sides on the model's one factorization
  // (linalg::FactoredSolver, shared by threads). A Solver holds one thread's buffers: use one
  // per thread.
  class Solver {
   public:
    explicit Solver(const DcModel& model);
    // Column j of the result: flows on `rows` (branch indices) per unit injected at bus[j] and
    // withdrawn at its island's reference. Written row-major: out[r * stride + j].
    void bus_injections(std::span<const std::int32_t> buses, std::span<const std::int32_t> rows,
                        std::span<double> out, std::size_t stride);
    // Column j: flows on `rows` per unit transferred from the from bus to the to bus of
    // branch[j] (the column ψ_k of PTDF · (e_f − e_t)). Written row-major as above.
    void branch_transfers(std::span<const std::int32_t> branches,
                          std::span<const std::int32_t> rows, std::span<double> out,
                          std::size_t stride);
    // Column j: flows on `rows` for the bus injections p_bus[j * n_buses + i] (each
    // withdrawn at the reference of the bus's island). Written row-major as above.
    void injections(std::span<const double> p_bus, std::size_t n_cols,
                    std::span<const std::int32_t> rows, std::span<double> out, std::size_t stride);

   private:
    void solve_and_gather(std::size_t n_cols, std::span<const std::int32_t> rows,
                          std::span<double> out, std::size_t stride);

    // Zeroed (n_unknowns + 1) × n_cols interleaved buffer; the last row stays 0 and stands
    // for a grounded bus.
    double* clear(std::size_t n_cols);
    void add(std::int32_t unknown, std::size_t col, std::size_t n_cols, double value);

    const DcModel& model_;
    std::vector<double> x_;
  };

 private:
  friend class Solver;
  // Solves the cases in blocks, in parallel or not, and hands store(k, c0, flows) the flows
  // of branch k in cases c0, c0 + 1, ... (up to 16 at a time), from several threads at once
  // (each k once per block); streaming stores are fenced.
  template <typename Store>
  void solve_flows(std::size_t n_cases, const InjectionFill& fill, const Store& store,
                   bool parallel) const;

  std::string linear_solver_;
  std::vector<std::uint8_t> active_;
  std::vector<double> b_;
  std::vector<double> shift_rad_;
  std::vector<std::int32_t> from_, to_;
  // Row of each end's angle in the factored solution, n_unknowns if grounded.
  std::vector<std::int32_t> from_row_, to_row_;
  std::vector<std::uint8_t> bridge_;
  std::vector<std::int32_t> island_;
  std::vector<std::uint8_t> energized_;
  std::vector<std::int32_t> unknown_;
  std::vector<double> ground_angle_rad_;  // per bus: the fixed angle of a reference bus
  std::vector<std::int32_t> reference_buses_;
  std::int32_t n_unknowns_ = 0;
  linalg::CscMatrix b_reduced_;
  std::shared_ptr<const linalg::FactoredSolver> factored_;
};

}  // namespace gat::sens
