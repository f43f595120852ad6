// Capacity check: Philox, invariance to chunking, limiting cases, and the GPU against the CPU.
#include "gat/adequacy/capacity.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "gat/adequacy/philox.hpp"
#include "gat/core/error.hpp"
#include "gat/io/case_loader.hpp"
#include "support/gpu.hpp"

namespace {

using gat::adequacy::CapacityOptions;

TEST(Philox, KnownAnswer) {
  // Random123's known-answer vector for philox4x32-10 with zero counter and key.
  const auto r = gat::adequacy::philox4x32_10({{0, 0, 0, 0}}, 0, 0);
  EXPECT_EQ(r.v[0], 0x6627e8d5u);
  EXPECT_EQ(r.v[1], 0xe169c58du);
  EXPECT_EQ(r.v[2], 0xbc57ac4cu);
  EXPECT_EQ(r.v[3], 0x9b00dbd8u);
  // And with every counter and key word in use (Random123's kat_vectors, pi digits and ones).
  const auto pi = gat::adequacy::philox4x32_10(
      {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}}, 0xa4093822u, 0x299f31d0u);
  EXPECT_EQ(pi.v[0], 0xd16cfe09u);
  EXPECT_EQ(pi.v[1], 0x94fdccebu);
  EXPECT_EQ(pi.v[2], 0x5001e420u);
  EXPECT_EQ(pi.v[3], 0x24126ea1u);
  const auto ones = gat::adequacy::philox4x32_10(
      {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}}, 0xffffffffu, 0xffffffffu);
  EXPECT_EQ(ones.v[0], 0x408f276du);
  EXPECT_EQ(ones.v[3], 0x6d5451fdu);
}

gat::adequacy::Units units(std::size_t n, double rate) {
  gat::adequacy::Units u;
  for (std::size_t i = 0; i < n; ++i) {
    u.gen.push_back(static_cast<std::int32_t>(i));
    u.p_mw.push_back(50.0 + 10.0 * static_cast<double>(i % 7));
    u.forced_outage_rate.push_back(rate);
  }
  return u;
}

std::vector<double> load(std::size_t hours, double peak) {
  std::vector<double> l;
  for (std::size_t h = 0; h < hours; ++h) l.push_back(peak * (0.8 + 0.2 * std::sin(double(h) / 4)));
  return l;
}

TEST(Capacity, LimitingCases) {
  const auto l = load(48, 3000);
  CapacityOptions o;
  o.n_scenarios = 20;
  auto none = gat::adequacy::capacity_check(units(101, 0.0), l, o);  // 5,950 MW, never out
  EXPECT_EQ(none.lole_hours, 0.0);
  auto all = gat::adequacy::capacity_check(units(101, 1.0), l, o);  // always out
  EXPECT_EQ(all.lole_hours, 48.0);
  double energy = 0;
  for (double x : l) energy += x;
  EXPECT_NEAR(all.eue_mwh, energy, 1e-6 * energy);
}

TEST(Capacity, RefusesARateOutsideTheUnitIntervalNamingTheUnit) {
  auto u = units(3, 0.1);
  u.forced_outage_rate[1] = 1.5;
  try {
    gat::adequacy::capacity_check(u, load(4, 100), CapacityOptions{});
    ADD_FAILURE() << "a rate of 1.5 was accepted";
  } catch (const gat::ModelError& e) {
    EXPECT_EQ(e.element(), "unit 2 (generator row 2)");
  }
}

TEST(Capacity, SameResultsForAnyChunking) {
  const auto u = units(57, 0.08);
  const auto l = load(30, 4300);  // 57 units, 4,530 MW, about 4,170 MW available on average
  CapacityOptions o;
  o.seed = 12345;
  o.n_scenarios = 50;
  o.keep_shortfall = true;
  const auto whole = gat::adequacy::capacity_check(u, l, o);
  o.chunk_scenarios = 7;
  const auto chunked = gat::adequacy::capacity_check(u, l, o);
  EXPECT_EQ(whole.raw.shortfall_mw, chunked.raw.shortfall_mw);
  EXPECT_EQ(whole.raw.scenario_lol_hours, chunked.raw.scenario_lol_hours);
  EXPECT_EQ(whole.raw.hour_lol_count, chunked.raw.hour_lol_count);
  EXPECT_EQ(whole.lole_hours, chunked.lole_hours);
  EXPECT_EQ(whole.raw.hour_unserved_mwh, chunked.raw.hour_unserved_mwh);  // exact sums
  EXPECT_GT(whole.lole_hours, 0.0);  // the setting is tight enough to see shortfalls
  // Scenario ranges run apart (the chunks of a run) add up to the whole, bit for bit.
  o.chunk_scenarios = 0;
  std::vector<gat::adequacy::FixedSum> hours(l.size());
  std::vector<double> unserved;
  for (std::size_t first = 0; first < 50; first += 13) {
    o.first_scenario = first;
    o.n_scenarios = std::min<std::size_t>(13, 50 - first);
    const auto part = gat::adequacy::capacity_check(u, l, o);
    for (std::size_t h = 0; h < hours.size(); ++h) hours[h] += part.hour_unserved_mwh_sum[h];
    unserved.insert(unserved.end(), part.raw.scenario_unserved_mwh.begin(),
                    part.raw.scenario_unserved_mwh.end());
  }
  EXPECT_EQ(unserved, whole.raw.scenario_unserved_mwh);
  for (std::size_t h = 0; h < hours.size(); ++h)
    EXPECT_EQ(hours[h].value(), whole.raw.hour_unserved_mwh[h]) << h;
  o.first_scenario = 0;
  o.n_scenarios = 50;
  o.seed = 12346;
  const auto other = gat::adequacy::capacity_check(u, l, o);
  EXPECT_NE(whole.raw.shortfall_mw, other.raw.shortfall_mw);
}

TEST(Capacity, OutageFrequencyMatchesTheRate) {
  // One unit, many draws: the share of hours it is out is its rate (±5 σ).
  gat::adequacy::Units u = units(1, 0.1);
  CapacityOptions o;
  o.n_scenarios = 400;
  o.seed = 3;
  const std::vector<double> l(100, 1.0);  // any outage is a shortfall
  const auto r = gat::adequacy::capacity_check(u, l, o);
  const double p = r.lole_hours / 100.0, sigma = std::sqrt(0.1 * 0.9 / 40000.0);
  EXPECT_NEAR(p, 0.1, 5 * sigma);
}

TEST(GpuCapacity, EqualsTheCpu) {
  GAT_GPU_OR_SKIP(device);
  const auto net = gat::io::load_case("case_ACTIVSg2000");
  const auto u = gat::adequacy::units_from_case(net, 0.07);
  double installed = 0;
  for (double p : u.p_mw) installed += p;
  const auto l = load(200, 0.95 * installed);
  CapacityOptions o;
  o.seed = 99;
  o.n_scenarios = 64;
  o.keep_shortfall = true;
  const auto cpu = gat::adequacy::capacity_check(u, l, o);
  o.device = device;
  const auto gpu = gat::adequacy::capacity_check(u, l, o);
  EXPECT_EQ(cpu.raw.shortfall_mw, gpu.raw.shortfall_mw);  // same draws, same sums: same bits
  EXPECT_EQ(cpu.raw.scenario_unserved_mwh, gpu.raw.scenario_unserved_mwh);
  EXPECT_EQ(cpu.raw.hour_unserved_mwh, gpu.raw.hour_unserved_mwh);
  EXPECT_EQ(cpu.raw.hour_lol_count, gpu.raw.hour_lol_count);
  EXPECT_GT(cpu.lole_hours, 0.0);
  o.chunk_scenarios = 10;  // chunked on the device: the same per-scenario results
  const auto chunked = gat::adequacy::capacity_check(u, l, o);
  EXPECT_EQ(cpu.raw.shortfall_mw, chunked.raw.shortfall_mw);
}

}  // namespace
