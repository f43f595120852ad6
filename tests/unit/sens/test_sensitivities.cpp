// PTDF and LODF on networks small enough to solve by hand.
#include <gtest/gtest.h>

#include "gat/pf/dc_power_flow.hpp"
#include "gat/sens/lodf.hpp"
#include "gat/sens/ptdf.hpp"
#include "support/small_network.hpp"

using gat::core::BusType;
using gat::test::SmallNetwork;

namespace {

// Triangle 1(REF)-2-3, every x = 0.1, plus bus 4 hanging off bus 3 (branch 4 is a bridge).
// Branches: 1: 1-2, 2: 1-3, 3: 2-3, 4: 3-4.
SmallNetwork triangle_with_tail() {
  SmallNetwork s;
  s.bus(1, BusType::kRef)
      .bus(2, BusType::kPQ, 100)
      .bus(3, BusType::kPQ, 50)
      .bus(4, BusType::kPQ, 20);
  s.branch(1, 2, 0, 0.1).branch(1, 3, 0, 0.1).branch(2, 3, 0, 0.1).branch(3, 4, 0, 0.1);
  s.gen(1, 170);
  return s;
}

struct Model {
  explicit Model(const gat::core::Network& n)
      : net(n), topo(gat::core::analyze_topology(n)), model(n, topo) {}
  const gat::core::Network& net;
  gat::core::Topology topo;
  gat::sens::DcModel model;
};

}  // namespace

TEST(Ptdf, TriangleByHand) {
  // +1 at bus 2, −1 at bus 1: 2/3 flows directly 2→1, 1/3 around 2→3→1.
  const auto s = triangle_with_tail();
  Model m(s.network());
  const auto h = gat::sens::ptdf(m.model);
  ASSERT_EQ(h.rows, 4u);
  ASSERT_EQ(h.cols, 4u);
  for (std::size_t l = 0; l < 4; ++l) EXPECT_EQ(h(l, 0), 0.0);  // the slack's own column
  EXPECT_NEAR(h(0, 1), -2.0 / 3, 1e-14);
  EXPECT_NEAR(h(1, 1), -1.0 / 3, 1e-14);
  EXPECT_NEAR(h(2, 1), 1.0 / 3, 1e-14);
  EXPECT_NEAR(h(3, 1), 0.0, 1e-14);
  // +1 at bus 4: all of it through 4→3 (branch 4 carries −1), then as from bus 3.
  EXPECT_NEAR(h(3, 3), -1.0, 1e-14);
  EXPECT_NEAR(h(1, 3), -2.0 / 3, 1e-14);
}

TEST(Ptdf, SlackBusAndDistributedSlack) {
  const auto s = triangle_with_tail();
  Model m(s.network());
  const auto h = gat::sens::ptdf(m.model);
  gat::sens::SlackSpec at3;
  at3.bus = 2;  // bus 3
  const auto h3 = gat::sens::ptdf(m.model, at3);
  gat::sens::SlackSpec spread;
  spread.weights = {1, 0, 1, 2};
  const auto hw = gat::sens::ptdf(m.model, spread);
  for (std::size_t l = 0; l < 4; ++l) {
    for (std::size_t j = 0; j < 4; ++j) {
      EXPECT_NEAR(h3(l, j), h(l, j) - h(l, 2), 1e-14);
      const double v = (h(l, 0) + h(l, 2) + 2 * h(l, 3)) / 4;
      EXPECT_NEAR(hw(l, j), h(l, j) - v, 1e-14);
    }
    EXPECT_NEAR(h3(l, 2), 0.0, 1e-15);
  }
}

TEST(Lodf, TriangleByHandAndBridgeFlagged) {
  // Outage of 1-2: its flow reroutes 1→3→2 in full: LODF(:, 1) = [−1, 1, −1, 0].
  const auto s = triangle_with_tail();
  Model m(s.network());
  const auto l = gat::sens::lodf(m.model);
  EXPECT_NEAR(l.lodf(0, 0), -1.0, 1e-15);
  EXPECT_NEAR(l.lodf(1, 0), 1.0, 1e-14);
  EXPECT_NEAR(l.lodf(2, 0), -1.0, 1e-14);
  EXPECT_NEAR(l.lodf(3, 0), 0.0, 1e-14);
  // Outage of 2-3 (2→3): a transfer 2→3 goes 2→1→3; LODF(:, 3) = [−1, 1, −1, 0]·(−1)...
  //   ψ = [−1/3, 1/3, 2/3, 0] (φ = 2/3), LODF = ψ / (1/3) = [−1, 1, −1 (diagonal), 0].
  EXPECT_NEAR(l.lodf(0, 2), -1.0, 1e-14);
  EXPECT_NEAR(l.lodf(1, 2), 1.0, 1e-14);
  EXPECT_EQ(l.islanding, (std::vector<std::uint8_t>{0, 0, 0, 1}));
  for (std::size_t r = 0; r < 4; ++r) {
    EXPECT_EQ(l.lodf(r, 3), r == 3 ? -1.0 : 0.0);  // finite, flagged, never NaN
  }
}

TEST(Lodf, PostOutageFlowsEqualAPowerFlowWithoutTheBranch) {
  // A 4-bus mesh with a phase shifter: P' = P + LODF(:, k) P_k against a re-solved DC flow.
  SmallNetwork s;
  s.bus(1, BusType::kRef)
      .bus(2, BusType::kPQ, 90)
      .bus(3, BusType::kPV, 30)
      .bus(4, BusType::kPQ, 60);
  s.branch(1, 2, 0, 0.1).branch(1, 3, 0, 0.2).branch(2, 3, 0, 0.15, 0, 0, 0.98, 3.0);
  s.branch(3, 4, 0, 0.1).branch(2, 4, 0, 0.25).branch(1, 4, 0, 0.3);
  s.gen(1, 100).gen(3, 80);
  const auto& net = s.network();
  Model m(net);
  const auto base = gat::pf::solve_dc_power_flow(net, m.topo);
  const auto l = gat::sens::lodf(m.model);
  for (std::size_t k = 0; k < net.n_branches(); ++k) {
    ASSERT_FALSE(l.islanding[k]);
    auto out = net;
    out.branches.in_service[k] = 0;
    const auto post = gat::pf::solve_dc_power_flow(out, gat::core::analyze_topology(out));
    for (std::size_t r = 0; r < net.n_branches(); ++r) {
      EXPECT_NEAR(base.pf_pu[r] + l.lodf(r, k) * base.pf_pu[k], post.pf_pu[r], 1e-12)
          << "outage " << k << " branch " << r;
    }
  }
}

TEST(Lodf, DoubleOutageByCompensation) {
  // Same mesh: LODF_S = Ψ_S (I − Φ)⁻¹ for S = {1-2, 3-4} against a re-solved DC flow.
  SmallNetwork s;
  s.bus(1, BusType::kRef)
      .bus(2, BusType::kPQ, 90)
      .bus(3, BusType::kPV, 30)
      .bus(4, BusType::kPQ, 60);
  s.branch(1, 2, 0, 0.1).branch(1, 3, 0, 0.2).branch(2, 3, 0, 0.15);
  s.branch(3, 4, 0, 0.1).branch(2, 4, 0, 0.25).branch(1, 4, 0, 0.3);
  s.gen(1, 100).gen(3, 80);
  const auto& net = s.network();
  Model m(net);
  const auto base = gat::pf::solve_dc_power_flow(net, m.topo);
  const std::vector<std::int32_t> outage{0, 3};
  std::vector<std::int32_t> rows{0, 1, 2, 3, 4, 5};
  gat::sens::DcModel::Solver solver(m.model);
  std::vector<double> psi(rows.size() * 2);
  solver.branch_transfers(outage, rows, psi, 2);
  const std::vector<double> phi{psi[0], psi[1], psi[3 * 2], psi[3 * 2 + 1]};
  ASSERT_TRUE(gat::sens::multi_outage_lodf(psi, rows.size(), phi, 2));
  auto out = net;
  out.branches.in_service[0] = out.branches.in_service[3] = 0;
  const auto post = gat::pf::solve_dc_power_flow(out, gat::core::analyze_topology(out));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r == 0 || r == 3) continue;  // the outaged branches: LODF_S(S, ·) = −I by definition
    const double predicted =
        base.pf_pu[r] + psi[r * 2] * base.pf_pu[0] + psi[r * 2 + 1] * base.pf_pu[3];
    EXPECT_NEAR(predicted, post.pf_pu[r], 1e-12) << "branch " << r;
  }
}

TEST(DcModel, FlowsMatchTheDcPowerFlow) {
  const auto s = triangle_with_tail();
  Model m(s.network());
  const auto pf = gat::pf::solve_dc_power_flow(m.net, m.topo);
  std::vector<double> p(m.net.n_buses());
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = pf.p_inj_pu[i];
  const auto f = m.model.flows(p, 1);
  for (std::size_t k = 0; k < m.net.n_branches(); ++k) EXPECT_NEAR(f(k, 0), pf.pf_pu[k], 1e-14);
}
