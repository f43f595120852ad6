#include "gat/opf/gen_cost.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <string>

#include "gat/core/error.hpp"

namespace gat::opf {

namespace {

std::string gen_name(const core::Network& net, std::size_t g, bool reactive) {
  return std::string(reactive ? "reactive cost of " : "") + "generator " + std::to_string(g + 1) +
         " (bus " + std::to_string(net.buses.id[net.gens.bus[g]]) + ")";
}

GenCost polynomial(std::span<const double> highest_first) {
  GenCost c;
  c.kind = GenCost::Kind::kPolynomial;
  std::size_t first = 0;
  // MATPOWER drops leading zero coefficients while more than two remain.
  while (highest_first.size() - first > 2 && highest_first[first] == 0.0) ++first;
  c.poly.assign(highest_first.rbegin(), highest_first.rend() - static_cast<std::ptrdiff_t>(first));
  return c;
}

GenCost piecewise(const core::Network& net, std::size_t g, bool reactive,
                  std::span<const double> xy) {
  if (xy.size() % 2 != 0 || xy.size() < 4)
    throw ModelError(gen_name(net, g, reactive), "piecewise-linear cost needs at least 2 points");
  GenCost c;
  c.kind = GenCost::Kind::kPiecewiseLinear;
  for (std::size_t i = 0; i < xy.size(); i += 2) {
    c.x_mw.push_back(xy[i]);
    c.y.push_back(xy[i + 1]);
  }
  for (std::size_t k = 0; k + 1 < c.x_mw.size(); ++k) {
    if (!(c.x_mw[k + 1] > c.x_mw[k]))
      throw ModelError(gen_name(net, g, reactive),
                       "piecewise-linear cost breakpoints must increase strictly");
  }
  if (c.x_mw.size() == 2) {  // a line: m P + b, as MATPOWER's opf_setup rewrites it
    const double m = c.slope(0);
    GenCost line;
    line.kind = GenCost::Kind::kPolynomial;
    line.poly = {c.y[0] - m * c.x_mw[0], m};
    return line;
  }
  return c;
}

GenCost parse_row(const core::Network& net, std::size_t row, std::size_t g, bool reactive) {
  const auto& t = net.gen_costs;
  std::span<const double> data(t.data.data() + t.offset[row], t.count(row));
  switch (t.model[row]) {
    case core::CostModel::kPolynomial:
      if (data.empty()) return {};
      return polynomial(data);
    case core::CostModel::kPiecewiseLinear:
      return piecewise(net, g, reactive, data);
  }
  throw ModelError(gen_name(net, g, reactive), "unknown cost model");
}

}  // namespace

GenCosts prepare_gen_costs(const core::Network& net) {
  const auto ng = net.n_gens();
  const auto rows = net.gen_costs.size();
  if (rows != 0 && rows != ng && rows != 2 * ng)
    throw ModelError("gencost", "has " + std::to_string(rows) + " rows for " + std::to_string(ng) +
                                    " generators (need ng or 2·ng)");
  GenCosts out;
  out.p.resize(ng);
  if (rows == 0) return out;
  for (std::size_t g = 0; g < ng; ++g) out.p[g] = parse_row(net, g, g, false);
  if (rows == 2 * ng) {
    out.q.resize(ng);
    for (std::size_t g = 0; g < ng; ++g) out.q[g] = parse_row(net, ng + g, g, true);
  }
  return out;
}

double evaluate(const GenCost& c, double p) {
  switch (c.kind) {
    case GenCost::Kind::kNone:
      return 0.0;
    case GenCost::Kind::kPolynomial: {
      double v = 0.0;
      for (auto it = c.poly.rbegin(); it != c.poly.rend(); ++it) v = v * p + *it;
      return v;
    }
    case GenCost::Kind::kPiecewiseLinear: {
      // Convex: the maximum over the segments' lines.
      double v = -INFINITY;
      for (std::size_t k = 0; k < c.n_segments(); ++k)
        v = std::max(v, c.y[k] + c.slope(k) * (p - c.x_mw[k]));
      return v;
    }
  }
  return 0.0;
}

double derivative(const GenCost& c, double p) {
  if (c.kind != GenCost::Kind::kPolynomial) return 0.0;
  double v = 0.0;
  for (std::size_t k = c.poly.size(); k-- > 1;) v = v * p + static_cast<double>(k) * c.poly[k];
  return v;
}

double second_derivative(const GenCost& c, double p) {
  if (c.kind != GenCost::Kind::kPolynomial) return 0.0;
  double v = 0.0;
  for (std::size_t k = c.poly.size(); k-- > 2;)
    v = v * p + static_cast<double>(k * (k - 1)) * c.poly[k];
  return v;
}

}  // namespace gat::opf
