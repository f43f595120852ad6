// Validation on the IEEE Reliability Test System 1979 (IEEE RTS Task Force, IEEE Trans. PAS-98,
// 1979): its generating system (32 units, 3,405 MW) against its load model, 8,736 hours in 364
// days. The paper publishes LOLE = 9.39 h/yr with the hourly load and 1.37 days/yr with the
// daily peaks, rounded to two decimals: the COPT must give them to ±0.005, the rounding. The
// Monte Carlo must contain the COPT's value in its 95 % confidence interval.
#include <gtest/gtest.h>

#include "gat/adequacy/capacity.hpp"
#include "gat/adequacy/copt.hpp"
#include "gat/adequacy/weekly_load_model.hpp"
#include "gat/io/adequacy_inputs.hpp"

namespace {

const std::filesystem::path kRts = std::filesystem::path(GAT_TEST_DATA_DIR) / "rts79";
constexpr double kAnnualPeakMw = 2850;

TEST(Rts79, DataAreThePapers) {
  const auto units = gat::io::read_unit_types(kRts / "units.csv");
  ASSERT_EQ(units.size(), 32u);
  double installed = 0;
  for (double p : units.p_mw) installed += p;
  EXPECT_EQ(installed, 3405.0);
  const auto model = gat::io::read_weekly_load_model(kRts, kAnnualPeakMw);
  const auto load = gat::adequacy::hourly_load_mw(model);
  ASSERT_EQ(load.size(), 8736u);
  ASSERT_EQ(gat::adequacy::daily_peak_mw(model).size(), 364u);
  // The annual peak is Tuesday 17:00–19:00 of week 51, a winter week: 100 % × 100 % × 100 %.
  EXPECT_DOUBLE_EQ(*std::max_element(load.begin(), load.end()), kAnnualPeakMw);
  EXPECT_DOUBLE_EQ(load[(50 * 7 + 1) * 24 + 17], kAnnualPeakMw);
}

TEST(Rts79, CoptGivesThePublishedLole) {
  const gat::adequacy::Copt copt(gat::io::read_unit_types(kRts / "units.csv"));
  const auto model = gat::io::read_weekly_load_model(kRts, kAnnualPeakMw);
  const auto hourly = gat::adequacy::copt_indices(copt, gat::adequacy::hourly_load_mw(model));
  EXPECT_NEAR(hourly.lole, 9.39, 0.005);  // h/yr
  const auto daily = gat::adequacy::copt_indices(copt, gat::adequacy::daily_peak_mw(model), 0.0);
  EXPECT_NEAR(daily.lole, 1.37, 0.005);  // days/yr
  RecordProperty("lole_hourly_h", std::to_string(hourly.lole));
  RecordProperty("eue_mwh", std::to_string(hourly.eue));
  RecordProperty("lole_daily_d", std::to_string(daily.lole));
}

TEST(Rts79, MonteCarloContainsTheCopt) {
  const auto units = gat::io::read_unit_types(kRts / "units.csv");
  const auto load =
      gat::adequacy::hourly_load_mw(gat::io::read_weekly_load_model(kRts, kAnnualPeakMw));
  const auto exact = gat::adequacy::copt_indices(gat::adequacy::Copt(units), load);
  gat::adequacy::CapacityOptions o;
  o.seed = 1979;
  o.n_scenarios = 400;  // sampled years; σ of a year's LOL hours ≈ √9.4, so σ̂ ≈ 0.15 h
  const auto mc = gat::adequacy::capacity_check(units, load, o);
  const auto& lole = mc.lole_h_estimate;
  EXPECT_EQ(lole.n, 400u);
  EXPECT_LT(lole.ci95_low(), exact.lole);
  EXPECT_GT(lole.ci95_high(), exact.lole);
  EXPECT_GT(lole.std_error, 0.05);  // an interval that could miss
  EXPECT_LT(lole.std_error, 0.3);
  EXPECT_NEAR(lole.coefficient_of_variation(), lole.std_error / lole.mean, 1e-15);
  EXPECT_NEAR(mc.lolp, lole.mean / 8736, 1e-15);
  const auto& eue = mc.eue_mwh_estimate;
  EXPECT_LT(eue.ci95_low(), exact.eue);
  EXPECT_GT(eue.ci95_high(), exact.eue);
  RecordProperty("mc_lole_h", std::to_string(lole.mean) + " +- " + std::to_string(lole.std_error));
  RecordProperty("mc_eue_mwh", std::to_string(eue.mean) + " +- " + std::to_string(eue.std_error));
  RecordProperty("mc_seconds", std::to_string(mc.seconds));
}

}  // namespace
