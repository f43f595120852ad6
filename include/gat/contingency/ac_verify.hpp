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
  // Threads for the contingencies (0: the arena's). With 1 the results are bit for bit the
  // same on every run: a Newton solver keeps the pivots of its first factorization, so which
  // cases a thread solved first shows in the last bits of the others.
  int threads = 0;
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

// The AC base cases of a run of hours: each hour's injections and solution, and the limits
// violated before any outage. Solved once and shared by the verification of every
// contingency in those hours.
struct AcBaseCases {
  std::size_t n_buses = 0, n_gens = 0;
  std::vector<double> load_p, load_q, gen_p;  // injections, p.u., hour after hour
  std::vector<pf::AcPfResult> solution;       // per hour
  std::vector<AcStatus> status;               // per hour: kConverged or why not
  std::vector<AcViolation> violations;        // of converged hours, by (hour, kind, element)
  double seconds = 0;

  std::size_t n_hours() const { return solution.size(); }
  bool converged(std::size_t hour) const { return status[hour] == AcStatus::kConverged; }
  pf::Injections injections(std::size_t hour) const;
};

// The base cases of the profile's hours [first_hour, first_hour + n_hours) (the case as one
// hour without a profile), numbered from 0. Solved in order on the calling thread, one solver
// for all: the same hours give the same bits wherever they are solved.
AcBaseCases solve_base_cases(const core::Network& net, const core::Topology& topo,
                             const core::Scenario& scenario, std::size_t first_hour,
                             std::size_t n_hours, const AcVerifyOptions& options = {});

struct AcVerifyResult {
  std::vector<AcOutcome> outcomes;      // parallel to the cases asked for
  std::vector<AcViolation> violations;  // sorted by (hour, contingency, kind, element)
  AcBaseCases base;  // the hours' base cases (the form that solves them; else empty)
  double seconds_contingencies = 0;
  int threads = 1;
};

// The cases' hours index base's hours.
AcVerifyResult verify_ac_from_base(const core::Network& net, const core::Topology& topo,
                                   std::span<const Outage> outages, const AcBaseCases& base,
                                   std::span<const AcCase> cases,
                                   const AcVerifyOptions& options = {});

// The same for every hour of the profile (or the case as one hour), base cases included.
AcVerifyResult verify_ac(const core::Network& net, const core::Topology& topo,
                         std::span<const Outage> outages, const core::Scenario& scenario,
                         std::span<const AcCase> cases, const AcVerifyOptions& options = {});

}  // namespace gat::contingency
