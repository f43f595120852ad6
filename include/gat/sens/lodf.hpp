// Line outage distribution factors: the change of every branch flow per unit of pre-outage
// flow on an outaged branch.
//
//   ψ_k = PTDF (e_f − e_t)       flows of a unit transfer across branch k (f → t),
//   φ_k = ψ_k(k)                 the share of that transfer branch k carries itself,
//   LODF(:, k) = ψ_k / (1 − φ_k),   LODF(k, k) = −1,
//   post-outage flows  P' = P + LODF(:, k) · P_k.
//
// Several simultaneous outages S (N-2 and beyond), the compensation form of the same idea:
//   LODF_S = Ψ_S (I − Φ_SS)⁻¹,  Φ_SS = Ψ_S(S, ·),   P' = P + LODF_S · P_S,   LODF_S(S, ·) = −I.
//
// Bridges: when branch k is the only path between two parts of its island, φ_k = 1 and the
// formula has no meaning (MATPOWER's makeLODF yields ±Inf or NaN there, or NaN when asked to
// mask bridges). gat finds bridges exactly, on the graph (core/bridges.hpp), flags them as
// islanding outages and returns a column of zeros with −1 on the diagonal: finite, never used
// as a flow change. A set S islands when removing it disconnects its island.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "gat/accel/device.hpp"
#include "gat/sens/dc_model.hpp"

namespace gat::sens {

struct LodfColumns {
  DenseMatrix lodf;                     // rows.size() × outages.size()
  std::vector<std::uint8_t> islanding;  // per outage: a bridge (or not active)
};

// LODF(rows, outages), from one block solve per group of outages (threads: oneTBB), or from
// the device's solves when one is given (f64: the CPU's values to the bit).
LodfColumns lodf_columns(const DcModel& model, std::span<const std::int32_t> outages,
                         std::span<const std::int32_t> rows, accel::Device* device = nullptr,
                         accel::Precision precision = accel::Precision::kF64);

// The full LODF (n_branches × n_branches). Columns of inactive branches are 0. Dense: only
// when asked for.
LodfColumns lodf(const DcModel& model, accel::Device* device = nullptr,
                 accel::Precision precision = accel::Precision::kF64);

// Solves (I − Φ) X = Ψᵀ for a multi-outage: given Ψ(rows, S) row-major (stride m) and
// Φ = Ψ(S, S) (m × m, row-major), overwrites psi with LODF_S. Rows of the outaged branches
// themselves are left to the caller (LODF_S(S, ·) = −I). Returns false when I − Φ is
// singular to working precision (the set islands).
bool multi_outage_lodf(std::span<double> psi, std::size_t n_rows, std::span<const double> phi,
                       std::size_t m);

}  // namespace gat::sens
