// Which post-contingency violations a contingency study reports, shared by the DC screen (CPU
// and device paths) and the AC verification.
//
// As security analysis tools do (PowSyBl's "increased violations", PSS/E ACCC), a limit already
// violated before any outage is a pre-contingency violation, reported once on its own; after
// an outage the same element is reported again only when its violation got worse by more
// than a threshold. For a quantity x (a branch flow magnitude, |P| or |S|) with limit L:
//   reported  ⇔  |x_post| > L  and  ( |x_pre| ≤ L                                  new
//                                     or |x_post| > |x_pre| · (1 + min_increase_pct/100) )  worse
// i.e. a branch overloaded before the outage is reported when its loading |x|/rate grew by
// more than min_increase_pct percent of its pre-contingency loading (PowSyBl's
// flow-proportional threshold; 1 %: a branch at 120 % is reported above 121.2 %).
// A lower limit (an AC bus voltage below Vmin) mirrors it: new, or x_post < x_pre · (1 − p/100).
#pragma once

#include <cmath>

namespace gat::contingency {

struct ViolationFilter {
  double min_increase_pct = 1.0;  // ≥ 0
  bool all = false;               // report every post-contingency violation (no filter)

  // pre, post: the element's value before and after the outage; limit: the checked limit
  // (threshold · rate). Only asked about post-contingency values above the limit.
  bool reported(double pre, double post, double limit) const {
    const double before = std::abs(pre);
    return all || !(before > limit) || std::abs(post) > before * (1.0 + min_increase_pct / 100.0);
  }
  // The same for a lower limit: post below limit.
  bool reported_below(double pre, double post, double limit) const {
    return all || !(pre < limit) || post < pre * (1.0 - min_increase_pct / 100.0);
  }
};

// Throws UsageError unless min_increase_pct is a finite number ≥ 0.
void check(const ViolationFilter& filter);

}  // namespace gat::contingency
