// Variable and constraint layout of the polar AC-OPF, and its linear rows: angle limits,
// piecewise-linear cost epigraphs, generator capability curves (MATPOWER's makeApq, hasPQcap)
// and dispatchable loads' constant power factor (makeAvl).
#include <cmath>
#include <string>

#include "gat/core/error.hpp"
#include "opf/ac_opf_nlp.hpp"

namespace gat::opf::detail {

namespace {

std::string gen_name(const core::Network& net, std::size_t g) {
  return "generator " + std::to_string(g + 1) + " (bus " +
         std::to_string(net.buses.id[net.gens.bus[g]]) + ")";
}

void add_pwl_rows(const core::Network& net, const GenCosts& costs, AcLayout& lay) {
  for (std::size_t j = 0; j < lay.pwl.size(); ++j) {
    const auto [g, reactive] = lay.pwl[j];
    const auto& c = reactive ? costs.q[g] : costs.p[g];
    const auto var = (reactive ? lay.qg0 : lay.pg0) + lay.gen_pos[g];
    for (std::size_t s = 0; s < c.n_segments(); ++s) {
      const double slope = c.slope(s);
      lay.linear.push_back(
          {-kInf,
           slope * c.x_mw[s] - c.y[s],
           {{var, slope * net.base_mva}, {lay.y0 + static_cast<std::int32_t>(j), -1.0}}});
    }
  }
}

// MATPOWER's hasPQcap + makeApq for one generator: rows h·[P; Q] ≤ ub with ‖h‖ = 1.
void add_capability_rows(const core::Network& net, std::int32_t g, AcLayout& lay) {
  const auto& gt = net.gens;
  const double base = net.base_mva;
  const double pc1 = gt.pc1_mw[g], pc2 = gt.pc2_mw[g];
  if (pc1 == 0.0 && pc2 == 0.0) return;
  const double qmin = gt.qmin_pu[g] * base, qmax = gt.qmax_pu[g] * base;
  const double q1min = gt.qc1min_mvar[g], q1max = gt.qc1max_mvar[g];
  const double q2min = gt.qc2min_mvar[g], q2max = gt.qc2max_mvar[g];
  const bool trivial =
      qmin == qmax && qmin == q1max && qmin == q1min && qmin == q2max && qmin == q2min;
  if (!trivial && pc1 >= pc2)
    throw ModelError(gen_name(net, g), "capability curve needs Pc1 < Pc2");
  if (!trivial && q2max <= q2min && q1max <= q1min)
    throw ModelError(gen_name(net, g), "capability curve defines an empty set");
  if (pc1 == pc2) return;
  const double pmin = gt.pmin_pu[g] * base, pmax = gt.pmax_pu[g] * base, dp = pc2 - pc1;
  auto at = [&](double q1, double q2, double p) { return q1 + (p - pc1) * (q2 - q1) / dp; };
  const bool lower = at(q1min, q2min, pmin) > qmin || at(q1min, q2min, pmax) > qmin;
  const bool upper = at(q1max, q2max, pmin) < qmax || at(q1max, q2max, pmax) < qmax;
  const auto p_var = lay.pg0 + lay.gen_pos[g], q_var = lay.qg0 + lay.gen_pos[g];
  auto add = [&](double h0, double h1, double ub) {
    const double norm = std::hypot(h0, h1);
    lay.linear.push_back({-kInf, ub / norm / base, {{p_var, h0 / norm}, {q_var, h1 / norm}}});
    return static_cast<std::int32_t>(lay.linear.size() - 1);
  };
  if (upper) lay.pq_cap_row_hi[g] = add(q1max - q2max, dp, (q1max - q2max) * pc1 + dp * q1max);
  if (lower) lay.pq_cap_row_lo[g] = add(q2min - q1min, -dp, (q2min - q1min) * pc1 - dp * q1min);
}

// MATPOWER's makeAvl: a dispatchable load (P_min < 0 = P_max) with a Q limit keeps the power
// factor P_min : Q_lim.
void add_power_factor_row(const core::Network& net, std::int32_t g, AcLayout& lay) {
  const auto& gt = net.gens;
  const double qmin = gt.qmin_pu[g], qmax = gt.qmax_pu[g];
  if (!(gt.pmin_pu[g] < 0 && gt.pmax_pu[g] == 0) || (qmin == 0 && qmax == 0)) return;
  if (qmin != 0 && qmax != 0)
    throw ModelError(gen_name(net, g),
                     "dispatchable load: either Qmin or Qmax must be zero (MATPOWER's makeAvl)");
  const double qlim = qmin == 0 ? qmax : qmin;
  const double angle = std::atan2(qlim, gt.pmin_pu[g]);
  lay.linear.push_back({0.0,
                        0.0,
                        {{lay.pg0 + lay.gen_pos[g], std::sin(angle)},
                         {lay.qg0 + lay.gen_pos[g], -std::cos(angle)}}});
  lay.pf_row[g] = static_cast<std::int32_t>(lay.linear.size() - 1);
}

}  // namespace

AcLayout make_ac_layout(const core::Network& net, const core::Topology& topo,
                        const GenCosts& costs) {
  AcLayout lay;
  lay.scope = make_scope(net, topo);
  const auto& s = lay.scope;
  lay.nb = static_cast<std::int32_t>(s.buses.size());
  lay.ng = static_cast<std::int32_t>(s.gens.size());
  lay.gen_pos.assign(net.n_gens(), -1);
  for (std::size_t i = 0; i < s.gens.size(); ++i)
    lay.gen_pos[s.gens[i]] = static_cast<std::int32_t>(i);
  for (auto g : s.gens) {
    if (costs.p[g].kind == GenCost::Kind::kPiecewiseLinear) lay.pwl.emplace_back(g, false);
  }
  if (!costs.q.empty()) {
    for (auto g : s.gens) {
      if (costs.q[g].kind == GenCost::Kind::kPiecewiseLinear) lay.pwl.emplace_back(g, true);
    }
  }
  lay.va0 = 0;
  lay.vm0 = lay.nb;
  lay.pg0 = 2 * lay.nb;
  lay.qg0 = lay.pg0 + lay.ng;
  lay.y0 = lay.qg0 + lay.ng;
  lay.n = lay.y0 + static_cast<std::int32_t>(lay.pwl.size());

  for (std::size_t a = 0; a < s.branches.size(); ++a) {
    if (has_flow_limit(net, static_cast<std::size_t>(s.branches[a])))
      lay.rated.push_back(static_cast<std::int32_t>(a));
  }
  lay.angle_row.assign(net.n_branches(), -1);
  const auto& br = net.branches;
  for (auto k : s.branches) {
    const auto lim = angle_limit(net, static_cast<std::size_t>(k));
    if (!lim.active) continue;
    lay.angle_row[k] = static_cast<std::int32_t>(lay.linear.size());
    lay.linear.push_back(
        {lim.lower_rad,
         lim.upper_rad,
         {{lay.va0 + s.bus_pos[br.from_bus[k]], 1.0}, {lay.va0 + s.bus_pos[br.to_bus[k]], -1.0}}});
  }
  add_pwl_rows(net, costs, lay);
  lay.pq_cap_row_hi.assign(net.n_gens(), -1);
  lay.pq_cap_row_lo.assign(net.n_gens(), -1);
  lay.pf_row.assign(net.n_gens(), -1);
  for (auto g : s.gens) add_capability_rows(net, g, lay);
  for (auto g : s.gens) add_power_factor_row(net, g, lay);

  const auto nrated = static_cast<std::int32_t>(lay.rated.size());
  lay.p0 = 0;
  lay.q0 = lay.nb;
  lay.sf0 = 2 * lay.nb;
  lay.st0 = lay.sf0 + nrated;
  lay.lin0 = lay.st0 + nrated;
  lay.m = lay.lin0 + static_cast<std::int32_t>(lay.linear.size());
  return lay;
}

}  // namespace gat::opf::detail
