#include "opf/opf_report.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "opf/opf_scope.hpp"

namespace gat::opf::detail {

namespace {
constexpr double kDegPerRad = 180.0 / std::numbers::pi;
constexpr double kPriceFloor = 1e-9;  // multipliers below this are solver noise
}  // namespace

void add_if_binding(std::vector<BindingConstraint>& out, BindingConstraint c, double mu,
                    double tolerance) {
  if (std::isnan(c.value) || !std::isfinite(c.limit)) return;
  const bool at_limit = std::abs(c.value - c.limit) <= tolerance * std::max(1.0, std::abs(c.limit));
  const bool priced = !std::isnan(mu) && mu > kPriceFloor;
  if (!at_limit && !priced) return;
  c.shadow_price = std::isnan(mu) ? 0.0 : mu;
  out.push_back(c);
}

void sort_binding(std::vector<BindingConstraint>& out) {
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.shadow_price > b.shadow_price; });
}

std::vector<BindingConstraint> binding_constraints(const core::Network& net, const DcOpfResult& r,
                                                   double tol) {
  using Kind = BindingConstraint::Kind;
  std::vector<BindingConstraint> out;
  const double base = net.base_mva;
  const auto& br = net.branches;
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (std::isnan(r.mu_sf[k])) continue;  // not in the model
    const auto e = static_cast<std::int32_t>(k);
    if (has_flow_limit(net, k)) {
      const double pf = r.pf_pu[k] * base, rate = br.rate_a_pu[k] * base;
      add_if_binding(out, {Kind::kBranchFlow, e, 1, pf, rate, 0}, r.mu_sf[k], tol);
      add_if_binding(out, {Kind::kBranchFlow, e, -1, pf, -rate, 0}, r.mu_st[k], tol);
    }
    const auto lim = angle_limit(net, k);
    if (lim.active) {
      const double d = (r.va_rad[br.from_bus[k]] - r.va_rad[br.to_bus[k]]) * kDegPerRad;
      add_if_binding(out, {Kind::kBranchAngle, e, 1, d, lim.upper_rad * kDegPerRad, 0},
                     r.mu_angmax[k], tol);
      add_if_binding(out, {Kind::kBranchAngle, e, -1, d, lim.lower_rad * kDegPerRad, 0},
                     r.mu_angmin[k], tol);
    }
  }
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    if (std::isnan(r.mu_pmax[g])) continue;
    const auto e = static_cast<std::int32_t>(g);
    const double p = r.pg_pu[g] * base;
    add_if_binding(out, {Kind::kGenP, e, 1, p, net.gens.pmax_pu[g] * base, 0}, r.mu_pmax[g], tol);
    add_if_binding(out, {Kind::kGenP, e, -1, p, net.gens.pmin_pu[g] * base, 0}, r.mu_pmin[g], tol);
  }
  sort_binding(out);
  return out;
}

}  // namespace gat::opf::detail
