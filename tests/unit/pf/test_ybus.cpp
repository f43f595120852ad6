// Ybus against admittances built by hand from the pi model (MATPOWER makeYbus conventions).
#include "gat/pf/ybus.hpp"

#include <gtest/gtest.h>

#include <complex>
#include <numbers>

#include "support/small_network.hpp"

using gat::core::BusType;
using gat::test::SmallNetwork;
using C = std::complex<double>;

namespace {

C entry(const gat::pf::Ybus& y, std::int32_t row, std::int32_t col) {
  for (auto p = y.col_ptr[col]; p < y.col_ptr[col + 1]; ++p) {
    if (y.row_idx[p] == row) return {y.g[p], y.b[p]};
  }
  return {0.0, 0.0};
}

void expect_near(C a, C b, double tol = 1e-12) {
  EXPECT_NEAR(a.real(), b.real(), tol);
  EXPECT_NEAR(a.imag(), b.imag(), tol);
}

}  // namespace

TEST(Ybus, TransformerWithPhaseShiftChargingAndShunts) {
  // Branch 1-2: r = 0.01, x = 0.1, b = 0.04, tap 1.05 at 10 degrees. Bus 2: Gs = 5 MW,
  // Bs = 20 MVAr at 100 MVA base -> 0.05 + j0.2 p.u.
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 0, 0, 5, 20);
  s.branch(1, 2, 0.01, 0.1, 0.04, 0, 1.05, 10).gen(1, 0);
  const auto& net = s.network();
  const auto y = gat::pf::build_ybus(net, gat::core::analyze_topology(net));

  const C ys = 1.0 / C(0.01, 0.1);
  const C tap = std::polar(1.05, 10 * std::numbers::pi / 180);
  const C ytt = ys + C(0, 0.02);
  const C yff = ytt / (1.05 * 1.05);
  const C yft = -ys / std::conj(tap);
  const C ytf = -ys / tap;
  ASSERT_EQ(y.n, 2);
  EXPECT_EQ(y.nnz(), 4u);
  expect_near(entry(y, 0, 0), yff);
  expect_near(entry(y, 0, 1), yft);
  expect_near(entry(y, 1, 0), ytf);
  expect_near(entry(y, 1, 1), ytt + C(0.05, 0.2));
  expect_near(C(y.branch.ff_re[0], y.branch.ff_im[0]), yff);
  expect_near(C(y.branch.ft_re[0], y.branch.ft_im[0]), yft);
  expect_near(C(y.branch.tf_re[0], y.branch.tf_im[0]), ytf);
  expect_near(C(y.branch.tt_re[0], y.branch.tt_im[0]), ytt);
  // The diagonal positions point at (i, i).
  EXPECT_EQ(y.row_idx[y.diag[0]], 0);
  EXPECT_EQ(y.row_idx[y.diag[1]], 1);
}

TEST(Ybus, ParallelBranchesAddAndOutOfServiceOrIsolatedOnesDoNot) {
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ).bus(3, BusType::kIsolated, 0, 0, 0, 50);
  s.branch(1, 2, 0, 0.2).branch(1, 2, 0, 0.2).branch(1, 2, 0, 0.1, 0, 0, 0, 0, false);
  s.branch(2, 3, 0, 0.1).gen(1, 0);
  const auto& net = s.network();
  const auto y = gat::pf::build_ybus(net, gat::core::analyze_topology(net));
  expect_near(entry(y, 0, 1), C(0, 10));  // two times −1/(j0.2)
  expect_near(entry(y, 1, 1), C(0, -10));
  expect_near(entry(y, 2, 2), C(0, 0));  // isolated bus: no branch, no shunt, but a diagonal
  EXPECT_EQ(y.branch.ff_im[2], 0.0);
  EXPECT_EQ(y.branch.ff_im[3], 0.0);
}

TEST(Ybus, FastDecoupledVariantsDropWhatMakeBDrops) {
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 0, 0, 0, 30);
  s.branch(1, 2, 0.02, 0.1, 0.1, 0, 1.1, 5).gen(1, 0);
  const auto& net = s.network();
  const auto topo = gat::core::analyze_topology(net);
  // XB B': no r, no shunts, no charging, unit tap (phase shift kept, but −imag of the
  // off-diagonal is then −cos(φ)/x).
  const auto bp = gat::pf::build_ybus(net, topo,
                                      {.bus_shunts = false,
                                       .line_charging = false,
                                       .tap_ratios = false,
                                       .resistance = false,
                                       .keep_branch_admittance = false});
  EXPECT_NEAR(-entry(bp, 1, 1).imag(), 10.0, 1e-12);
  EXPECT_NEAR(-entry(bp, 0, 1).imag(), -10.0 * std::cos(5 * std::numbers::pi / 180), 1e-12);
  EXPECT_TRUE(bp.branch.ff_re.empty());
  // XB B'': everything but the phase shift.
  const auto bpp = gat::pf::build_ybus(net, topo, {.phase_shifts = false});
  const C ys = 1.0 / C(0.02, 0.1);
  EXPECT_NEAR(entry(bpp, 0, 0).imag(), ((ys + C(0, 0.05)) / 1.21).imag(), 1e-12);
  EXPECT_NEAR(entry(bpp, 1, 1).imag(), (ys + C(0, 0.05)).imag() + 0.3, 1e-12);
}
