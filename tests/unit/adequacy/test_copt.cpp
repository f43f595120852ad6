// COPT against tables computed by hand, and its bad input.
#include "gat/adequacy/copt.hpp"

#include <gtest/gtest.h>

#include "gat/core/error.hpp"

namespace {

using gat::adequacy::Copt;
using gat::adequacy::Units;

Units make_units(std::vector<double> p_mw, std::vector<double> rate) {
  Units u;
  for (std::size_t i = 0; i < p_mw.size(); ++i) u.gen.push_back(static_cast<std::int32_t>(i));
  u.p_mw = std::move(p_mw);
  u.forced_outage_rate = std::move(rate);
  return u;
}

TEST(Copt, TwoUnitsByHand) {
  // 10 MW at q = 0.1 and 20 MW at q = 0.2: outages 0, 10, 20, 30 MW with
  // 0.9·0.8 = 0.72, 0.1·0.8 = 0.08, 0.9·0.2 = 0.18, 0.1·0.2 = 0.02.
  const Copt copt(make_units({10, 20}, {0.1, 0.2}));
  EXPECT_EQ(copt.installed_mw(), 30.0);
  const auto p = copt.outage_probability();
  ASSERT_EQ(p.size(), 31u);
  EXPECT_NEAR(p[0], 0.72, 1e-15);
  EXPECT_NEAR(p[10], 0.08, 1e-15);
  EXPECT_NEAR(p[20], 0.18, 1e-15);
  EXPECT_NEAR(p[30], 0.02, 1e-15);
  EXPECT_NEAR(copt.outage_at_least(11), 0.20, 1e-15);
  // L = 25: short when 10, 20 or 30 MW are out; unserved 5, 15, 25 MW.
  EXPECT_NEAR(copt.loss_of_load_probability(25), 0.28, 1e-15);
  EXPECT_NEAR(copt.expected_unserved_mw(25), 0.08 * 5 + 0.18 * 15 + 0.02 * 25, 1e-14);
  // L = 20 with 20 MW available is served: loss of load is A < L, strictly.
  EXPECT_NEAR(copt.loss_of_load_probability(20), 0.20, 1e-15);
  EXPECT_NEAR(copt.expected_unserved_mw(20), 0.18 * 10 + 0.02 * 20, 1e-14);
  // Above the installed capacity every state is short.
  EXPECT_NEAR(copt.loss_of_load_probability(35), 1.0, 1e-15);
  EXPECT_NEAR(copt.expected_unserved_mw(35), 0.72 * 5 + 0.08 * 15 + 0.18 * 25 + 0.02 * 35, 1e-13);
  EXPECT_EQ(copt.loss_of_load_probability(0), 0.0);
}

TEST(Copt, IndicesOverAProfile) {
  const Copt copt(make_units({10, 20}, {0.1, 0.2}));
  const std::vector<double> load{25, 20, 35, 5};
  const auto r = gat::adequacy::copt_indices(copt, load);
  // LOLE = 0.28 + 0.20 + 1 + 0.02; EUE = 3.6 + 2.2 + 10 + 0.1 (MWh, hourly periods).
  EXPECT_NEAR(r.lole, 1.5, 1e-14);
  EXPECT_NEAR(r.lolp, 1.5 / 4, 1e-14);
  EXPECT_NEAR(r.eue, 15.9, 1e-12);
  EXPECT_EQ(gat::adequacy::copt_indices(copt, load, 0.0).eue, 0.0);  // daily peaks: no energy
}

TEST(Copt, ThreeUnitsByHand) {
  // 10 MW (q 0.1), 10 MW (q 0.5), 20 MW (q 0.2).
  const Copt copt(make_units({10, 10, 20}, {0.1, 0.5, 0.2}));
  const auto p = copt.outage_probability();
  ASSERT_EQ(p.size(), 41u);
  EXPECT_NEAR(p[0], 0.9 * 0.5 * 0.8, 1e-15);
  EXPECT_NEAR(p[10], (0.1 * 0.5 + 0.9 * 0.5) * 0.8, 1e-15);
  EXPECT_NEAR(p[20], 0.1 * 0.5 * 0.8 + 0.9 * 0.5 * 0.2, 1e-15);
  EXPECT_NEAR(p[30], (0.1 * 0.5 + 0.9 * 0.5) * 0.2, 1e-15);
  EXPECT_NEAR(p[40], 0.1 * 0.5 * 0.2, 1e-15);
  double sum = 0;
  for (double x : p) sum += x;
  EXPECT_NEAR(sum, 1.0, 1e-15);
}

TEST(Copt, CapacitiesRoundToTheStep) {
  // At a 5 MW step, 12 MW counts as 10 and 8 MW as 10.
  const Copt copt(make_units({12, 8}, {0.5, 0.5}), 5.0);
  EXPECT_EQ(copt.installed_mw(), 20.0);
  EXPECT_EQ(copt.outage_probability().size(), 5u);
  EXPECT_NEAR(copt.outage_probability()[2], 0.5, 1e-15);  // one of the two out: 10 MW
  EXPECT_NEAR(copt.loss_of_load_probability(15), 0.75, 1e-15);
}

TEST(Copt, RefusesBadUnitsNamingThem) {
  EXPECT_THROW(Copt(make_units({10, 20}, {0.1, 1.0})), gat::ModelError);
  EXPECT_THROW(Copt(make_units({10}, {-0.01})), gat::ModelError);
  EXPECT_THROW(Copt(make_units({-10}, {0.1})), gat::ModelError);
  EXPECT_THROW(Copt(make_units({10}, {0.1}), 0.0), gat::UsageError);
  try {
    Copt(make_units({10, 20}, {0.1, 1.0}));
  } catch (const gat::ModelError& e) {
    EXPECT_EQ(e.element(), "unit 2 (generator row 2)");
  }
}

}  // namespace
