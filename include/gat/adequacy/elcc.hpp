// Effective load carrying capability (ELCC) of a plant or portfolio: the constant load addition
// Δ (MW, every hour) that the system with the plant carries at the reliability of the system
// without it,
//   ELCC = sup { Δ ≥ 0 : LOLE_with(Δ) ≤ LOLE_without(0) },
// found by bisection (LOLE_with is non-decreasing in Δ) on [0, plant capacity]: at Δ = the
// plant's capacity the system with the plant is never better than without, so the bracket
// holds. The supremum makes a perfectly reliable unit of C MW worth exactly C.
//
// "With" differs from "without" by units appended (a candidate unit) and/or renewables in the
// net load (adequacy/renewables.hpp). The COPT gives the exact ELCC. The Monte Carlo one
// compares both systems on common random numbers (adequacy/capacity_sample.hpp): the same
// draws for the shared units and the same weather years, so the difference of their LOLEs is
// not the noise of two independent samples. Its standard error is the delta method's:
//   D_y = lol_with,y(ELCC) − lol_without,y(0),   σ̂(ELCC) ≈ σ̂(D̄) / (dLOLE_with/dΔ),
// the slope a central difference of the sampled LOLE_with over ±slope_step_mw.
#pragma once

#include <vector>

#include "gat/adequacy/capacity_sample.hpp"
#include "gat/adequacy/copt.hpp"

namespace gat::adequacy {

struct ElccResult {
  double elcc_mw = 0;
  double std_error_mw = 0;   // 0 for the COPT
  double lole_without = 0;   // h/period, the target
  double lole_with = 0;      // at Δ = 0
  Estimate lole_difference;  // Monte Carlo: lol_with,y(0) − lol_without,y(0) per year (CRN)
};

// The exact ELCC. net_without / net_with: one net-load profile per weather year.
ElccResult elcc_copt(const Copt& without, const Copt& with,
                     const std::vector<std::vector<double>>& net_without,
                     const std::vector<std::vector<double>>& net_with, double upper_mw,
                     double tolerance_mw = 1e-6);

// The sampled ELCC; `without` and `with` from sample_capacity with the same seed and years.
ElccResult elcc_monte_carlo(const CapacitySample& without, const CapacitySample& with,
                            const std::vector<std::vector<double>>& net_without,
                            const std::vector<std::vector<double>>& net_with, double upper_mw,
                            double tolerance_mw = 0.01, double slope_step_mw = 10.0);

}  // namespace gat::adequacy
