// ELCC: a perfectly reliable unit is worth its capacity, an unreliable one less; on the IEEE
// RTS 1979 a 100 MW unit at FOR 0.04 and a 400 MW solar plant, where the Monte Carlo ELCC (common
// random numbers) must contain the exact COPT one in its interval; and CRN against independent
// seeds.
#include "gat/adequacy/elcc.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>

#include "gat/adequacy/renewables.hpp"
#include "gat/adequacy/weekly_load_model.hpp"
#include "gat/io/adequacy_inputs.hpp"
#include "solar_profile.hpp"

namespace {

using gat::adequacy::Copt;
using gat::adequacy::Sampling;
using gat::adequacy::Units;

const std::filesystem::path kRts = std::filesystem::path(GAT_TEST_DATA_DIR) / "rts79";

struct Rts {
  Units units = gat::io::read_unit_types(kRts / "units.csv");
  std::vector<double> load =
      gat::adequacy::hourly_load_mw(gat::io::read_weekly_load_model(kRts, 2850));
  std::vector<std::vector<double>> net{load};
};

Units with_unit(Units u, double mw, double q, double mttr_h) {
  u.gen.push_back(-1);
  u.p_mw.push_back(mw);
  u.forced_outage_rate.push_back(q);
  u.mttr_h.push_back(mttr_h);
  return u;
}

TEST(Elcc, PerfectUnitIsWorthItsCapacity) {
  const Rts rts;
  const Copt without(rts.units);
  for (double c : {100.0, 37.0}) {
    const Copt with(with_unit(rts.units, c, 0.0, 1));
    const auto r = gat::adequacy::elcc_copt(without, with, rts.net, rts.net, c);
    EXPECT_NEAR(r.elcc_mw, c, 1e-6);
    EXPECT_LT(r.lole_with, r.lole_without);
  }
}

TEST(Elcc, RtsUnitAtFor004CoptAndMonteCarlo) {
  const Rts rts;
  const auto units_with = with_unit(rts.units, 100, 0.04, 50);
  const auto exact =
      gat::adequacy::elcc_copt(Copt(rts.units), Copt(units_with), rts.net, rts.net, 100);
  // Below the capacity, and above what the rate alone would take off (96 MW): a 100 MW block
  // out at once counts more than its expected 4 MW at this system's risk.
  EXPECT_LT(exact.elcc_mw, 96);
  EXPECT_GT(exact.elcc_mw, 60);
  RecordProperty("copt_elcc_mw", std::to_string(exact.elcc_mw));
  for (auto sampling : {Sampling::states, Sampling::sequential}) {
    const bool states = sampling == Sampling::states;
    const std::size_t years = states ? 300 : 1000;
    const auto a = gat::adequacy::sample_capacity(rts.units, rts.load.size(), years, 11, sampling);
    const auto b = gat::adequacy::sample_capacity(units_with, rts.load.size(), years, 11, sampling);
    const auto mc = gat::adequacy::elcc_monte_carlo(a, b, rts.net, rts.net, 100);
    EXPECT_GT(mc.std_error_mw, 0.1);  // an interval that could miss
    EXPECT_LT(mc.std_error_mw, 10);
    EXPECT_NEAR(mc.elcc_mw, exact.elcc_mw, 1.96 * mc.std_error_mw) << mc.std_error_mw;
    RecordProperty(states ? "states_elcc_mw" : "sequential_elcc_mw",
                   std::to_string(mc.elcc_mw) + " +- " + std::to_string(mc.std_error_mw));
  }
}

TEST(Elcc, CommonRandomNumbersShrinkTheDifferencesError) {
  // The ELCC search equates LOLE_with(Δ) and LOLE_without(0); its noise is that of the
  // difference D_y = lol_with,y(Δ) − lol_without,y(0) near the ELCC. With the same draws for the
  // 32 shared units (CRN), the years' loss-of-load hours mostly cancel; with another seed for
  // the system with the unit, they add their variances.
  const Rts rts;
  const auto units_with = with_unit(rts.units, 100, 0.04, 50);
  const double elcc =
      gat::adequacy::elcc_copt(Copt(rts.units), Copt(units_with), rts.net, rts.net, 100).elcc_mw;
  for (auto sampling : {Sampling::states, Sampling::sequential}) {
    const bool states = sampling == Sampling::states;
    const std::size_t years = states ? 300 : 1000;
    const auto a = gat::adequacy::sample_capacity(rts.units, rts.load.size(), years, 11, sampling);
    const auto crn =
        gat::adequacy::sample_capacity(units_with, rts.load.size(), years, 11, sampling);
    const auto other =
        gat::adequacy::sample_capacity(units_with, rts.load.size(), years, 12, sampling);
    const auto base = gat::adequacy::year_indices(a, rts.net).lol_hours;
    const auto difference = [&](const gat::adequacy::CapacitySample& with, double added) {
      const auto w = gat::adequacy::year_indices(with, rts.net, added).lol_hours;
      std::vector<double> d(years);
      for (std::size_t y = 0; y < years; ++y) d[y] = w[y] - base[y];
      return gat::adequacy::estimate_mean(d);
    };
    const auto paired = difference(crn, elcc), independent = difference(other, elcc);
    EXPECT_LT(paired.std_error, 0.3 * independent.std_error)
        << paired.std_error << " vs " << independent.std_error;
    // At Δ = 0 the unit only rescues hours, so CRN helps less there, still markedly.
    const auto paired0 = difference(crn, 0), independent0 = difference(other, 0);
    EXPECT_LT(paired0.std_error, 0.7 * independent0.std_error);
    RecordProperty(states ? "states_se_at_elcc_crn_independent_at0_crn_independent"
                          : "sequential_se_at_elcc_crn_independent_at0_crn_independent",
                   std::to_string(paired.std_error) + " " + std::to_string(independent.std_error) +
                       " " + std::to_string(paired0.std_error) + " " +
                       std::to_string(independent0.std_error));
  }
}

TEST(Elcc, RtsSolarCoptAndMonteCarlo) {
  const Rts rts;
  const auto file =
      gat_test::write_solar_csv(std::filesystem::temp_directory_path() /
                                    ("gat_solar_elcc_" + std::to_string(::getpid()) + ".csv"),
                                400, true);
  const auto solar = gat::io::read_renewables(file, rts.load.size());
  std::filesystem::remove(file);
  const auto net_with = gat::adequacy::net_load_mw(rts.load, solar);
  const Copt copt(rts.units);
  const auto exact = gat::adequacy::elcc_copt(copt, copt, rts.net, net_with, 400);
  EXPECT_GT(exact.elcc_mw, 0);
  EXPECT_LT(exact.elcc_mw, 400 * 0.75);  // at most its best clear-sky peak
  RecordProperty("copt_solar_elcc_mw", std::to_string(exact.elcc_mw));
  const auto s =
      gat::adequacy::sample_capacity(rts.units, rts.load.size(), 300, 5, Sampling::states);
  const auto mc = gat::adequacy::elcc_monte_carlo(s, s, rts.net, net_with, 400);
  EXPECT_GT(mc.std_error_mw, 0.1);
  EXPECT_NEAR(mc.elcc_mw, exact.elcc_mw, 1.96 * mc.std_error_mw) << mc.std_error_mw;
  RecordProperty("states_solar_elcc_mw",
                 std::to_string(mc.elcc_mw) + " +- " + std::to_string(mc.std_error_mw));
}

}  // namespace
