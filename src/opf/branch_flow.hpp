// Power at one end of a π-model branch and its first and second derivatives, the building
// block of the polar AC-OPF (bus balances and flow limits are sums and squares of these).
//
// MATPOWER's branch model: series admittance y_s = 1/(r + jx), charging b, complex ratio
// τ = t·e^{jφ} at the from end:
//   Y_tt = y_s + j b/2,  Y_ff = Y_tt / |τ|²,  Y_ft = −y_s / τ*,  Y_tf = −y_s / τ.
// At end i (other end j), with θ = θ_i − θ_j, Y_ii = G_d + j B_d, Y_ij = G + j B:
//   P = V_i² G_d + V_i V_j (G cos θ + B sin θ)
//   Q = −V_i² B_d + V_i V_j (G sin θ − B cos θ)
// Derivatives are with respect to the local variables (θ_i, θ_j, V_i, V_j), in that order.
#pragma once

#include <array>
#include <complex>

#include "gat/core/network.hpp"

namespace gat::opf::detail {

struct BranchAdmittance {
  std::complex<double> ff, ft, tf, tt;
};

BranchAdmittance branch_admittance(const core::BranchTable& br, std::size_t k);

using Vec4 = std::array<double, 4>;
using Mat4 = std::array<Vec4, 4>;  // symmetric; only what callers read is meaningful

struct EndFlow {
  double p = 0, q = 0;
  Vec4 dp{}, dq{};
  Mat4 hp{}, hq{};
};

enum class Order { kValue, kGradient, kHessian };

// Power into the branch at end i.
EndFlow end_flow(double vi, double vj, double theta_ij, std::complex<double> yii,
                 std::complex<double> yij, Order order);

}  // namespace gat::opf::detail
