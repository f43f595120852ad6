// A Monte Carlo estimate of an index from its value in each of n independent sampled years:
//   mean x̄ = Σ x_i / n,   s² = Σ (x_i − x̄)² / (n − 1),   standard error σ̂ = s / √n,
//   95 % confidence interval x̄ ± 1.96 σ̂ (the normal limit of the mean, fine for the hundreds
//   of years an adequacy study samples), coefficient of variation β = σ̂ / x̄ — the usual
//   stopping criterion of adequacy Monte Carlo (e.g. stop when β < 0.05).
#pragma once

#include <span>

namespace gat::adequacy {

struct Estimate {
  double mean = 0;
  double std_error = 0;  // 0 with fewer than two samples
  std::size_t n = 0;

  static constexpr double kZ95 = 1.959963984540054;
  double ci95_low() const { return mean - kZ95 * std_error; }
  double ci95_high() const { return mean + kZ95 * std_error; }
  // σ̂ / x̄; 0 when the mean is 0 (no loss of load sampled: nothing to be uncertain about yet).
  double coefficient_of_variation() const { return mean > 0 ? std_error / mean : 0.0; }
};

Estimate estimate_mean(std::span<const double> samples);

}  // namespace gat::adequacy
