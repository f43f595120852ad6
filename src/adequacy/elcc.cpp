#include "gat/adequacy/elcc.hpp"

#include <functional>

#include "gat/adequacy/renewables.hpp"
#include "gat/core/error.hpp"

namespace gat::adequacy {

namespace {

// sup { Δ ∈ [0, upper] : lole(Δ) ≤ target }.
double bisect(const std::function<double(double)>& lole, double target, double upper,
              double tolerance) {
  if (!(upper >= 0.0) || !(tolerance > 0.0)) throw UsageError("ELCC: bad search interval");
  if (lole(upper) <= target) return upper;
  double lo = 0.0, hi = upper;
  while (hi - lo > tolerance) {
    const double mid = 0.5 * (lo + hi);
    (lole(mid) <= target ? lo : hi) = mid;
  }
  return lo;
}

std::vector<std::vector<double>> shifted(const std::vector<std::vector<double>>& net, double d) {
  auto out = net;
  for (auto& profile : out)
    for (double& l : profile) l += d;
  return out;
}

}  // namespace

ElccResult elcc_copt(const Copt& without, const Copt& with,
                     const std::vector<std::vector<double>>& net_without,
                     const std::vector<std::vector<double>>& net_with, double upper_mw,
                     double tolerance_mw) {
  ElccResult r;
  r.lole_without = copt_indices(without, net_without).lole;
  const auto lole_with = [&](double d) { return copt_indices(with, shifted(net_with, d)).lole; };
  r.lole_with = lole_with(0.0);
  r.elcc_mw = bisect(lole_with, r.lole_without, upper_mw, tolerance_mw);
  return r;
}

ElccResult elcc_monte_carlo(const CapacitySample& without, const CapacitySample& with,
                            const std::vector<std::vector<double>>& net_without,
                            const std::vector<std::vector<double>>& net_with, double upper_mw,
                            double tolerance_mw, double slope_step_mw) {
  if (without.seed != with.seed || without.years != with.years || without.hours != with.hours ||
      without.first_year != with.first_year)
    throw UsageError("ELCC: the two samples must share seed, years and hours (common numbers)");
  ElccResult r;
  const auto base = year_indices(without, net_without);
  r.lole_without = estimate_mean(base.lol_hours).mean;
  const auto lole_with = [&](double d) { return mean_lol_hours(with, net_with, d); };
  r.lole_with = lole_with(0.0);
  r.elcc_mw = bisect(lole_with, r.lole_without, upper_mw, tolerance_mw);
  const auto difference = [&](double d) {
    const auto w = year_indices(with, net_with, d);
    std::vector<double> diff(w.lol_hours.size());
    for (std::size_t y = 0; y < diff.size(); ++y) diff[y] = w.lol_hours[y] - base.lol_hours[y];
    return estimate_mean(diff);
  };
  r.lole_difference = difference(0.0);
  const double slope =
      (lole_with(r.elcc_mw + slope_step_mw) - lole_with(std::max(0.0, r.elcc_mw - slope_step_mw))) /
      (r.elcc_mw + slope_step_mw - std::max(0.0, r.elcc_mw - slope_step_mw));
  r.std_error_mw = slope > 0.0 ? difference(r.elcc_mw).std_error / slope : 0.0;
  return r;
}

}  // namespace gat::adequacy
