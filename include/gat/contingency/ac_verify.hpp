// AC verification of contingencies: each (contingency, hour) re-solved with a full AC Newton
// power flow of the outaged network, warm-started from the hour's base-case solution.
//
// An outage is a small change to Ybus: the outaged branches' admittances are subtracted from
// its values with the sparsity pattern kept (pf::AcPowerFlow::remove_branches), so every solve
// reuses one Jacobian pattern and one symbolic factorization per thread. AC violations are
//   branch:   max(|S_f|, |S_t|) > threshold · rate          (apparent power, MVA)
//   voltage:  |V| > Vmax  or  |V| < Vmin                     (buses of solved islands)
// A limit already violated in the hour's base case is a pre-contingency violation
// (base_violations); after an outage it is reported only when options.report says it got worse
// (violation_filter.hpp: the flow |S|, or |V| beyond Vmax / below Vmin).
// A contingency that does not converge is a result (its status and final mismatch), as is one
// that islands the network (not solved: the DC screen flags those).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "gat/contingency/dc_screen.hpp"
#include "gat/contingency/outage.hpp"
#include "gat/core/scenario.hpp"
#include "gat/pf/ac_power_flow.hpp"

namespace gat::contingency {

struct AcVerifyOptions {
  Rating rating = Rating::kA;
  double threshold = 1.0;  // of the rating, for branch flows
  ViolationFilter report;  // which post-contingency violations are kept
  pf::AcPfOptions pf;      // Newton; tolerance, iterations, Q limits as for gat pf ac
  std::function<void(std::size_t, std::size_t)> progress;  // as DcScreenOptions::progress
};

// One (contingency, hour) to verify; hour indexes the scenario's hours.
struct AcCase {
  std::int32_t contingency;
  std::int32_t hour;
};

// The pairs a DC screen flagged (at least one violation), in (hour, contingency) order.
std::vector<AcCase> flagged_cases(const DcScreenResult& dc);
// Every screenable (contingency, hour) pair.
std::vector<AcCase> all_cases(std::size_t n_contingencies, std::size_t n_hours);

enum class AcStatus : std::uint8_t {
  kConverged,
  kNotConverged,      // iteration limit; the mismatch says how far
  kDiverged,          // non-finite mismatch
  kSingular,          // singular Jacobian
  kIslanding,         // the outage splits an island: not solved
  kNotInService,      // names a branch that carries no flow in the base case
  kBaseNotConverged,  // the hour's base case did not converge: nothing to start from
};
std::string_view to_string(AcStatus status);

struct AcOutcome {
  std::int32_t contingency;
  std::int32_t hour;
  AcStatus status;
  int iterations = 0;
  double max_mismatch_pu = 0;  // NaN when not solved
  std::int32_t n_violations = 0;
  double worst_loading = 0;  // largest branch loading (|S| / rate), violating or not
};

enum class AcViolationKind : std::uint8_t { kBranchFlow, kVoltageHigh, kVoltageLow };
std::string_view to_string(AcViolationKind kind);

struct AcViolation {
  std::int32_t contingency;  // −1 in base_violations
  std::int32_t hour;
  AcViolationKind kind;
  std::int32_t element;  // branch (kBranchFlow) or bus, dense index
  double value;          // |S| p.u. (MVA / base), or |V| p.u.
  double limit;          // rate p.u., or Vmax / Vmin
  double base_value;     // the same quantity in the hour's base case
};

struct AcVerifyResult {
  std::vector<AcOutcome> outcomes;           // parallel to the cases asked for
  std::vector<AcViolation> violations;       // sorted by (hour, contingency, kind, element)
  std::vector<AcViolation> base_violations;  // of converged base cases, by (hour, kind, element)
  std::vector<std::uint8_t> base_converged;  // per hour
  std::vector<pf::AcPfResult> base;          // per hour: the base-case solution
  double seconds_base = 0;
  double seconds_contingencies = 0;
  int threads = 1;
};

AcVerifyResult verify_ac(const core::Network& net, const core::Topology& topo,
                         std::span<const Outage> outages, const core::Scenario& scenario,
                         std::span<const AcCase> cases, const AcVerifyOptions& options = {});

}  // namespace gat::contingency
