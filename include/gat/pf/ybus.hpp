// The bus admittance matrix, as MATPOWER's makeYbus builds it.
//
// Each in-service branch k from f to t is a pi model with series admittance y_s = 1/(r + jx),
// total charging b and an ideal transformer of complex ratio τ = ratio·e^{jφ} at the from end
// (ratio 1 for lines):
//
//   [I_f]   [ Y_ff  Y_ft ] [V_f]      Y_ff = (y_s + jb/2) / |τ|²    Y_ft = −y_s / conj(τ)
//   [I_t] = [ Y_tf  Y_tt ] [V_t]      Y_tf = −y_s / τ               Y_tt =  y_s + jb/2
//
// and each bus shunt adds (G + jB) at 1 p.u. to its diagonal. Only branches with both ends in
// an island (Topology) take part, as MATPOWER's ext2int drops the others.
//
// Variants of the same construction give the fast-decoupled matrices B' and B'' (makeB).
#pragma once

#include <cstdint>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"

namespace gat::pf {

// Per-branch 2x2 admittances, split into real and imaginary parts; zero for branches that do
// not take part. Used for branch flows: S_f = V_f conj(Y_ff V_f + Y_ft V_t), likewise S_t.
struct BranchAdmittance {
  std::vector<double> ff_re, ff_im, ft_re, ft_im, tf_re, tf_im, tt_re, tt_im;
};

// Ybus in compressed sparse column form with split real (g) and imaginary (b) parts. Every
// bus has a diagonal entry (possibly zero) so that a Jacobian pattern built on Ybus always
// holds its diagonal. Row indices are sorted within each column.
struct Ybus {
  std::int32_t n = 0;
  std::vector<std::int32_t> col_ptr;
  std::vector<std::int32_t> row_idx;
  std::vector<double> g;
  std::vector<double> b;
  std::vector<std::int32_t> diag;  // position of (i, i) in row_idx/g/b
  BranchAdmittance branch;         // empty unless requested

  std::size_t nnz() const { return row_idx.size(); }
};

// Which parts of the model to keep; the defaults give Ybus itself. makeB's variants:
//   B' (XB):  no shunts, no charging, unit taps, no resistance
//   B' (BX):  no shunts, no charging, unit taps
//   B'' (XB): no phase shifts
//   B'' (BX): no phase shifts, no resistance
struct YbusModel {
  bool bus_shunts = true;
  bool line_charging = true;
  bool tap_ratios = true;
  bool phase_shifts = true;
  bool resistance = true;
  bool keep_branch_admittance = true;
};

Ybus build_ybus(const core::Network& net, const core::Topology& topo, const YbusModel& model = {});

}  // namespace gat::pf
