// The plain-data problems a study hands an accelerator (accel/device.hpp), and what comes back.
// Spans point into the caller's memory and must outlive the call. Branch flows on B' follow
// sens/dc_model.hpp; the arithmetic of every f64 result repeats the CPU path's operation for
// operation (fused multiply-adds where the CPU's AVX2 path has them), so f64 results are the
// CPU's to the bit, up to the sign of zeros.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gat::linalg {
class FactoredSolver;
}

namespace gat::accel {

// f64: every value in double. f32: single precision throughout (faster; violations near a
// limit may differ from f64). auto: screen in f32 with a margin that provably covers the f32
// rounding, then re-check every candidate in f64, so that results equal the f64 results.
enum class Precision : std::uint8_t { kAuto, kF32, kF64 };
// "auto" | "f32" | "f64"; throws UsageError otherwise.
Precision parse_precision(std::string_view name);
std::string_view to_string(Precision precision);

// Sparse right-hand sides on a factored B'_r and the branch flows they cause:
//   X = B'_r⁻¹ R,  column j of R has entries value[2j + e] at factored position pos[2j + e]
//   (e = 0, 1; pos −1: none), already scaled as FactoredSolver::rhs_scale says;
//   out(r, j) = b[r] (X(from[r], j) − X(to[r], j)),  from/to = solution positions, or
//   FactoredSolver::size() for a grounded end (reads 0).
struct BranchRows {
  std::span<const double> b;
  std::span<const std::int32_t> from;
  std::span<const std::int32_t> to;
  std::size_t size() const { return b.size(); }
};

struct BranchFlowProblem {
  const linalg::FactoredSolver* factors = nullptr;
  std::size_t n_cols = 0;
  std::span<const std::int32_t> rhs_pos;  // 2 per column
  std::span<const double> rhs_value;      // 2 per column
  BranchRows rows;
  // Optional, one row per column: diagonal[j] = b_j (X(from_j, j) − X(to_j, j)) (the φ of an
  // outaged branch for the LODF).
  BranchRows diagonal;
  Precision precision = Precision::kF64;  // f32 solves in single precision; auto means f64
  // out is rows.size() × n_cols, column-major (out[j * rows + r]), as sens::DenseMatrix.
};

// Fused N-1 DC screening of single-branch outages over hours (contingency/dc_screen.hpp).
// The device computes the hours' base flows from the injections, the LODF columns of the
// outages from B', and checks |P_h,l + LODF(l, k) P_h,k| > limit_l for every monitored l,
// outage column k and hour h, keeping only violations.
struct DcScreenProblem {
  const linalg::FactoredSolver* factors = nullptr;
  // Base flows: B'_r θ = P_h − P_shift − B'(:, ref) θ_ref, as DcModel::flows.
  std::size_t n_buses = 0;
  std::size_t n_hours = 0;
  std::span<const double> p_bus;              // n_buses per hour, hour after hour (p.u.)
  std::span<const std::int32_t> unknown_bus;  // per unknown of B'_r: its bus
  std::span<const double> rhs_constant;       // per unknown: −P_shift − B'(:, ref) θ_ref
  // Branch data for flows P = b (θ_f − θ_t − shift), an end at a grounded bus reads its
  // fixed angle: from_angle/to_angle are used where from/to (solution positions) are −1.
  struct FlowRows {
    std::span<const double> b, shift_rad, from_angle, to_angle;
    std::span<const std::int32_t> from, to;
    std::size_t size() const { return b.size(); }
  };
  FlowRows monitored;             // one row per monitored branch
  FlowRows outaged;               // one row per outage column (the outaged branch)
  std::span<const double> limit;  // per monitored: threshold · rate (p.u.)
  std::span<const double> rate;   // per monitored: loading = |post| / rate
  // Outage columns: RHS of the transfer across the branch (as BranchFlowProblem, 2 entries),
  // its own row for φ = ψ_k(k) (b, solution positions), and its row among the monitored
  // (−1 when not monitored), where LODF(k, k) = −1.
  std::span<const std::int32_t> rhs_pos;
  std::span<const double> rhs_value;
  BranchRows own;
  std::span<const std::int32_t> own_monitored;
  Precision precision = Precision::kAuto;
  std::size_t top_k = 0;  // worst outages kept per (monitored, hour) in the same pass; 0: none
  bool prune = true;
  std::size_t max_violations = 0;  // 0: no cap; else stop with `truncated` beyond it
};

struct DcScreenOutput {
  struct Hit {
    std::int32_t column;     // outage column
    std::int32_t monitored;  // monitored row
    std::int32_t hour;
    std::int32_t pad = 0;
    double pre;   // base flow
    double post;  // post-contingency flow
  };
  std::vector<Hit> violations;  // by (hour, column, monitored) when `sorted`
  bool sorted = false;
  // Per (monitored, hour) with at least one violation: the top_k worst columns, worst first,
  // ties by lower column, in (hour, monitored) order. Filled (has_top) when 0 < top_k ≤ 16
  // and the outage columns fit the device in one block.
  struct Top {
    std::int32_t monitored, hour, rank, column;
    double post;
  };
  std::vector<Top> top;
  bool has_top = false;
  std::vector<std::uint8_t> islanding;  // per column: |1 − φ| < 1e-10 (numerically a bridge)
  bool truncated = false;
  struct Stats {
    std::uint64_t pairs_total = 0;    // monitored × columns (per hour chunk)
    std::uint64_t pairs_checked = 0;  // (monitored, column) pairs through the hour loop
    std::uint64_t checks = 0;         // (monitored, column, hour) triples evaluated
    std::uint64_t candidates = 0;     // auto: f32 hits re-checked in f64
    std::uint64_t bytes_moved = 0;    // device memory traffic of the screen kernels (counted)
    std::size_t hour_chunks = 0;
    double seconds_upload = 0, seconds_flows = 0, seconds_lodf = 0, seconds_plan = 0,
           seconds_screen = 0, seconds_recheck = 0, seconds_order = 0, seconds_download = 0;
  } stats;
};

// Batched AC power mismatch on one Ybus (pf/mismatch.hpp):
//   ΔS_s = V_s ∘ conj(Ybus V_s) − S_s  for every scenario s.
struct MismatchProblem {
  std::int32_t n_buses = 0;
  // Ybus by rows (CSR): columns ascending within each row.
  std::span<const std::int32_t> row_ptr, col_idx;
  std::span<const double> g, b;
  std::size_t n_scenarios = 0;
  // Voltages in rectangular form, n_buses per scenario (scenario after scenario), or n_buses
  // for one state shared by every scenario.
  std::span<const double> vr, vi;
  std::span<const double> p_sched, q_sched;  // n_buses per scenario (p.u.)
  std::span<const std::uint8_t> p_check;     // per bus: ΔP counts for the worst (non-REF)
  std::span<const std::uint8_t> q_check;     // per bus: ΔQ counts for the worst (PQ buses)
  Precision precision = Precision::kF64;     // auto means f64
  bool keep_mismatch = false;                // return ΔP, ΔQ per bus and scenario
};

struct MismatchOutput {
  std::vector<double> max_dp, max_dq;  // per scenario: max |ΔP|, |ΔQ| over the checked buses
  std::vector<std::int32_t> worst_p_bus, worst_q_bus;  // −1 when no bus is checked
  std::vector<double> dp, dq;                          // n_buses per scenario when keep_mismatch
  double seconds = 0;
};

// Capacity check for adequacy screening (adequacy/capacity.hpp): unit u is available in
// (scenario s, hour h) when its Philox draw U(seed; s, h, u) ≥ FOR_u; capacity is the sum of
// the available units' ratings, in unit order; shortfall = max(0, load_h − capacity).
struct CapacityProblem {
  std::uint64_t seed = 0;
  std::size_t n_scenarios = 0;
  std::size_t first_scenario = 0;  // scenario numbers continue across chunks
  std::span<const double> unit_mw;
  std::span<const double> unit_for;  // forced outage rate, [0, 1]
  std::span<const double> load_mw;   // per hour
  bool keep_shortfall = false;       // return shortfall_mw
};

struct CapacityOutput {
  std::vector<double> shortfall_mw;  // n_scenarios × hours, scenario-major (keep_shortfall)
  std::vector<std::int32_t> scenario_lol_hours;
  std::vector<double> scenario_unserved_mwh;
  std::vector<std::int32_t> hour_lol_count;  // scenarios short in the hour
  std::vector<double> hour_unserved_mwh;     // summed over scenarios, in scenario order
  double seconds = 0;
};

}  // namespace gat::accel
