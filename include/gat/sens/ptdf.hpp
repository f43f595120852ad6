// Power transfer distribution factors: the change of every branch flow per unit of power
// injected at a bus and withdrawn at the slack.
//
//   PTDF = B_f · B'_r⁻¹   (reference-bus slack; columns of reference buses are 0),
//   B_f(k, ·) = b_k (e_f − e_t)ᵀ
//
// Another single slack bus s:   PTDF_s(:, j) = PTDF(:, j) − PTDF(:, s);
// distributed slack weights w:  PTDF_w(:, j) = PTDF(:, j) − PTDF · w / Σw,
// each within the island of s (or of the weighted buses), as MATPOWER's makePTDF does for a
// connected network. Columns are computed in blocks from one factorization (multiple
// right-hand sides), spread over threads with oneTBB.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "gat/accel/device.hpp"
#include "gat/sens/dc_model.hpp"

namespace gat::sens {

struct SlackSpec {
  std::optional<std::int32_t> bus;  // dense bus index of a single slack bus
  std::vector<double> weights;      // per bus: distributed slack (normalized per island)
};

// Columns `buses` of PTDF (all branches × buses.size()); out-of-service and non-energized
// branches give zero rows, buses outside energized islands zero columns. With a device, the
// reference-slack columns are solved there (f64: the CPU's values to the bit; f32: single
// precision, about 1e-6 relative).
DenseMatrix ptdf_columns(const DcModel& model, std::span<const std::int32_t> buses,
                         const SlackSpec& slack = {}, accel::Device* device = nullptr,
                         accel::Precision precision = accel::Precision::kF64);

// The full PTDF (n_branches × n_buses). Dense: only when asked for.
DenseMatrix ptdf(const DcModel& model, const SlackSpec& slack = {}, accel::Device* device = nullptr,
                 accel::Precision precision = accel::Precision::kF64);

}  // namespace gat::sens
