#include "opf/branch_flow.hpp"

#include <cmath>

namespace gat::opf::detail {

BranchAdmittance branch_admittance(const core::BranchTable& br, std::size_t k) {
  using C = std::complex<double>;
  const C ys = 1.0 / C(br.r_pu[k], br.x_pu[k]);
  const C tau = std::polar(br.tap_ratio[k], br.shift_rad[k]);
  BranchAdmittance y;
  y.tt = ys + C(0.0, br.b_pu[k] / 2.0);
  y.ff = y.tt / std::norm(tau);
  y.ft = -ys / std::conj(tau);
  y.tf = -ys / tau;
  return y;
}

EndFlow end_flow(double vi, double vj, double theta_ij, std::complex<double> yii,
                 std::complex<double> yij, Order order) {
  const double gd = yii.real(), bd = yii.imag(), g = yij.real(), b = yij.imag();
  const double c = std::cos(theta_ij), s = std::sin(theta_ij);
  const double a = g * c + b * s;  // t = Vi Vj a
  const double e = g * s - b * c;  // u = Vi Vj e
  const double vv = vi * vj;
  const double t = vv * a, u = vv * e;
  EndFlow f;
  f.p = vi * vi * gd + t;
  f.q = -vi * vi * bd + u;
  if (order == Order::kValue) return f;
  f.dp = {-u, u, 2 * vi * gd + vj * a, vi * a};
  f.dq = {t, -t, -2 * vi * bd + vj * e, vi * e};
  if (order == Order::kGradient) return f;
  // Second derivatives; index 0 θi, 1 θj, 2 Vi, 3 Vj.
  auto& hp = f.hp;
  hp[0][0] = hp[1][1] = -t;
  hp[0][1] = hp[1][0] = t;
  hp[0][2] = hp[2][0] = -vj * e;
  hp[0][3] = hp[3][0] = -vi * e;
  hp[1][2] = hp[2][1] = vj * e;
  hp[1][3] = hp[3][1] = vi * e;
  hp[2][2] = 2 * gd;
  hp[2][3] = hp[3][2] = a;
  hp[3][3] = 0;
  auto& hq = f.hq;
  hq[0][0] = hq[1][1] = -u;
  hq[0][1] = hq[1][0] = u;
  hq[0][2] = hq[2][0] = vj * a;
  hq[0][3] = hq[3][0] = vi * a;
  hq[1][2] = hq[2][1] = -vj * a;
  hq[1][3] = hq[3][1] = -vi * a;
  hq[2][2] = -2 * bd;
  hq[2][3] = hq[3][2] = e;
  hq[3][3] = 0;
  return f;
}

}  // namespace gat::opf::detail
