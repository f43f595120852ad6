#include "gat/pf/ybus.hpp"

#include <cmath>
#include <complex>

#include "gat/linalg/sparse_matrix.hpp"

namespace gat::pf {

namespace {

using Complex = std::complex<double>;

struct BranchBlock {
  Complex ff, ft, tf, tt;
};

// The 2x2 block of branch k under the model's simplifications (see ybus.hpp).
BranchBlock branch_block(const core::BranchTable& br, std::size_t k, const YbusModel& m) {
  const double r = m.resistance ? br.r_pu[k] : 0.0;
  const Complex ys = 1.0 / Complex(r, br.x_pu[k]);
  const double bc = m.line_charging ? br.b_pu[k] : 0.0;
  const double ratio = m.tap_ratios ? br.tap_ratio[k] : 1.0;
  const double shift = m.phase_shifts ? br.shift_rad[k] : 0.0;
  const Complex tap = std::polar(ratio, shift);
  const Complex ytt = ys + Complex(0.0, bc / 2.0);
  return {ytt / (ratio * ratio), -ys / std::conj(tap), -ys / tap, ytt};
}

}  // namespace

Ybus build_ybus(const core::Network& net, const core::Topology& topo, const YbusModel& model) {
  const auto nb = static_cast<std::int32_t>(net.n_buses());
  const auto& br = net.branches;
  const std::size_t nl = br.size();
  auto active = [&](std::size_t k) {
    return br.in_service[k] && topo.bus_island[br.from_bus[k]] >= 0 &&
           topo.bus_island[br.to_bus[k]] >= 0;
  };

  // Pattern: a diagonal for every bus, then the four entries of each active branch.
  linalg::TripletBuilder pattern(nb, nb);
  pattern.reserve(static_cast<std::size_t>(nb) + 4 * nl);
  for (std::int32_t i = 0; i < nb; ++i) pattern.add(i, i, 0.0);
  std::vector<std::size_t> active_branches;
  active_branches.reserve(nl);
  for (std::size_t k = 0; k < nl; ++k) {
    if (!active(k)) continue;
    active_branches.push_back(k);
    const auto f = br.from_bus[k], t = br.to_bus[k];
    pattern.add(f, f, 0.0);
    pattern.add(f, t, 0.0);
    pattern.add(t, f, 0.0);
    pattern.add(t, t, 0.0);
  }
  std::vector<std::int32_t> slot;
  auto csc = pattern.compress(&slot);

  Ybus y;
  y.n = nb;
  y.col_ptr = std::move(csc.col_ptr);
  y.row_idx = std::move(csc.row_idx);
  y.g.assign(y.row_idx.size(), 0.0);
  y.b.assign(y.row_idx.size(), 0.0);
  y.diag.resize(static_cast<std::size_t>(nb));
  for (std::int32_t i = 0; i < nb; ++i) y.diag[i] = slot[i];

  if (model.keep_branch_admittance) {
    for (auto* v : {&y.branch.ff_re, &y.branch.ff_im, &y.branch.ft_re, &y.branch.ft_im,
                    &y.branch.tf_re, &y.branch.tf_im, &y.branch.tt_re, &y.branch.tt_im}) {
      v->assign(nl, 0.0);
    }
  }
  auto add = [&](std::size_t s, Complex v) {
    y.g[slot[s]] += v.real();
    y.b[slot[s]] += v.imag();
  };
  std::size_t s = static_cast<std::size_t>(nb);
  for (auto k : active_branches) {
    const auto blk = branch_block(br, k, model);
    add(s++, blk.ff);
    add(s++, blk.ft);
    add(s++, blk.tf);
    add(s++, blk.tt);
    if (model.keep_branch_admittance) {
      auto& a = y.branch;
      a.ff_re[k] = blk.ff.real(), a.ff_im[k] = blk.ff.imag();
      a.ft_re[k] = blk.ft.real(), a.ft_im[k] = blk.ft.imag();
      a.tf_re[k] = blk.tf.real(), a.tf_im[k] = blk.tf.imag();
      a.tt_re[k] = blk.tt.real(), a.tt_im[k] = blk.tt.imag();
    }
  }

  if (model.bus_shunts) {
    const auto& sh = net.shunts;
    for (std::size_t j = 0; j < sh.size(); ++j) {
      const auto bus = sh.bus[j];
      if (!sh.in_service[j] || topo.bus_island[bus] < 0) continue;
      y.g[y.diag[bus]] += sh.g_pu[j];
      y.b[y.diag[bus]] += sh.b_pu[j];
    }
  }
  return y;
}

}  // namespace gat::pf
