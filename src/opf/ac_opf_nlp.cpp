#include "opf/ac_opf_nlp.hpp"

#include <algorithm>
#include <cmath>

#include "gat/core/error.hpp"
#include "gat/linalg/sparse_matrix.hpp"

namespace gat::opf::detail {

namespace {

// The to end's local order (θ_t, θ_f, V_t, V_f) in the from end's (θ_f, θ_t, V_f, V_t).
constexpr std::array<int, 4> kSwap = {1, 0, 3, 2};

EndFlow swap_ends(const EndFlow& e) {
  EndFlow out;
  out.p = e.p;
  out.q = e.q;
  for (int a = 0; a < 4; ++a) {
    out.dp[kSwap[a]] = e.dp[a];
    out.dq[kSwap[a]] = e.dq[a];
    for (int b = 0; b < 4; ++b) {
      out.hp[kSwap[a]][kSwap[b]] = e.hp[a][b];
      out.hq[kSwap[a]][kSwap[b]] = e.hq[a][b];
    }
  }
  return out;
}

// ∇²(P² + Q²) = 2 (∇P ∇Pᵀ + ∇Q ∇Qᵀ + P ∇²P + Q ∇²Q)
double squared_flow_hessian(const EndFlow& e, int a, int b) {
  return 2.0 * (e.dp[a] * e.dp[b] + e.dq[a] * e.dq[b] + e.p * e.hp[a][b] + e.q * e.hq[a][b]);
}

// A compressed pattern from triplets added in a fixed order, remembering each one's slot.
class Pattern {
 public:
  Pattern(std::int32_t rows, std::int32_t cols) : t_(rows, cols) {}
  void add(std::int32_t r, std::int32_t c) { t_.add(r, c, 0.0); }
  void add_lower(std::int32_t r, std::int32_t c) { t_.add(std::max(r, c), std::min(r, c), 0.0); }
  void finish(std::vector<std::int32_t>& rows, std::vector<std::int32_t>& cols,
              std::vector<std::int32_t>& slot) {
    const auto m = t_.compress(&slot);
    rows.assign(m.row_idx.begin(), m.row_idx.end());
    cols.resize(m.nnz());
    for (std::int32_t c = 0; c < m.n_cols; ++c) {
      for (auto p = m.col_ptr[c]; p < m.col_ptr[c + 1]; ++p) cols[p] = c;
    }
  }

 private:
  linalg::TripletBuilder t_;
};

}  // namespace

AcOpfNlp::AcOpfNlp(const core::Network& net, AcLayout layout, const GenCosts& costs)
    : net_(net),
      lay_(std::move(layout)),
      costs_(costs),
      x0_(static_cast<std::size_t>(lay_.n), 0.0) {
  const auto& s = lay_.scope;
  const auto& br = net.branches;
  std::vector<std::int32_t> rated_pos(s.branches.size(), -1);
  for (std::size_t r = 0; r < lay_.rated.size(); ++r)
    rated_pos[lay_.rated[r]] = static_cast<std::int32_t>(r);
  for (std::size_t a = 0; a < s.branches.size(); ++a) {
    const auto k = static_cast<std::size_t>(s.branches[a]);
    if (br.r_pu[k] == 0.0 && br.x_pu[k] == 0.0)
      throw ModelError(net.describe_branch(k), "has zero impedance: the AC model is undefined");
    Branch b;
    b.f = s.bus_pos[br.from_bus[k]];
    b.t = s.bus_pos[br.to_bus[k]];
    b.y = branch_admittance(br, k);
    b.rated = rated_pos[a];
    b.var = {lay_.va0 + b.f, lay_.va0 + b.t, lay_.vm0 + b.f, lay_.vm0 + b.t};
    branches_.push_back(b);
  }
  const auto inj = bus_injections(net);
  for (auto bus : s.buses) {
    pd_.push_back(inj.pd[bus]);
    qd_.push_back(inj.qd[bus]);
    gs_.push_back(inj.gs[bus]);
    bs_.push_back(inj.bs[bus]);
  }
  for (auto g : s.gens) {
    gen_bus_.push_back(s.bus_pos[net.gens.bus[g]]);
    gen_index_.push_back(g);
  }
  build_patterns();
}

void AcOpfNlp::build_patterns() {
  Pattern jac(lay_.m, lay_.n);
  for (const auto& b : branches_) {
    for (auto row : {lay_.p0 + b.f, lay_.q0 + b.f, lay_.p0 + b.t, lay_.q0 + b.t})
      for (auto v : b.var) jac.add(row, v);
  }
  for (std::int32_t i = 0; i < lay_.nb; ++i) {
    jac.add(lay_.p0 + i, lay_.va0 + i);
    jac.add(lay_.p0 + i, lay_.vm0 + i);
    jac.add(lay_.q0 + i, lay_.va0 + i);
    jac.add(lay_.q0 + i, lay_.vm0 + i);
  }
  for (std::int32_t j = 0; j < lay_.ng; ++j) {
    jac.add(lay_.p0 + gen_bus_[j], lay_.pg0 + j);
    jac.add(lay_.q0 + gen_bus_[j], lay_.qg0 + j);
  }
  for (const auto& b : branches_) {
    if (b.rated < 0) continue;
    for (auto v : b.var) jac.add(lay_.sf0 + b.rated, v);
    for (auto v : b.var) jac.add(lay_.st0 + b.rated, v);
  }
  for (std::size_t r = 0; r < lay_.linear.size(); ++r) {
    for (const auto& [v, coef] : lay_.linear[r].terms)
      jac.add(lay_.lin0 + static_cast<std::int32_t>(r), v);
  }
  jac.finish(jac_rows_, jac_cols_, jac_slot_);

  Pattern hess(lay_.n, lay_.n);
  for (const auto& b : branches_) {
    for (int a = 0; a < 4; ++a)
      for (int c = 0; c <= a; ++c) hess.add_lower(b.var[a], b.var[c]);
  }
  for (std::int32_t i = 0; i < lay_.nb; ++i) {
    hess.add_lower(lay_.va0 + i, lay_.va0 + i);
    hess.add_lower(lay_.vm0 + i, lay_.vm0 + i);
  }
  for (std::int32_t j = 0; j < lay_.ng; ++j) {
    hess.add_lower(lay_.pg0 + j, lay_.pg0 + j);
    hess.add_lower(lay_.qg0 + j, lay_.qg0 + j);
  }
  hess.finish(hess_rows_, hess_cols_, hess_slot_);
}

std::pair<EndFlow, EndFlow> AcOpfNlp::flows(const Branch& b, std::span<const double> x,
                                            Order order) const {
  const double tf = x[b.var[0]], tt = x[b.var[1]], vf = x[b.var[2]], vt = x[b.var[3]];
  EndFlow from = end_flow(vf, vt, tf - tt, b.y.ff, b.y.ft, order);
  EndFlow to = end_flow(vt, vf, tt - tf, b.y.tt, b.y.tf, order);
  if (order != Order::kValue) to = swap_ends(to);
  return {from, to};
}

AcOpfNlp::Flows AcOpfNlp::branch_flows(std::span<const double> x) const {
  Flows out;
  for (const auto& b : branches_) {
    const auto [from, to] = flows(b, x, Order::kValue);
    out.pf.push_back(from.p);
    out.qf.push_back(from.q);
    out.pt.push_back(to.p);
    out.qt.push_back(to.q);
  }
  return out;
}

NlpSizes AcOpfNlp::sizes() const {
  return {lay_.n, lay_.m, static_cast<std::int64_t>(jac_rows_.size()),
          static_cast<std::int64_t>(hess_rows_.size())};
}

void AcOpfNlp::bounds(std::span<double> x_l, std::span<double> x_u, std::span<double> g_l,
                      std::span<double> g_u) const {
  const auto& s = lay_.scope;
  const auto& gt = net_.gens;
  std::fill(x_l.begin(), x_l.end(), -kInf);
  std::fill(x_u.begin(), x_u.end(), kInf);
  for (auto r : s.ref_buses) {
    x_l[lay_.va0 + s.bus_pos[r]] = x_u[lay_.va0 + s.bus_pos[r]] = net_.buses.va_rad[r];
  }
  for (std::int32_t i = 0; i < lay_.nb; ++i) {
    x_l[lay_.vm0 + i] = net_.buses.vmin_pu[s.buses[i]];
    x_u[lay_.vm0 + i] = net_.buses.vmax_pu[s.buses[i]];
  }
  for (std::int32_t j = 0; j < lay_.ng; ++j) {
    const auto g = gen_index_[j];
    x_l[lay_.pg0 + j] = gt.pmin_pu[g];
    x_u[lay_.pg0 + j] = gt.pmax_pu[g];
    x_l[lay_.qg0 + j] = gt.qmin_pu[g];
    x_u[lay_.qg0 + j] = gt.qmax_pu[g];
  }
  std::fill(g_l.begin(), g_l.begin() + lay_.sf0, 0.0);
  std::fill(g_u.begin(), g_u.begin() + lay_.sf0, 0.0);
  for (const auto& b : branches_) {
    if (b.rated < 0) continue;
    const double rate = net_.branches.rate_a_pu[lay_.scope.branches[lay_.rated[b.rated]]];
    g_l[lay_.sf0 + b.rated] = g_l[lay_.st0 + b.rated] = -kInf;
    g_u[lay_.sf0 + b.rated] = g_u[lay_.st0 + b.rated] = rate * rate;
  }
  for (std::size_t r = 0; r < lay_.linear.size(); ++r) {
    g_l[lay_.lin0 + r] = lay_.linear[r].lower;
    g_u[lay_.lin0 + r] = lay_.linear[r].upper;
  }
}

void AcOpfNlp::starting_point(std::span<double> x) const {
  std::copy(x0_.begin(), x0_.end(), x.begin());
}

double AcOpfNlp::objective(std::span<const double> x) {
  const double base = net_.base_mva;
  double f = 0.0;
  for (std::int32_t j = 0; j < lay_.ng; ++j) {
    const auto g = gen_index_[j];
    if (costs_.p[g].kind == GenCost::Kind::kPolynomial)
      f += evaluate(costs_.p[g], x[lay_.pg0 + j] * base);
    if (!costs_.q.empty() && costs_.q[g].kind == GenCost::Kind::kPolynomial)
      f += evaluate(costs_.q[g], x[lay_.qg0 + j] * base);
  }
  for (auto i = lay_.y0; i < lay_.n; ++i) f += x[i];
  return f;
}

void AcOpfNlp::gradient(std::span<const double> x, std::span<double> grad) {
  const double base = net_.base_mva;
  std::fill(grad.begin(), grad.end(), 0.0);
  for (std::int32_t j = 0; j < lay_.ng; ++j) {
    const auto g = gen_index_[j];
    if (costs_.p[g].kind == GenCost::Kind::kPolynomial)
      grad[lay_.pg0 + j] = base * derivative(costs_.p[g], x[lay_.pg0 + j] * base);
    if (!costs_.q.empty() && costs_.q[g].kind == GenCost::Kind::kPolynomial)
      grad[lay_.qg0 + j] = base * derivative(costs_.q[g], x[lay_.qg0 + j] * base);
  }
  for (auto i = lay_.y0; i < lay_.n; ++i) grad[i] = 1.0;
}

void AcOpfNlp::constraints(std::span<const double> x, std::span<double> g) {
  for (std::int32_t i = 0; i < lay_.nb; ++i) {
    const double v2 = x[lay_.vm0 + i] * x[lay_.vm0 + i];
    g[lay_.p0 + i] = pd_[i] + v2 * gs_[i];
    g[lay_.q0 + i] = qd_[i] - v2 * bs_[i];
  }
  for (std::int32_t j = 0; j < lay_.ng; ++j) {
    g[lay_.p0 + gen_bus_[j]] -= x[lay_.pg0 + j];
    g[lay_.q0 + gen_bus_[j]] -= x[lay_.qg0 + j];
  }
  for (const auto& b : branches_) {
    const auto [from, to] = flows(b, x, Order::kValue);
    g[lay_.p0 + b.f] += from.p;
    g[lay_.q0 + b.f] += from.q;
    g[lay_.p0 + b.t] += to.p;
    g[lay_.q0 + b.t] += to.q;
    if (b.rated >= 0) {
      g[lay_.sf0 + b.rated] = from.p * from.p + from.q * from.q;
      g[lay_.st0 + b.rated] = to.p * to.p + to.q * to.q;
    }
  }
  for (std::size_t r = 0; r < lay_.linear.size(); ++r) {
    double v = 0.0;
    for (const auto& [var, coef] : lay_.linear[r].terms) v += coef * x[var];
    g[lay_.lin0 + r] = v;
  }
}

// Values in the order build_patterns() added the entries, summed through jac_slot_.
void AcOpfNlp::jacobian_values(std::span<const double> x, std::span<double> values) {
  std::fill(values.begin(), values.end(), 0.0);
  std::size_t e = 0;
  auto put = [&](double v) { values[jac_slot_[e++]] += v; };
  for (const auto& b : branches_) {
    const auto [from, to] = flows(b, x, Order::kGradient);
    for (const auto* d : {&from.dp, &from.dq, &to.dp, &to.dq})
      for (int a = 0; a < 4; ++a) put((*d)[a]);
  }
  for (std::int32_t i = 0; i < lay_.nb; ++i) {
    const double v = x[lay_.vm0 + i];
    put(0.0);
    put(2.0 * v * gs_[i]);
    put(0.0);
    put(-2.0 * v * bs_[i]);
  }
  for (std::int32_t j = 0; j < lay_.ng; ++j) {
    put(-1.0);
    put(-1.0);
  }
  for (const auto& b : branches_) {
    if (b.rated < 0) continue;
    const auto [from, to] = flows(b, x, Order::kGradient);
    for (int a = 0; a < 4; ++a) put(2.0 * (from.p * from.dp[a] + from.q * from.dq[a]));
    for (int a = 0; a < 4; ++a) put(2.0 * (to.p * to.dp[a] + to.q * to.dq[a]));
  }
  for (const auto& row : lay_.linear) {
    for (const auto& [var, coef] : row.terms) put(coef);
  }
}

void AcOpfNlp::hessian_values(std::span<const double> x, double sigma,
                              std::span<const double> lambda, std::span<double> values) {
  std::fill(values.begin(), values.end(), 0.0);
  std::size_t e = 0;
  auto put = [&](double v) { values[hess_slot_[e++]] += v; };
  for (const auto& b : branches_) {
    const auto [from, to] = flows(b, x, Order::kHessian);
    const double lpf = lambda[lay_.p0 + b.f], lqf = lambda[lay_.q0 + b.f];
    const double lpt = lambda[lay_.p0 + b.t], lqt = lambda[lay_.q0 + b.t];
    const double msf = b.rated >= 0 ? lambda[lay_.sf0 + b.rated] : 0.0;
    const double mst = b.rated >= 0 ? lambda[lay_.st0 + b.rated] : 0.0;
    for (int a = 0; a < 4; ++a) {
      for (int c = 0; c <= a; ++c) {
        double h =
            lpf * from.hp[a][c] + lqf * from.hq[a][c] + lpt * to.hp[a][c] + lqt * to.hq[a][c];
        if (msf != 0.0) h += msf * squared_flow_hessian(from, a, c);
        if (mst != 0.0) h += mst * squared_flow_hessian(to, a, c);
        put(h);
      }
    }
  }
  for (std::int32_t i = 0; i < lay_.nb; ++i) {
    put(0.0);
    put(2.0 * (lambda[lay_.p0 + i] * gs_[i] - lambda[lay_.q0 + i] * bs_[i]));
  }
  const double base2 = net_.base_mva * net_.base_mva;
  for (std::int32_t j = 0; j < lay_.ng; ++j) {
    const auto g = gen_index_[j];
    const double pg = x[lay_.pg0 + j] * net_.base_mva, qg = x[lay_.qg0 + j] * net_.base_mva;
    put(sigma * base2 * second_derivative(costs_.p[g], pg));
    put(costs_.q.empty() ? 0.0 : sigma * base2 * second_derivative(costs_.q[g], qg));
  }
}

void AcOpfNlp::jacobian_structure(std::span<std::int32_t> rows,
                                  std::span<std::int32_t> cols) const {
  std::copy(jac_rows_.begin(), jac_rows_.end(), rows.begin());
  std::copy(jac_cols_.begin(), jac_cols_.end(), cols.begin());
}

void AcOpfNlp::hessian_structure(std::span<std::int32_t> rows, std::span<std::int32_t> cols) const {
  std::copy(hess_rows_.begin(), hess_rows_.end(), rows.begin());
  std::copy(hess_cols_.begin(), hess_cols_.end(), cols.begin());
}

}  // namespace gat::opf::detail
