// N-1 (and N-k) DC contingency screening over hours.
//
// For hour h and single-branch outage k, post-contingency flows follow from the base flows P
// by the outage distribution factors (sens/lodf.hpp):
//   P'_h = P_h + LODF(:, k) · P_h,k,          multi-element S:  P'_h = P_h + LODF_S · P_h,S
// and every monitored branch l (a branch with a rating) is checked in the same pass:
//   violation  ⇔  |P'_h,l| > threshold · rate_l.
// Only violations are kept, and of those only the ones options.report lets through
// (violation_filter.hpp): a branch already above its limit in the base case (a
// pre-contingency violation, listed once in base_violations) is reported after an outage only
// when the outage made it worse by more than min_increase_pct. The LODF is never formed whole:
// contingencies are taken in blocks of 16, the block's LODF columns restricted to monitored rows (M
// × 16) are computed from one multiple-right-hand-side solve of B', and the block is checked
// against every hour while its tile is in cache. Blocks run in parallel (oneTBB); each thread has
// its own factorization.
//
// Pruning (exact, on by default): for branch l and outage k over all hours,
//   max_h P'_h,l ≤ max_h P_h,l + max(L_lk · max_h P_h,k, L_lk · min_h P_h,k)
// (and the mirror bound for the minimum), so when both bounds are within ±rate_l no hour can
// violate and the hour loop is skipped. No violation is ever missed.
//
// On a device (options.device, accel/device.hpp) the same screen runs fused on the GPU
// (gpu/dc_screen.cpp): base flows, LODF columns and the check all there, in f64 (violations
// identical to the CPU's), f32, or auto (f32 with a proven margin, candidates re-checked in
// f64: identical to f64). Multi-element outages are screened on the CPU either way.
//
// Islanding outages (bridges, or sets that split an island) are flagged, not screened: their
// post-contingency flows depend on how the islanded part is re-balanced, which the DC
// distribution factors cannot say.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "gat/accel/device.hpp"
#include "gat/contingency/outage.hpp"
#include "gat/contingency/violation_filter.hpp"
#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"
#include "gat/sens/dc_model.hpp"

namespace gat::contingency {

struct DcScreenOptions {
  Rating rating = Rating::kA;
  double threshold = 1.0;  // keep post-contingency loading above threshold · rate
  std::size_t top_k = 5;
  bool prune = true;
  ViolationFilter report;  // which post-contingency violations are kept
  std::string linear_solver = "klu";
  accel::Device* device = nullptr;  // screen on this device (not owned); nullptr: the CPU
  accel::Precision precision = accel::Precision::kAuto;  // on a device
  // Called now and then with (contingencies done, total), from any thread, never two at once.
  std::function<void(std::size_t, std::size_t)> progress;
};

// A monitored branch above its limit (threshold · rate) before any outage.
struct BaseViolation {
  std::int32_t branch;  // dense index
  std::int32_t hour;    // index into the hours
  double flow_pu;       // base-case flow, from end
  double limit_pu;      // rating
  double loading() const { return std::abs(flow_pu) / limit_pu; }
};

// A reported post-contingency violation.
struct Violation {
  std::int32_t contingency;  // index into the outage list
  std::int32_t branch;       // monitored branch, dense index
  std::int32_t hour;         // index into the hours
  double pre_pu;             // base-case flow, from end
  double post_pu;            // post-contingency flow, from end
  double limit_pu;           // rating
  double loading() const;    // |post| / limit
};

enum class OutageStatus : std::uint8_t {
  kScreened,
  kIslanding,     // splits an island: flagged, not screened
  kNotInService,  // names a branch that carries no flow in the base case
};
std::string_view to_string(OutageStatus status);

struct ContingencySummary {
  OutageStatus status = OutageStatus::kScreened;
  std::int64_t n_violations = 0;
  double worst_loading = 0;  // largest |post| / limit among its violations (0 if none)
  std::int32_t worst_branch = -1;
  std::int32_t worst_hour = -1;
};

// The worst contingencies of one monitored branch in one hour (rank 1 = worst).
struct TopViolation {
  std::int32_t branch;
  std::int32_t hour;
  std::int32_t rank;
  std::int32_t contingency;
  double post_pu;
  double limit_pu;
  double loading;
};

struct ScreenStats {
  std::size_t n_monitored = 0;
  std::size_t n_hours = 0;
  std::size_t n_screened = 0;
  std::size_t n_islanding = 0;
  std::size_t n_base_violations = 0;    // base_violations.size()
  std::uint64_t pairs_total = 0;        // (monitored, contingency) pairs screened
  std::uint64_t pairs_checked = 0;      // of which went through the hour loop (not pruned)
  double seconds_model = 0;             // B' and its factorization
  double seconds_base = 0;              // base flows of every hour
  double seconds_screen = 0;            // LODF blocks + fused check (wall)
  double thread_seconds_lodf = 0;       // of which, summed over threads: LODF tiles (solves)
  double thread_seconds_check = 0;      // and the fused flow/limit check
  std::string backend = "cpu";          // or the device's back end ("cuda")
  accel::DcScreenOutput::Stats device;  // phases on the device, when there
};

struct DcScreenResult {
  std::vector<Violation> violations;              // sorted by (hour, contingency, branch)
  std::vector<BaseViolation> base_violations;     // sorted by (hour, branch)
  std::vector<ContingencySummary> contingencies;  // parallel to the outage list
  std::vector<TopViolation> top;                  // sorted by (hour, branch, rank)
  std::vector<std::int32_t> monitored;            // dense branch indices
  ScreenStats stats;
};

// p_bus: n_buses injections (p.u.) per hour, hour after hour (hourly_injections()).
DcScreenResult screen_dc(const core::Network& net, const core::Topology& topo,
                         std::span<const Outage> outages, std::span<const double> p_bus,
                         std::size_t n_hours, const DcScreenOptions& options = {});

// What the screens of many blocks of contingencies in the same hours share (the chunks of the
// nminus1 dc study): the model, every hour's base flows laid out branch after branch (a
// branch's hours contiguous, as the fused check reads them), and the extremes of the
// monitored branches' flows over each range of hours screened (for pruning), computed by the
// first screen of that range. Thread-safe.
class DcScreenBase {
 public:
  // fill: the bus injections of blocks of hours (sens::DcModel::flows_by_branch).
  DcScreenBase(const core::Network& net, const sens::DcModel& model, std::size_t n_hours,
               const sens::DcModel::InjectionFill& fill, Rating rating, double threshold);
  ~DcScreenBase();
  DcScreenBase(const DcScreenBase&) = delete;
  DcScreenBase& operator=(const DcScreenBase&) = delete;

  const sens::DcModel& model() const { return model_; }
  std::size_t n_hours() const { return flows_.n_cases; }
  std::size_t n_monitored() const { return branch_.size(); }

  // Per monitored branch over hours [first, first + n): largest and smallest base flow;
  // and the monitored branches above their limit before any outage (hours from first).
  struct Extremes {
    std::vector<double> max, min;
    std::vector<BaseViolation> base_violations;  // sorted by (hour, branch)
  };
  const Extremes& extremes(std::size_t first, std::size_t n) const;

  struct Scratch;  // per thread: a solver on B' and a block's buffers, kept between screens

 private:
  friend DcScreenResult screen_dc(const DcScreenBase& base, std::size_t first_hour,
                                  std::size_t n_hours, std::span<const Outage> outages,
                                  const DcScreenOptions& options);

  const sens::DcModel& model_;
  sens::DcModel::BranchFlows flows_;
  std::vector<std::int32_t> branch_;    // monitored branches (rated, in service)
  std::vector<std::int32_t> index_of_;  // per branch: its row in branch_, −1 if not monitored
  std::vector<double> limit_, rate_;    // threshold · rate, rate (p.u.)
  struct RangeExtremes {
    std::once_flag once;
    Extremes extremes;
  };
  mutable std::mutex mutex_;
  mutable std::map<std::pair<std::size_t, std::size_t>, RangeExtremes> extremes_;
  struct ScratchPool;
  std::unique_ptr<ScratchPool> scratch_;
};

// The screen (on the CPU) of `outages` in hours [first_hour, first_hour + n_hours) of base;
// the result counts hours from first_hour (hour 0 is first_hour). The rating and threshold
// are base's; options.device is ignored.
DcScreenResult screen_dc(const DcScreenBase& base, std::size_t first_hour, std::size_t n_hours,
                         std::span<const Outage> outages, const DcScreenOptions& options = {});

}  // namespace gat::contingency
