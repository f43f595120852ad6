// AC-OPF: analytic derivatives against central finite differences, and case9 against MATPOWER
// 8.1's runopf (numbers printed by Octave).
#include "gat/opf/ac_opf.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "opf/ac_opf_nlp.hpp"
#include "opf_cases.hpp"

using gat::opf::OpfStatus;
using gat::opf::detail::AcOpfNlp;

namespace {

// case9 with every feature the derivatives touch: an off-nominal phase-shifting transformer,
// bus shunts, angle limits, reactive-power costs, a cubic and a piecewise-linear cost.
gat::core::Network featureful_case9() {
  auto net = gat::test::case9();
  net.branches.tap_ratio[0] = 0.98;
  net.branches.shift_rad[0] = 3 * std::numbers::pi / 180;
  net.branches.tap_ratio[3] = 1.02;
  net.branches.angmin_rad[4] = -30 * std::numbers::pi / 180;
  net.branches.angmax_rad[4] = 30 * std::numbers::pi / 180;
  net.shunts.bus = {4, 6};
  net.shunts.g_pu = {0.05, 0.0};
  net.shunts.b_pu = {0.2, -0.1};
  net.shunts.in_service = {1, 1};
  net.gen_costs = {};
  gat::test::add_poly_cost(net, {0.11, 5, 150});
  gat::test::add_poly_cost(net, {1e-4, 0.085, 1.2, 600});
  gat::test::add_pwl_cost(net, {0, 0, 100, 1500, 300, 6000});
  gat::test::add_poly_cost(net, {0.01, 0.5, 0});
  gat::test::add_poly_cost(net, {0.02, 0, 0});
  gat::test::add_poly_cost(net, {0.0, 0.1, 0});
  return net;
}

struct Fixture {
  gat::core::Network net = featureful_case9();
  gat::core::Topology topo = gat::core::analyze_topology(net);
  gat::opf::GenCosts costs = gat::opf::prepare_gen_costs(net);
  AcOpfNlp nlp{net, gat::opf::detail::make_ac_layout(net, topo, costs), costs};
};

std::vector<double> random_point(AcOpfNlp& nlp, std::mt19937& rng) {
  const auto& lay = nlp.layout();
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<double> x(lay.n);
  for (std::int32_t i = 0; i < lay.nb; ++i) {
    x[lay.va0 + i] = 0.3 * u(rng);
    x[lay.vm0 + i] = 1.0 + 0.1 * u(rng);
  }
  for (auto i = lay.pg0; i < lay.n; ++i) x[i] = 1.0 + 0.8 * u(rng);
  return x;
}

// Dense matrix from triplets; lower_only mirrors into the upper triangle.
std::vector<std::vector<double>> dense(std::int32_t rows, std::int32_t cols,
                                       const std::vector<std::int32_t>& r,
                                       const std::vector<std::int32_t>& c,
                                       const std::vector<double>& v, bool symmetric) {
  std::vector<std::vector<double>> m(rows, std::vector<double>(cols, 0.0));
  for (std::size_t k = 0; k < v.size(); ++k) {
    m[r[k]][c[k]] += v[k];
    if (symmetric && r[k] != c[k]) m[c[k]][r[k]] += v[k];
  }
  return m;
}

void expect_close(double analytic, double numeric, const std::string& what) {
  EXPECT_NEAR(analytic, numeric, 1e-6 * std::max(1.0, std::abs(numeric))) << what;
}

}  // namespace

TEST(AcOpfDerivatives, GradientAndJacobianMatchFiniteDifferences) {
  Fixture fx;
  auto& nlp = fx.nlp;
  const auto sz = nlp.sizes();
  std::mt19937 rng(7);
  std::vector<std::int32_t> jr(sz.nnz_jacobian), jc(sz.nnz_jacobian);
  nlp.jacobian_structure(jr, jc);
  for (int trial = 0; trial < 3; ++trial) {
    auto x = random_point(nlp, rng);
    std::vector<double> grad(sz.n), jv(sz.nnz_jacobian);
    nlp.gradient(x, grad);
    nlp.jacobian_values(x, jv);
    const auto jac = dense(sz.m, sz.n, jr, jc, jv, false);
    const double h = 1e-6;
    for (std::int32_t j = 0; j < sz.n; ++j) {
      auto xp = x, xm = x;
      xp[j] += h;
      xm[j] -= h;
      expect_close(grad[j], (nlp.objective(xp) - nlp.objective(xm)) / (2 * h),
                   "df/dx" + std::to_string(j));
      std::vector<double> gp(sz.m), gm(sz.m);
      nlp.constraints(xp, gp);
      nlp.constraints(xm, gm);
      for (std::int32_t i = 0; i < sz.m; ++i)
        expect_close(jac[i][j], (gp[i] - gm[i]) / (2 * h),
                     "dg" + std::to_string(i) + "/dx" + std::to_string(j));
    }
  }
}

TEST(AcOpfDerivatives, HessianOfLagrangianMatchesFiniteDifferences) {
  Fixture fx;
  auto& nlp = fx.nlp;
  const auto sz = nlp.sizes();
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<std::int32_t> jr(sz.nnz_jacobian), jc(sz.nnz_jacobian);
  std::vector<std::int32_t> hr(sz.nnz_hessian), hc(sz.nnz_hessian);
  nlp.jacobian_structure(jr, jc);
  nlp.hessian_structure(hr, hc);
  for (std::size_t k = 0; k < hr.size(); ++k) ASSERT_GE(hr[k], hc[k]) << "lower triangle";
  auto x = random_point(nlp, rng);
  std::vector<double> lambda(sz.m);
  for (auto& l : lambda) l = 10 * u(rng);
  const double sigma = 0.7;
  // ∇_x L = σ ∇f + Jᵀ λ, from the analytic first derivatives.
  auto grad_lagrangian = [&](const std::vector<double>& at) {
    std::vector<double> g(sz.n), jv(sz.nnz_jacobian);
    nlp.gradient(at, g);
    for (auto& v : g) v *= sigma;
    nlp.jacobian_values(at, jv);
    for (std::size_t k = 0; k < jv.size(); ++k) g[jc[k]] += lambda[jr[k]] * jv[k];
    return g;
  };
  std::vector<double> hv(sz.nnz_hessian);
  nlp.hessian_values(x, sigma, lambda, hv);
  const auto hess = dense(sz.n, sz.n, hr, hc, hv, true);
  const double h = 1e-6;
  for (std::int32_t j = 0; j < sz.n; ++j) {
    auto xp = x, xm = x;
    xp[j] += h;
    xm[j] -= h;
    const auto gp = grad_lagrangian(xp), gm = grad_lagrangian(xm);
    for (std::int32_t i = 0; i < sz.n; ++i)
      expect_close(hess[i][j], (gp[i] - gm[i]) / (2 * h),
                   "d2L/dx" + std::to_string(i) + "dx" + std::to_string(j));
  }
}

TEST(AcOpf, Case9MatchesMatpower) {
  const auto net = gat::test::case9();
  const auto topo = gat::core::analyze_topology(net);
  for (auto start :
       {gat::opf::AcStart::kFlat, gat::opf::AcStart::kDcOpf, gat::opf::AcStart::kCase}) {
    gat::opf::AcOpfOptions o;
    o.start = start;
    const auto r = gat::opf::solve_ac_opf(net, topo, o);
    ASSERT_EQ(r.status, OpfStatus::kOptimal) << r.message;
    EXPECT_NEAR(r.objective, 5296.6865236298, 5296.69 * 1e-7) << to_string(start);
    const double vm[] = {1.0999508582, 1.0973628847, 1.0866273496, 1.0941862536, 1.0844243690,
                         1.0999991448, 1.0894886230, 1.0999991734, 1.0717309343};
    const double lam_p[] = {24.7556946113, 24.0345107839, 24.0759220430,
                            24.7558847250, 24.9984879604, 24.0759224672,
                            24.2539102988, 24.0345124267, 24.9985016456};
    for (int i = 0; i < 9; ++i) {
      EXPECT_NEAR(r.vm_pu[i], vm[i], 1e-4) << "bus " << i + 1;
      EXPECT_NEAR(r.lam_p[i], lam_p[i], 1e-3) << "bus " << i + 1;
    }
    const double pg[] = {89.7986138125, 134.3206524728, 94.1874386278};
    const double qg[] = {12.9387359223, 0.0477295055, -22.6197301774};
    for (int g = 0; g < 3; ++g) {
      EXPECT_NEAR(r.pg_pu[g] * 100, pg[g], 1e-3);
      // Q_g is flat in the cost: MIPS (tolerance 1e-6) and Ipopt (1e-8) part by ~0.03 MVAr.
      EXPECT_NEAR(r.qg_pu[g] * 100, qg[g], 0.05);
    }
  }
}

TEST(AcOpf, FeaturefulCaseConverges) {
  Fixture fx;
  const auto r = gat::opf::solve_ac_opf(fx.net, fx.topo);
  ASSERT_EQ(r.status, OpfStatus::kOptimal) << r.message;
  // The PWL generator's cost equals its epigraph variable at the optimum.
  EXPECT_GT(r.objective, 0);
}
