#include "gat/adequacy/sequential.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <chrono>
#include <cmath>
#include <string>

#include "gat/adequacy/philox.hpp"
#include "gat/adequacy/renewables.hpp"
#include "gat/core/error.hpp"

namespace gat::adequacy {

namespace {

struct YearSample {
  double lol_hours = 0, unserved_mwh = 0, events = 0;
};

// Uniform draws of one (year, unit): pairs from consecutive Philox blocks.
class UnitStream {
 public:
  UnitStream(std::uint64_t seed, std::uint64_t year, std::uint32_t unit)
      : seed_(seed), year_(year), unit_(unit) {}
  double next() {
    if (i_ % 2 == 0) {
      block_ = philox4x32_10(
          {{static_cast<std::uint32_t>(i_ / 2), unit_, static_cast<std::uint32_t>(year_),
            static_cast<std::uint32_t>(year_ >> 32)}},
          static_cast<std::uint32_t>(seed_), static_cast<std::uint32_t>(seed_ >> 32));
    }
    const bool first = i_++ % 2 == 0;
    return first ? to_unit(block_.v[0], block_.v[1]) : to_unit(block_.v[2], block_.v[3]);
  }

 private:
  std::uint64_t seed_, year_;
  std::uint32_t unit_;
  std::uint64_t i_ = 0;
  PhiloxBlock block_{};
};

// Adds unit u's capacity to every hour whose start it is up at, through a difference array
// (capacity changes at the first hour start after each transition).
void add_unit_year(const Units& units, std::size_t u, std::uint64_t seed, std::uint64_t year,
                   std::vector<double>& diff) {
  const double q = units.forced_outage_rate[u];
  const double mttr = units.mttr_h[u];
  const double n_hours = static_cast<double>(diff.size() - 1);
  const double p = units.p_mw[u];
  if (q == 0.0) {  // never fails
    diff.front() += p;
    diff.back() -= p;
    return;
  }
  const double mttf = mttr * (1.0 - q) / q;
  UnitStream draw(seed, year, static_cast<std::uint32_t>(u));
  bool up = draw.next() >= q;
  double t = 0.0;
  const auto first_hour_from = [&](double time) {
    return static_cast<std::size_t>(std::min(n_hours, std::ceil(time)));
  };
  while (t < n_hours) {
    // Exponential duration: −mean · ln(1 − U), U in [0, 1).
    const double end = t - (up ? mttf : mttr) * std::log1p(-draw.next());
    if (up) {
      diff[first_hour_from(t)] += p;
      diff[first_hour_from(end)] -= p;
    }
    t = end;
    up = !up;
  }
}

YearSample sample_year(const Units& units, std::span<const double> load_mw, std::uint64_t seed,
                       std::uint64_t year) {
  const auto available = sequential_available_mw(units, load_mw.size(), seed, year);
  YearSample s;
  bool short_before = false;
  for (std::size_t h = 0; h < load_mw.size(); ++h) {
    const double shortfall = load_mw[h] - available[h];
    const bool is_short = shortfall > kShortfallTolerance;
    if (is_short) {
      s.lol_hours += 1;
      s.unserved_mwh += shortfall;
      if (!short_before) s.events += 1;
    }
    short_before = is_short;
  }
  return s;
}

void check_units(const Units& units) {
  if (units.mttr_h.size() != units.size())
    throw UsageError("sequential Monte Carlo needs a repair time (MTTR) for every unit");
  for (std::size_t u = 0; u < units.size(); ++u) {
    const std::string name = "unit " + std::to_string(u + 1);
    const double q = units.forced_outage_rate[u];
    if (!(q >= 0.0 && q < 1.0))
      throw ModelError(name, "forced outage rate " + std::to_string(q) + " is outside [0, 1)");
    if (!(units.mttr_h[u] > 0.0) || !std::isfinite(units.mttr_h[u]))
      throw ModelError(name, "MTTR " + std::to_string(units.mttr_h[u]) + " h must be > 0");
    if (!(units.p_mw[u] >= 0.0) || !std::isfinite(units.p_mw[u]))
      throw ModelError(name, "capacity must be a finite number of MW >= 0");
  }
}

}  // namespace

std::vector<double> sequential_available_mw(const Units& units, std::size_t n_hours,
                                            std::uint64_t seed, std::uint64_t year) {
  std::vector<double> diff(n_hours + 1, 0.0);
  for (std::size_t u = 0; u < units.size(); ++u) add_unit_year(units, u, seed, year, diff);
  double available = 0.0;
  for (std::size_t h = 0; h < n_hours; ++h) {
    available += diff[h];
    diff[h] = available;
  }
  diff.pop_back();
  return diff;
}

SequentialResult sequential_monte_carlo(const Units& units, std::span<const double> load_mw,
                                        const SequentialOptions& options) {
  const std::vector<std::vector<double>> one{std::vector<double>(load_mw.begin(), load_mw.end())};
  return sequential_monte_carlo(units, one, options);
}

namespace {

void check_loads(const std::vector<std::vector<double>>& net_load_mw) {
  if (net_load_mw.empty()) throw UsageError("sequential Monte Carlo: no load profile");
  for (const auto& l : net_load_mw)
    if (l.size() != net_load_mw.front().size())
      throw UsageError("sequential Monte Carlo: load profiles of different lengths");
}

void check_options(const SequentialOptions& o) {
  if (o.max_years == 0 || o.batch_years == 0)
    throw UsageError("sequential Monte Carlo: max_years and batch_years must be positive");
  if (!(o.target_cov >= 0.0)) throw UsageError("sequential Monte Carlo: target_cov must be >= 0");
}

// Whether the run stops after its first `done` years.
bool target_reached(const Estimate& lole, std::size_t done, const SequentialOptions& o) {
  return o.target_cov > 0.0 && done >= o.min_years && lole.mean > 0.0 &&
         lole.coefficient_of_variation() <= o.target_cov;
}

}  // namespace

YearIndices sequential_years(const Units& units,
                             const std::vector<std::vector<double>>& net_load_mw,
                             std::uint64_t seed, std::size_t first, std::size_t n) {
  check_units(units);
  check_loads(net_load_mw);
  std::vector<YearSample> years(n);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
    const std::size_t y = first + i;
    years[i] =
        sample_year(units, net_load_mw[weather_year_draw(seed, y, net_load_mw.size())], seed, y);
  });
  YearIndices r;
  for (const auto& y : years) {
    r.lol_hours.push_back(y.lol_hours);
    r.unserved_mwh.push_back(y.unserved_mwh);
    r.events.push_back(y.events);
  }
  return r;
}

SequentialStop sequential_stop(std::span<const double> year_lol_hours, const SequentialOptions& o) {
  check_options(o);
  const std::size_t n = std::min(o.max_years, year_lol_hours.size());
  for (std::size_t done = 0; done < n;) {
    done = std::min(n, done + o.batch_years);
    if (target_reached(estimate_mean(year_lol_hours.first(done)), done, o)) return {done, true};
  }
  return {n, false};
}

SequentialResult sequential_monte_carlo(const Units& units,
                                        const std::vector<std::vector<double>>& net_load_mw,
                                        const SequentialOptions& o) {
  check_units(units);
  check_loads(net_load_mw);
  check_options(o);
  const std::size_t n_hours = net_load_mw.front().size();
  const auto start = std::chrono::steady_clock::now();
  SequentialResult r;
  while (r.year_lol_hours.size() < o.max_years) {
    const std::size_t first = r.year_lol_hours.size();
    const auto batch = sequential_years(units, net_load_mw, o.seed, first,
                                        std::min(o.max_years, first + o.batch_years) - first);
    r.year_lol_hours.insert(r.year_lol_hours.end(), batch.lol_hours.begin(), batch.lol_hours.end());
    r.year_unserved_mwh.insert(r.year_unserved_mwh.end(), batch.unserved_mwh.begin(),
                               batch.unserved_mwh.end());
    r.year_events.insert(r.year_events.end(), batch.events.begin(), batch.events.end());
    r.lole_h = estimate_mean(r.year_lol_hours);
    if (target_reached(r.lole_h, r.year_lol_hours.size(), o)) {
      r.reached_target = true;
      break;
    }
  }
  r.years = r.year_lol_hours.size();
  r.eue_mwh = estimate_mean(r.year_unserved_mwh);
  r.lolf = estimate_mean(r.year_events);
  r.lold_h = r.lolf.mean > 0.0 ? r.lole_h.mean / r.lolf.mean : 0.0;
  r.lolp = n_hours == 0 ? 0.0 : r.lole_h.mean / static_cast<double>(n_hours);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace gat::adequacy
