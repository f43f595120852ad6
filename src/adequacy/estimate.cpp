#include "gat/adequacy/estimate.hpp"

#include <cmath>

namespace gat::adequacy {

Estimate estimate_mean(std::span<const double> x) {
  Estimate e;
  e.n = x.size();
  if (x.empty()) return e;
  double sum = 0;
  for (double v : x) sum += v;
  e.mean = sum / static_cast<double>(x.size());
  if (x.size() < 2) return e;
  // Two passes: the deviations from the mean, not Σx² − n x̄², which cancels badly.
  double ss = 0;
  for (double v : x) ss += (v - e.mean) * (v - e.mean);
  e.std_error = std::sqrt(ss / static_cast<double>(x.size() - 1) / static_cast<double>(x.size()));
  return e;
}

}  // namespace gat::adequacy
