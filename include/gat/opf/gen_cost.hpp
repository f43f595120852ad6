// Generator cost curves as the OPFs use them, normalized the way MATPOWER's opf_setup does:
//   - polynomial rows lose leading zero coefficients (a "cubic" 0·P³ + b·P² + ... is quadratic);
//   - a piecewise-linear row with two points is the straight line through them (a polynomial);
//   - a piecewise-linear row of n ≥ 3 points enters the OPF as an epigraph variable
//     y ≥ m_k (P − x_k) + y_k for every segment k (MATPOWER's CCV formulation): exact for convex
//     data; for non-convex data it charges the convex envelope, exactly as MATPOWER does.
// Units are MATPOWER's: P in MW (or Q in MVAr), cost in $/h.
#pragma once

#include <cstdint>
#include <vector>

#include "gat/core/network.hpp"

namespace gat::opf {

struct GenCost {
  enum class Kind : std::uint8_t { kNone, kPolynomial, kPiecewiseLinear };
  Kind kind = Kind::kNone;
  std::vector<double> poly;  // ascending: cost = Σ poly[k] · P^k
  std::vector<double> x_mw;  // piecewise linear: breakpoints (x_mw[i], y[i])
  std::vector<double> y;

  std::size_t degree() const { return poly.empty() ? 0 : poly.size() - 1; }
  std::size_t n_segments() const { return x_mw.size() < 2 ? 0 : x_mw.size() - 1; }
  // Slope of segment k in $/MWh.
  double slope(std::size_t k) const { return (y[k + 1] - y[k]) / (x_mw[k + 1] - x_mw[k]); }
};

struct GenCosts {
  std::vector<GenCost> p;  // one per generator
  std::vector<GenCost> q;  // one per generator, or empty when the case gives no reactive costs
};

// Throws ModelError naming the generator for an invalid row (unknown model, non-increasing
// breakpoints); an empty cost table gives Kind::kNone.
GenCosts prepare_gen_costs(const core::Network& net);

// Cost in $/h at p (MW or MVAr): the polynomial, or the piecewise-linear curve extended
// beyond its ends by its first and last segments (what the epigraph formulation charges).
double evaluate(const GenCost& cost, double p);
// d cost / dp and d² cost / dp² for a polynomial (0 for piecewise linear).
double derivative(const GenCost& cost, double p);
double second_derivative(const GenCost& cost, double p);

}  // namespace gat::opf
