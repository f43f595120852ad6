// Small OPF cases built in code, in MATPOWER's units, so the OPF unit tests need no reader.
#pragma once

#include <initializer_list>
#include <numbers>
#include <vector>

#include "gat/core/network.hpp"
#include "support/small_network.hpp"

namespace gat::test {

// Appends a polynomial cost row (coefficients highest order first, $/h with P in MW).
inline void add_poly_cost(core::Network& net, std::initializer_list<double> coeffs) {
  auto& c = net.gen_costs;
  if (c.offset.empty()) c.offset.push_back(0);
  c.model.push_back(core::CostModel::kPolynomial);
  c.startup.push_back(0);
  c.shutdown.push_back(0);
  c.data.insert(c.data.end(), coeffs.begin(), coeffs.end());
  c.offset.push_back(c.data.size());
}

// Appends a piecewise-linear cost row: x1 y1 x2 y2 ... (MW, $/h).
inline void add_pwl_cost(core::Network& net, std::initializer_list<double> xy) {
  auto& c = net.gen_costs;
  if (c.offset.empty()) c.offset.push_back(0);
  c.model.push_back(core::CostModel::kPiecewiseLinear);
  c.startup.push_back(0);
  c.shutdown.push_back(0);
  c.data.insert(c.data.end(), xy.begin(), xy.end());
  c.offset.push_back(c.data.size());
}

inline void set_gen_limits(core::Network& net, std::size_t g, double pmin_mw, double pmax_mw,
                           double qmin_mvar, double qmax_mvar) {
  const double base = net.base_mva;
  net.gens.pmin_pu[g] = pmin_mw / base;
  net.gens.pmax_pu[g] = pmax_mw / base;
  net.gens.qmin_pu[g] = qmin_mvar / base;
  net.gens.qmax_pu[g] = qmax_mvar / base;
}

// MATPOWER's case9 (WSCC 9-bus), as in its data/case9.m.
inline core::Network case9() {
  using core::BusType;
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPV).bus(3, BusType::kPV).bus(4, BusType::kPQ);
  s.bus(5, BusType::kPQ, 90, 30).bus(6, BusType::kPQ).bus(7, BusType::kPQ, 100, 35);
  s.bus(8, BusType::kPQ).bus(9, BusType::kPQ, 125, 50);
  s.branch(1, 4, 0, 0.0576, 0, 250).branch(4, 5, 0.017, 0.092, 0.158, 250);
  s.branch(5, 6, 0.039, 0.17, 0.358, 150).branch(3, 6, 0, 0.0586, 0, 300);
  s.branch(6, 7, 0.0119, 0.1008, 0.209, 150).branch(7, 8, 0.0085, 0.072, 0.149, 250);
  s.branch(8, 2, 0, 0.0625, 0, 250).branch(8, 9, 0.032, 0.161, 0.306, 250);
  s.branch(9, 4, 0.01, 0.085, 0.176, 250);
  s.gen(1, 72.3, 250, true, 1.04).gen(2, 163, 300, true, 1.025).gen(3, 85, 270, true, 1.025);
  core::Network net = s.network();
  net.name = "case9";
  set_gen_limits(net, 0, 10, 250, -300, 300);
  set_gen_limits(net, 1, 10, 300, -300, 300);
  set_gen_limits(net, 2, 10, 270, -300, 300);
  add_poly_cost(net, {0.11, 5, 150});
  add_poly_cost(net, {0.085, 1.2, 600});
  add_poly_cost(net, {0.1225, 1, 335});
  return net;
}

}  // namespace gat::test
