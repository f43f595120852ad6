// Sequential Monte Carlo: a one-unit system with exact expectations, invariance to threads and
// batching, the IEEE RTS 1979 against its COPT, and bad input.
#include "gat/adequacy/sequential.hpp"

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <cmath>

#include "gat/adequacy/copt.hpp"
#include "gat/adequacy/weekly_load_model.hpp"
#include "gat/core/error.hpp"
#include "gat/io/adequacy_inputs.hpp"

namespace {

using gat::adequacy::SequentialOptions;
using gat::adequacy::Units;

Units one_unit(double q, double mttr_h) {
  Units u;
  u.gen = {-1};
  u.p_mw = {100};
  u.forced_outage_rate = {q};
  u.mttr_h = {mttr_h};
  return u;
}

void expect_in_ci(const gat::adequacy::Estimate& e, double exact) {
  EXPECT_LT(e.ci95_low(), exact) << e.mean << " ± " << e.std_error;
  EXPECT_GT(e.ci95_high(), exact) << e.mean << " ± " << e.std_error;
}

TEST(Sequential, OneUnitMatchesTheMarkovChain) {
  // 100 MW, q = 0.1, MTTR 10 h (MTTF 90 h), 50 MW load for 10,000 h: short exactly when down.
  // LOLE = q·H. Events: down at hour 0, or up at h − 1 and down at h, whose probability is
  // (1 − q)·q·(1 − e^{−(λ+μ)}) with λ + μ = 1/90 + 1/10 (the two-state chain over one hour).
  const std::vector<double> load(10000, 50.0);
  SequentialOptions o;
  o.seed = 7;
  o.max_years = 300;
  const auto r = gat::adequacy::sequential_monte_carlo(one_unit(0.1, 10), load, o);
  EXPECT_EQ(r.years, 300u);
  expect_in_ci(r.lole_h, 1000.0);
  expect_in_ci(r.eue_mwh, 50.0 * 1000.0);
  const double events = 0.1 + 9999 * 0.9 * 0.1 * (1 - std::exp(-(1.0 / 90 + 1.0 / 10)));
  expect_in_ci(r.lolf, events);
  EXPECT_NEAR(r.lold_h, r.lole_h.mean / r.lolf.mean, 1e-12);
  EXPECT_NEAR(r.lolp, r.lole_h.mean / 10000, 1e-15);
  // Independent hourly draws would give (1 − q)·q per hour, about 900 events: chronology matters.
  EXPECT_LT(r.lolf.ci95_high(), 200.0);
}

TEST(Sequential, SameYearsForAnyThreadsOrBatches) {
  const std::vector<double> load(500, 50.0);
  SequentialOptions o;
  o.seed = 11;
  o.max_years = 40;
  const auto all = gat::adequacy::sequential_monte_carlo(one_unit(0.2, 5), load, o);
  o.batch_years = 7;
  const auto batched = gat::adequacy::sequential_monte_carlo(one_unit(0.2, 5), load, o);
  EXPECT_EQ(all.year_lol_hours, batched.year_lol_hours);
  EXPECT_EQ(all.year_events, batched.year_events);
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    const auto serial = gat::adequacy::sequential_monte_carlo(one_unit(0.2, 5), load, o);
    EXPECT_EQ(all.year_unserved_mwh, serial.year_unserved_mwh);
  }
  o.seed = 12;
  EXPECT_NE(gat::adequacy::sequential_monte_carlo(one_unit(0.2, 5), load, o).year_lol_hours,
            all.year_lol_hours);
}

TEST(Sequential, RangesOfYearsAndTheStopRuleGiveTheWholeRun) {
  // What a run cut into chunks of years does (runs/): the years of any range, then the stop.
  const std::vector<std::vector<double>> load{std::vector<double>(800, 50.0)};
  SequentialOptions o;
  o.seed = 5;
  o.max_years = 400;
  o.min_years = 60;
  o.target_cov = 0.05;
  const auto whole = gat::adequacy::sequential_monte_carlo(one_unit(0.1, 10), load, o);
  ASSERT_TRUE(whole.reached_target);
  ASSERT_LT(whole.years, 400u);
  std::vector<double> lol, unserved, events;
  for (std::size_t first = 0; first < 400; first += 7) {
    const auto r = gat::adequacy::sequential_years(one_unit(0.1, 10), load, o.seed, first,
                                                   std::min<std::size_t>(7, 400 - first));
    lol.insert(lol.end(), r.lol_hours.begin(), r.lol_hours.end());
    unserved.insert(unserved.end(), r.unserved_mwh.begin(), r.unserved_mwh.end());
    events.insert(events.end(), r.events.begin(), r.events.end());
  }
  const auto stop = gat::adequacy::sequential_stop(lol, o);
  EXPECT_TRUE(stop.reached_target);
  EXPECT_EQ(stop.years, whole.years);
  lol.resize(stop.years);
  unserved.resize(stop.years);
  events.resize(stop.years);
  EXPECT_EQ(lol, whole.year_lol_hours);
  EXPECT_EQ(unserved, whole.year_unserved_mwh);
  EXPECT_EQ(events, whole.year_events);
  o.target_cov = 0.0;
  EXPECT_EQ(gat::adequacy::sequential_stop(lol, o).years, lol.size());
}

TEST(Sequential, StopsOnTheTargetCoefficientOfVariation) {
  const std::vector<double> load(1000, 50.0);
  SequentialOptions o;
  o.max_years = 100000;
  o.min_years = 20;
  o.batch_years = 10;
  o.target_cov = 0.02;
  const auto r = gat::adequacy::sequential_monte_carlo(one_unit(0.1, 10), load, o);
  EXPECT_TRUE(r.reached_target);
  EXPECT_LE(r.lole_h.coefficient_of_variation(), 0.02);
  EXPECT_LT(r.years, 100000u);
  EXPECT_EQ(r.years % 10, 0u);
}

TEST(Sequential, Rts79AgreesWithTheCopt) {
  const auto rts = std::filesystem::path(GAT_TEST_DATA_DIR) / "rts79";
  const auto units = gat::io::read_unit_types(rts / "units.csv");
  const auto load = gat::adequacy::hourly_load_mw(gat::io::read_weekly_load_model(rts, 2850));
  const auto exact = gat::adequacy::copt_indices(gat::adequacy::Copt(units), load);
  SequentialOptions o;
  o.seed = 1979;
  o.max_years = 20000;
  o.min_years = 500;
  o.batch_years = 250;
  o.target_cov = 0.02;  // σ̂ ≈ 0.19 h: the interval is tight enough to miss a biased sampler
  const auto r = gat::adequacy::sequential_monte_carlo(units, load, o);
  EXPECT_TRUE(r.reached_target);
  expect_in_ci(r.lole_h, exact.lole);
  expect_in_ci(r.eue_mwh, exact.eue);
  EXPECT_GT(r.lolf.mean, 0.5);
  EXPECT_GT(r.lold_h, 1.5);  // events last hours: outages of 20–150 h meet daily peaks
  RecordProperty("seq_years", std::to_string(r.years));
  RecordProperty("seq_lole_h",
                 std::to_string(r.lole_h.mean) + " +- " + std::to_string(r.lole_h.std_error));
  RecordProperty("seq_eue_mwh",
                 std::to_string(r.eue_mwh.mean) + " +- " + std::to_string(r.eue_mwh.std_error));
  RecordProperty("seq_lolf",
                 std::to_string(r.lolf.mean) + " +- " + std::to_string(r.lolf.std_error));
  RecordProperty("seq_lold_h", std::to_string(r.lold_h));
  RecordProperty("seq_seconds", std::to_string(r.seconds));
}

TEST(Sequential, RefusesBadUnits) {
  const std::vector<double> load(10, 50.0);
  Units u = one_unit(0.1, 10);
  u.mttr_h.clear();
  EXPECT_THROW(gat::adequacy::sequential_monte_carlo(u, load, {}), gat::UsageError);
  Units two = one_unit(0.1, 10);
  two.gen.push_back(-1);
  two.p_mw.push_back(50);
  two.forced_outage_rate.push_back(0.1);
  two.mttr_h.push_back(0.0);
  try {
    gat::adequacy::sequential_monte_carlo(two, load, {});
    ADD_FAILURE() << "MTTR 0 was accepted";
  } catch (const gat::ModelError& e) {
    EXPECT_EQ(e.element(), "unit 2");
  }
  EXPECT_THROW(gat::adequacy::sequential_monte_carlo(one_unit(1.0, 10), load, {}), gat::ModelError);
  SequentialOptions none;
  none.max_years = 0;
  EXPECT_THROW(gat::adequacy::sequential_monte_carlo(one_unit(0.1, 10), load, none),
               gat::UsageError);
}

}  // namespace
