#include "opf/dc_opf_model.hpp"

#include <cmath>
#include <string>

#include "gat/core/error.hpp"
#include "gat/linalg/sparse_matrix.hpp"

namespace gat::opf::detail {

namespace {

std::string gen_name(const core::Network& net, std::size_t g) {
  return "generator " + std::to_string(g + 1) + " (bus " +
         std::to_string(net.buses.id[net.gens.bus[g]]) + ")";
}

// Columns: θ, P_g, y. Fills bounds and costs.
void add_columns(const core::Network& net, const GenCosts& costs, DcOpfModel& m) {
  auto& lp = m.lp;
  const auto& s = m.scope;
  m.theta_col.assign(net.n_buses(), -1);
  m.pg_col.assign(net.n_gens(), -1);
  auto add = [&](double lo, double up, double c) {
    lp.col_lower.push_back(lo);
    lp.col_upper.push_back(up);
    lp.cost.push_back(c);
    return static_cast<std::int32_t>(lp.cost.size() - 1);
  };
  for (auto b : s.buses) m.theta_col[b] = add(-kInf, kInf, 0.0);
  for (auto r : s.ref_buses) {
    const auto c = m.theta_col[r];
    lp.col_lower[c] = lp.col_upper[c] = net.buses.va_rad[r];
  }
  const double base = net.base_mva;
  for (auto g : s.gens) {
    double linear = 0.0;
    const auto& cost = costs.p[g];
    if (cost.kind == GenCost::Kind::kPolynomial) {
      if (cost.degree() > 2)
        throw ModelError(gen_name(net, g),
                         "DC-OPF cannot use a polynomial cost of order " +
                             std::to_string(cost.degree()) +
                             " (MATPOWER's rundcopf refuses it too); use a quadratic or "
                             "piecewise-linear cost, or the AC-OPF");
      lp.offset += cost.poly[0];
      if (cost.poly.size() > 1) linear = cost.poly[1] * base;
    }
    m.pg_col[g] = add(net.gens.pmin_pu[g], net.gens.pmax_pu[g], linear);
  }
  for (auto g : s.gens) {
    if (costs.p[g].kind == GenCost::Kind::kPiecewiseLinear) {
      add(-kInf, kInf, 1.0);
      ++m.n_pwl;
    }
  }
}

// Quadratic terms: ½ Pᵀ Q P with Q_gg = 2 c₂ base².
void add_quadratic(const core::Network& net, const GenCosts& costs, DcOpfModel& m) {
  const auto n = m.lp.n_cols();
  linalg::TripletBuilder q(n, n);
  for (auto g : m.scope.gens) {
    const auto& cost = costs.p[g];
    if (cost.kind == GenCost::Kind::kPolynomial && cost.poly.size() == 3 && cost.poly[2] != 0.0)
      q.add(m.pg_col[g], m.pg_col[g], 2.0 * cost.poly[2] * net.base_mva * net.base_mva);
  }
  if (q.size() > 0) m.lp.q = q.compress();
}

class RowBuilder {
 public:
  explicit RowBuilder(DcOpfModel& m) : m_(m) {}
  std::int32_t add(double lo, double up) {
    m_.lp.row_lower.push_back(lo);
    m_.lp.row_upper.push_back(up);
    return static_cast<std::int32_t>(m_.lp.row_lower.size() - 1);
  }
  void entry(std::int32_t row, std::int32_t col, double v) {
    rows_.push_back(row);
    cols_.push_back(col);
    vals_.push_back(v);
  }
  void finish() {
    linalg::TripletBuilder t(m_.lp.n_rows(), m_.lp.n_cols());
    t.reserve(rows_.size());
    for (std::size_t i = 0; i < rows_.size(); ++i) t.add(rows_[i], cols_[i], vals_[i]);
    m_.lp.a = t.compress();
  }

 private:
  DcOpfModel& m_;
  std::vector<std::int32_t> rows_, cols_;
  std::vector<double> vals_;
};

void add_balance_rows(const core::Network& net, RowBuilder& rows, DcOpfModel& m) {
  const auto& br = net.branches;
  m.balance_row.assign(net.n_buses(), -1);
  for (auto b : m.scope.buses) m.balance_row[b] = rows.add(0.0, 0.0);
  const auto inj = bus_injections(net);
  m.balance_rhs_fixed.assign(m.scope.buses.size(), 0.0);
  for (auto b : m.scope.buses) m.balance_rhs_fixed[m.scope.bus_pos[b]] = -inj.gs[b];
  m.b_pu.assign(br.size(), 0.0);
  for (auto k : m.scope.branches) {
    if (br.x_pu[k] == 0.0)
      throw ModelError(net.describe_branch(static_cast<std::size_t>(k)),
                       "has zero reactance: the DC model is undefined");
    const double b = 1.0 / (br.x_pu[k] * br.tap_ratio[k]);
    m.b_pu[k] = b;
    const auto f = br.from_bus[k], t = br.to_bus[k];
    const auto rf = m.balance_row[f], rt = m.balance_row[t];
    const auto cf = m.theta_col[f], ct = m.theta_col[t];
    rows.entry(rf, cf, b);
    rows.entry(rf, ct, -b);
    rows.entry(rt, cf, -b);
    rows.entry(rt, ct, b);
    // P_shift: the phase shifter's injection b φ leaves the from bus and enters the to bus.
    m.balance_rhs_fixed[m.scope.bus_pos[f]] += b * br.shift_rad[k];
    m.balance_rhs_fixed[m.scope.bus_pos[t]] -= b * br.shift_rad[k];
  }
  for (auto g : m.scope.gens) rows.entry(m.balance_row[net.gens.bus[g]], m.pg_col[g], -1.0);
}

void add_branch_rows(const core::Network& net, RowBuilder& rows, DcOpfModel& m) {
  const auto& br = net.branches;
  m.flow_row.assign(br.size(), -1);
  m.angle_row.assign(br.size(), -1);
  for (auto k : m.scope.branches) {
    if (!has_flow_limit(net, static_cast<std::size_t>(k))) continue;
    const double b = m.b_pu[k], rate = br.rate_a_pu[k], shift = b * br.shift_rad[k];
    const auto r = rows.add(-rate + shift, rate + shift);
    m.flow_row[k] = r;
    rows.entry(r, m.theta_col[br.from_bus[k]], b);
    rows.entry(r, m.theta_col[br.to_bus[k]], -b);
  }
  for (auto k : m.scope.branches) {
    const auto lim = angle_limit(net, static_cast<std::size_t>(k));
    if (!lim.active) continue;
    const auto r = rows.add(lim.lower_rad, lim.upper_rad);
    m.angle_row[k] = r;
    rows.entry(r, m.theta_col[br.from_bus[k]], 1.0);
    rows.entry(r, m.theta_col[br.to_bus[k]], -1.0);
  }
}

// y_g ≥ m_s P_g − (m_s x_s − c_s):  m_s base P_g − y_g ≤ m_s x_s − c_s   (MATPOWER's makeAy)
void add_pwl_rows(const core::Network& net, const GenCosts& costs, RowBuilder& rows,
                  DcOpfModel& m) {
  auto y_col = static_cast<std::int32_t>(m.lp.n_cols() - m.n_pwl);
  for (auto g : m.scope.gens) {
    const auto& c = costs.p[g];
    if (c.kind != GenCost::Kind::kPiecewiseLinear) continue;
    for (std::size_t s = 0; s < c.n_segments(); ++s) {
      const double slope = c.slope(s);
      const auto r = rows.add(-kInf, slope * c.x_mw[s] - c.y[s]);
      rows.entry(r, m.pg_col[g], slope * net.base_mva);
      rows.entry(r, y_col, -1.0);
    }
    ++y_col;
  }
}

}  // namespace

DcOpfModel build_dc_opf_model(const core::Network& net, const core::Topology& topo,
                              const GenCosts& costs) {
  DcOpfModel m;
  m.scope = make_scope(net, topo);
  add_columns(net, costs, m);
  add_quadratic(net, costs, m);
  RowBuilder rows(m);
  add_balance_rows(net, rows, m);
  add_branch_rows(net, rows, m);
  add_pwl_rows(net, costs, rows, m);
  rows.finish();
  std::vector<double> rhs;
  balance_bounds(m, bus_injections(net).pd, rhs);
  for (std::size_t i = 0; i < m.scope.buses.size(); ++i) {
    const auto r = m.balance_row[m.scope.buses[i]];
    m.lp.row_lower[r] = m.lp.row_upper[r] = rhs[i];
  }
  return m;
}

void balance_bounds(const DcOpfModel& m, std::span<const double> pd_pu, std::vector<double>& rhs) {
  const auto& buses = m.scope.buses;
  rhs.resize(buses.size());
  for (std::size_t i = 0; i < buses.size(); ++i) rhs[i] = m.balance_rhs_fixed[i] - pd_pu[buses[i]];
}

}  // namespace gat::opf::detail
