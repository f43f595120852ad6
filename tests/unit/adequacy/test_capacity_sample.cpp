// The kept capacity sample draws what the two samplers draw: the same years' LOL hours and
// unserved energy as capacity_check and sequential_monte_carlo, for any thread count.
#include "gat/adequacy/capacity_sample.hpp"

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include "gat/adequacy/sequential.hpp"
#include "gat/adequacy/weekly_load_model.hpp"
#include "gat/core/error.hpp"
#include "gat/io/adequacy_inputs.hpp"

namespace {

const std::filesystem::path kRts = std::filesystem::path(GAT_TEST_DATA_DIR) / "rts79";

TEST(CapacitySample, SameYearsAsTheSamplers) {
  const auto units = gat::io::read_unit_types(kRts / "units.csv");
  const auto load = gat::adequacy::hourly_load_mw(gat::io::read_weekly_load_model(kRts, 2850));
  const std::vector<std::vector<double>> net{load};
  gat::adequacy::CapacityOptions co;
  co.seed = 3;
  co.n_scenarios = 30;
  const auto states = gat::adequacy::capacity_check(units, load, co);
  const auto s =
      gat::adequacy::sample_capacity(units, load.size(), 30, 3, gat::adequacy::Sampling::states);
  const auto ys = gat::adequacy::year_indices(s, net);
  ASSERT_EQ(ys.lol_hours.size(), 30u);
  double total = 0;
  for (std::size_t y = 0; y < 30; ++y) {
    EXPECT_EQ(ys.lol_hours[y], states.raw.scenario_lol_hours[y]) << y;
    EXPECT_NEAR(ys.unserved_mwh[y], states.raw.scenario_unserved_mwh[y], 1e-6) << y;
    total += ys.lol_hours[y];
  }
  EXPECT_GT(total, 0);  // the comparison compared something
  gat::adequacy::SequentialOptions so;
  so.seed = 3;
  so.max_years = 30;
  so.batch_years = 30;
  const auto seq = gat::adequacy::sequential_monte_carlo(units, load, so);
  gat::adequacy::CapacitySample q;
  {
    const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    q = gat::adequacy::sample_capacity(units, load.size(), 30, 3,
                                       gat::adequacy::Sampling::sequential);
  }
  const auto yq = gat::adequacy::year_indices(q, net);
  EXPECT_EQ(yq.lol_hours, seq.year_lol_hours);
  EXPECT_EQ(yq.events, seq.year_events);
  for (std::size_t y = 0; y < 30; ++y)
    EXPECT_NEAR(yq.unserved_mwh[y], seq.year_unserved_mwh[y], 1e-6);
  // Two weather years: the sequential sampler picks each year's net load as the kept sample does.
  std::vector<std::vector<double>> two{load, load};
  for (double& l : two[1]) l *= 0.93;
  const auto seq2 = gat::adequacy::sequential_monte_carlo(units, two, so);
  const auto yq2 = gat::adequacy::year_indices(q, two);
  EXPECT_EQ(yq2.lol_hours, seq2.year_lol_hours);
  EXPECT_NE(yq2.lol_hours, yq.lol_hours);  // some years drew the lighter load
}

TEST(CapacitySample, BadInput) {
  gat::adequacy::Units u;
  u.gen = {-1};
  u.p_mw = {10};
  u.forced_outage_rate = {0.1};
  EXPECT_THROW(gat::adequacy::sample_capacity(u, 24, 2, 0, gat::adequacy::Sampling::sequential),
               gat::UsageError);  // no MTTR
  u.forced_outage_rate = {1.5};
  EXPECT_THROW(gat::adequacy::sample_capacity(u, 24, 2, 0, gat::adequacy::Sampling::states),
               gat::ModelError);
  u.forced_outage_rate = {0.1};
  const auto s = gat::adequacy::sample_capacity(u, 24, 2, 0, gat::adequacy::Sampling::states);
  EXPECT_THROW(gat::adequacy::year_indices(s, {std::vector<double>(23, 1.0)}), gat::UsageError);
  // 10^9 years of 8,760 h would be 70 TB kept: refused before anything is allocated.
  EXPECT_THROW(
      gat::adequacy::sample_capacity(u, 8760, 1'000'000'000, 0, gat::adequacy::Sampling::states),
      gat::UsageError);
}

}  // namespace
