#include "gat/adequacy/capacity_sample.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_reduce.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "gat/adequacy/philox.hpp"
#include "gat/adequacy/renewables.hpp"
#include "gat/adequacy/sequential.hpp"
#include "gat/core/error.hpp"

namespace gat::adequacy {

namespace {

void check_rates(const Units& units) {
  for (std::size_t u = 0; u < units.size(); ++u) {
    const double q = units.forced_outage_rate[u];
    if (!(q >= 0.0 && q <= 1.0))
      throw ModelError("unit " + std::to_string(u + 1),
                       "forced outage rate " + std::to_string(q) + " is outside [0, 1]");
  }
}

const std::vector<double>& weather_load(const CapacitySample& s,
                                        const std::vector<std::vector<double>>& net,
                                        std::size_t y) {
  return net[weather_year_draw(s.seed, s.first_year + y, net.size())];
}

void check_loads(const CapacitySample& s, const std::vector<std::vector<double>>& net) {
  if (net.empty()) throw UsageError("no net-load profile");
  for (const auto& l : net)
    if (l.size() != s.hours)
      throw UsageError("a net-load profile of " + std::to_string(l.size()) +
                       " hours against a capacity sample of " + std::to_string(s.hours));
}

// The sample is kept whole: refuse one that would take more than half of this machine's memory
// up front, rather than failing (or being killed) part way through.
void check_fits_in_memory(std::size_t years, std::size_t hours) {
  const double bytes = static_cast<double>(years) * static_cast<double>(hours) * sizeof(double);
  const double memory =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
  if (memory > 0 && bytes > memory / 2) {
    char msg[200];
    std::snprintf(msg, sizeof msg,
                  "a capacity sample of %zu years x %zu hours needs %.1f GB in memory, more than "
                  "half of this machine's %.1f GB: sample fewer years",
                  years, hours, bytes / 1e9, memory / 1e9);
    throw UsageError(msg);
  }
}

}  // namespace

CapacitySample sample_capacity(const Units& units, std::size_t hours, std::size_t years,
                               std::uint64_t seed, Sampling sampling, std::size_t first_year) {
  check_rates(units);
  if (sampling == Sampling::sequential) {
    if (units.mttr_h.size() != units.size())
      throw UsageError("sequential sampling needs a repair time (MTTR) for every unit");
    for (std::size_t u = 0; u < units.size(); ++u)
      if (!(units.mttr_h[u] > 0.0) || !(units.forced_outage_rate[u] < 1.0))
        throw ModelError("unit " + std::to_string(u + 1),
                         "sequential sampling needs MTTR > 0 and a forced outage rate below 1");
  }
  if (hours > 0xFFFFFFFEu) throw UsageError("capacity sample: too many hours");
  check_fits_in_memory(years, hours);
  CapacitySample s{seed, years, hours, first_year, std::vector<double>(years * hours, 0.0)};
  tbb::parallel_for(std::size_t{0}, years, [&](std::size_t i) {
    double* a = s.available_mw.data() + i * hours;
    const std::size_t y = first_year + i;
    if (sampling == Sampling::sequential) {
      const auto up = sequential_available_mw(units, hours, seed, y);
      std::copy(up.begin(), up.end(), a);
      return;
    }
    for (std::size_t h = 0; h < hours; ++h) {
      double capacity = 0.0;  // summed in unit order, as capacity_check_cpu
      for (std::size_t u = 0; u < units.size(); ++u)
        if (availability_draw(seed, y, static_cast<std::uint32_t>(h),
                              static_cast<std::uint32_t>(u)) >= units.forced_outage_rate[u])
          capacity += units.p_mw[u];
      a[h] = capacity;
    }
  });
  return s;
}

YearIndices year_indices(const CapacitySample& s, const std::vector<std::vector<double>>& net,
                         double added_mw) {
  check_loads(s, net);
  YearIndices r;
  r.lol_hours.assign(s.years, 0.0);
  r.unserved_mwh.assign(s.years, 0.0);
  r.events.assign(s.years, 0.0);
  tbb::parallel_for(std::size_t{0}, s.years, [&](std::size_t y) {
    const auto& load = weather_load(s, net, y);
    const double* a = s.available_mw.data() + y * s.hours;
    bool short_before = false;
    for (std::size_t h = 0; h < s.hours; ++h) {
      const double shortfall = load[h] + added_mw - a[h];
      const bool is_short = shortfall > kShortfallTolerance;
      if (is_short) {
        r.lol_hours[y] += 1;
        r.unserved_mwh[y] += shortfall;
        if (!short_before) r.events[y] += 1;
      }
      short_before = is_short;
    }
  });
  return r;
}

double mean_lol_hours(const CapacitySample& s, const std::vector<std::vector<double>>& net,
                      double added_mw) {
  check_loads(s, net);
  // Integer counts: the sum is exact in any order.
  const std::size_t total = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, s.years), std::size_t{0},
      [&](const tbb::blocked_range<std::size_t>& range, std::size_t acc) {
        for (std::size_t y = range.begin(); y < range.end(); ++y) {
          const auto& load = weather_load(s, net, y);
          const double* a = s.available_mw.data() + y * s.hours;
          for (std::size_t h = 0; h < s.hours; ++h)
            acc += load[h] + added_mw - a[h] > kShortfallTolerance;
        }
        return acc;
      },
      std::plus<>());
  return s.years == 0 ? 0.0 : static_cast<double>(total) / static_cast<double>(s.years);
}

}  // namespace gat::adequacy
