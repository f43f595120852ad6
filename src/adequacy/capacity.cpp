#include "gat/adequacy/capacity.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>

#include "gat/adequacy/philox.hpp"
#include "gat/core/error.hpp"

namespace gat::adequacy {

Units units_from_case(const core::Network& net, double default_for) {
  if (!(default_for >= 0.0 && default_for <= 1.0))
    throw UsageError("forced outage rate must lie in [0, 1]");
  Units u;
  const auto& g = net.gens;
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (!g.in_service[i] || !(g.pmax_pu[i] > 0)) continue;
    u.gen.push_back(static_cast<std::int32_t>(i));
    u.p_mw.push_back(g.pmax_pu[i] * net.base_mva);
    u.forced_outage_rate.push_back(default_for);
  }
  return u;
}

std::vector<double> hourly_load_mw(const core::Network& net, const core::Scenario& scenario) {
  std::vector<double> load(scenario.n_hours());
  for (std::size_t h = 0; h < load.size(); ++h)
    load[h] = scenario.total_load_p_pu(h) * net.base_mva;
  return load;
}

accel::CapacityOutput capacity_check_cpu(const accel::CapacityProblem& p) {
  const std::size_t ns = p.n_scenarios, nh = p.load_mw.size(), nu = p.unit_mw.size();
  accel::CapacityOutput out;
  std::vector<double> shortfall(ns * nh);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, ns), [&](const auto& range) {
    for (std::size_t s = range.begin(); s < range.end(); ++s) {
      const std::uint64_t scenario = p.first_scenario + s;
      for (std::size_t h = 0; h < nh; ++h) {
        double capacity = 0.0;
        for (std::size_t u = 0; u < nu; u += 2) {
          // One block serves units u and u + 1 (availability_draw says which words).
          const auto r = philox4x32_10(
              {{static_cast<std::uint32_t>(u / 2), static_cast<std::uint32_t>(h),
                static_cast<std::uint32_t>(scenario), static_cast<std::uint32_t>(scenario >> 32)}},
              static_cast<std::uint32_t>(p.seed), static_cast<std::uint32_t>(p.seed >> 32));
          if (to_unit(r.v[0], r.v[1]) >= p.unit_for[u]) capacity += p.unit_mw[u];
          if (u + 1 < nu && to_unit(r.v[2], r.v[3]) >= p.unit_for[u + 1])
            capacity += p.unit_mw[u + 1];
        }
        shortfall[s * nh + h] = std::max(0.0, p.load_mw[h] - capacity);
      }
    }
  });
  // Sums in a fixed order (hours within a scenario, scenarios within an hour), as the device.
  out.scenario_lol_hours.assign(ns, 0);
  out.scenario_unserved_mwh.assign(ns, 0.0);
  out.hour_lol_count.assign(nh, 0);
  out.hour_unserved_mwh.assign(nh, 0.0);
  for (std::size_t s = 0; s < ns; ++s) {
    for (std::size_t h = 0; h < nh; ++h) {
      const double x = shortfall[s * nh + h];
      out.scenario_lol_hours[s] += x > 0.0;
      out.scenario_unserved_mwh[s] += x;
    }
  }
  for (std::size_t h = 0; h < nh; ++h) {
    for (std::size_t s = 0; s < ns; ++s) {
      const double x = shortfall[s * nh + h];
      out.hour_lol_count[h] += x > 0.0;
      out.hour_unserved_mwh[h] += x;
    }
  }
  if (p.keep_shortfall) out.shortfall_mw = std::move(shortfall);
  return out;
}

namespace {

void append(accel::CapacityOutput& all, accel::CapacityOutput&& part, bool first) {
  if (first) {
    all = std::move(part);
    return;
  }
  all.shortfall_mw.insert(all.shortfall_mw.end(), part.shortfall_mw.begin(),
                          part.shortfall_mw.end());
  all.scenario_lol_hours.insert(all.scenario_lol_hours.end(), part.scenario_lol_hours.begin(),
                                part.scenario_lol_hours.end());
  all.scenario_unserved_mwh.insert(all.scenario_unserved_mwh.end(),
                                   part.scenario_unserved_mwh.begin(),
                                   part.scenario_unserved_mwh.end());
  // Hour sums continue in scenario order: chunk after chunk.
  for (std::size_t h = 0; h < all.hour_lol_count.size(); ++h) {
    all.hour_lol_count[h] += part.hour_lol_count[h];
    all.hour_unserved_mwh[h] += part.hour_unserved_mwh[h];
  }
  all.seconds += part.seconds;
}

}  // namespace

CapacityResult capacity_check(const Units& units, std::span<const double> load_mw,
                              const CapacityOptions& options) {
  // A rate of 1 (a unit never available) is a limiting case state sampling handles; the COPT
  // and the sequential model need rates below 1.
  for (std::size_t u = 0; u < units.size(); ++u) {
    const double f = units.forced_outage_rate[u];
    if (!(f >= 0.0 && f <= 1.0))
      throw ModelError("unit " + std::to_string(u + 1) + " (generator row " +
                           std::to_string(units.gen[u] + 1) + ")",
                       "forced outage rate " + std::to_string(f) + " is outside [0, 1]");
  }
  if (load_mw.size() > 0xFFFFFFFFu) throw UsageError("capacity_check: too many hours");
  const auto start = std::chrono::steady_clock::now();
  CapacityResult result;
  result.hour_unserved_mwh_sum.assign(load_mw.size(), FixedSum{});
  const std::size_t nh = load_mw.size();
  const std::size_t chunk =
      options.chunk_scenarios > 0 ? options.chunk_scenarios : options.n_scenarios;
  for (std::size_t s0 = 0; s0 < options.n_scenarios || s0 == 0; s0 += chunk) {
    accel::CapacityProblem p;
    p.seed = options.seed;
    p.first_scenario = options.first_scenario + s0;
    p.n_scenarios = std::min(chunk, options.n_scenarios - s0);
    p.unit_mw = units.p_mw;
    p.unit_for = units.forced_outage_rate;
    p.load_mw = load_mw;
    p.keep_shortfall = true;  // for the exact per-hour sums
    auto part =
        options.device != nullptr ? options.device->capacity_check(p) : capacity_check_cpu(p);
    for (std::size_t s = 0; s < p.n_scenarios; ++s)
      for (std::size_t h = 0; h < nh; ++h)
        result.hour_unserved_mwh_sum[h].add(part.shortfall_mw[s * nh + h]);
    if (!options.keep_shortfall) part.shortfall_mw = {};
    append(result.raw, std::move(part), s0 == 0);
    if (options.n_scenarios == 0) break;
  }
  for (std::size_t h = 0; h < nh; ++h)
    result.raw.hour_unserved_mwh[h] = result.hour_unserved_mwh_sum[h].value();
  // LOLE and EUE from the per-scenario values, in scenario order: the same for any chunking.
  const std::vector<double> lol_hours(result.raw.scenario_lol_hours.begin(),
                                      result.raw.scenario_lol_hours.end());
  result.lole_h_estimate = estimate_mean(lol_hours);
  result.eue_mwh_estimate = estimate_mean(result.raw.scenario_unserved_mwh);
  result.lole_hours = result.lole_h_estimate.mean;
  result.eue_mwh = result.eue_mwh_estimate.mean;
  result.lolp = load_mw.empty() ? 0.0 : result.lole_hours / static_cast<double>(load_mw.size());
  result.backend = options.device != nullptr ? std::string(options.device->backend()) : "cpu";
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace gat::adequacy
