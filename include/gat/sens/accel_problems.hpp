// The pieces of a DcModel an accelerator needs to repeat its solves (accel/problems.hpp):
// sparse right-hand sides in the factored ordering, scaled as DcModel::Solver scales them,
// and the rows that turn a solution into branch flows.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "gat/accel/problems.hpp"
#include "gat/sens/dc_model.hpp"

namespace gat::sens {

// Two (position, value) entries per column; position −1: none.
struct SparseColumns {
  std::vector<std::int32_t> pos;
  std::vector<double> value;
  std::size_t size() const { return pos.size() / 2; }
};

// A unit injection at each bus, withdrawn at its island's reference (PTDF columns).
SparseColumns injection_columns(const DcModel& model, std::span<const std::int32_t> buses);
// A unit transfer from the from bus to the to bus of each branch (ψ columns of the LODF).
SparseColumns transfer_columns(const DcModel& model, std::span<const std::int32_t> branches);

// b_k and the solution rows of each branch's ends (n_unknowns for a grounded end).
struct GatherRows {
  std::vector<double> b;
  std::vector<std::int32_t> from, to;
  accel::BranchRows view() const { return {b, from, to}; }
};
GatherRows gather_rows(const DcModel& model, std::span<const std::int32_t> branches);

}  // namespace gat::sens
