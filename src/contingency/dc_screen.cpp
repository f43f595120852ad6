#include "gat/contingency/dc_screen.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <tuple>

#include "contingency/screen_device.hpp"
#include "contingency/screen_kernel.hpp"
#include "contingency/screen_reduce.hpp"
#include "gat/core/bridges.hpp"
#include "gat/core/error.hpp"
#include "gat/sens/dc_model.hpp"
#include "gat/sens/lodf.hpp"

namespace gat::contingency {

namespace {

using detail::kTile;

constexpr double kMinDenominator = 1e-10;  // as sens/lodf.cpp

double seconds_since(std::chrono::steady_clock::time_point& t) {
  const auto now = std::chrono::steady_clock::now();
  const double s = std::chrono::duration<double>(now - t).count();
  t = now;
  return s;
}

}  // namespace

// Status of every outage before screening: branches that carry no flow, and islanding.
std::vector<ContingencySummary> detail::classify(const sens::DcModel& model,
                                                 std::span<const Outage> outages) {
  std::vector<ContingencySummary> s(outages.size());
  for (std::size_t i = 0; i < outages.size(); ++i) {
    const auto& br = outages[i].branches;
    if (br.empty()) throw UsageError("contingency " + std::to_string(i) + " names no branch");
    for (auto k : br) {
      if (k < 0 || static_cast<std::size_t>(k) >= model.n_branches())
        throw UsageError("contingency " + std::to_string(i) + ": branch index out of range");
    }
    if (std::any_of(br.begin(), br.end(), [&](std::int32_t k) { return !model.active(k); })) {
      s[i].status = OutageStatus::kNotInService;
    } else if (br.size() == 1 ? model.bridges()[br[0]] != 0
                              : core::splits_network(model.n_buses(), model.from_buses(),
                                                     model.to_buses(), model.active_mask(), br)) {
      s[i].status = OutageStatus::kIslanding;
    }
  }
  return s;
}

namespace {

struct Shared {
  const sens::DcModel& model;
  detail::MonitoredFlows mon;
  const std::int32_t* index_of;  // per branch: its monitored row, −1 if none
  std::span<const Outage> outages;
  std::vector<ContingencySummary>& summary;
  bool prune;
};

// What one thread found in one screen.
struct Tally {
  std::vector<Violation> found;
  std::uint64_t checked = 0;
  double seconds_lodf = 0, seconds_check = 0;
};

}  // namespace

// A thread's buffers: the solver's and those of the block it screens. A task uses them only
// while it runs, so the screens of several chunks can share them.
struct DcScreenBase::Scratch {
  explicit Scratch(const sens::DcModel& model) : solver(model) {}
  sens::DcModel::Solver solver;
  std::vector<std::int32_t> rows;
  std::vector<double> psi, outaged;
};

struct DcScreenBase::ScratchPool {
  explicit ScratchPool(const sens::DcModel& model) : threads([&model] { return Scratch(model); }) {}
  tbb::enumerable_thread_specific<Scratch> threads;
};

namespace {

using Scratch = DcScreenBase::Scratch;

// A block of up to kTile single-branch outages: LODF tile (monitored rows), then the fused
// check against every hour.
//   ψ = B_f B'_r⁻¹ (e_f − e_t),  LODF(l, k) = ψ_l / (1 − ψ_k),  LODF(k, k) = −1.
void screen_singles(const Shared& s, std::span<const std::int32_t> items, Scratch& w,
                    Tally& tally) {
  const std::size_t nm = s.mon.n_monitored, nh = s.mon.n_hours, nc = items.size();
  std::array<std::int32_t, kTile> branch{}, contingency{};
  for (std::size_t j = 0; j < nc; ++j) {
    contingency[j] = items[j];
    branch[j] = s.outages[items[j]].branches[0];
  }
  w.rows.assign(s.mon.branch, s.mon.branch + nm);
  w.rows.insert(w.rows.end(), branch.begin(), branch.begin() + static_cast<std::ptrdiff_t>(nc));
  auto clock = std::chrono::steady_clock::now();
  w.psi.resize(w.rows.size() * kTile);
  if (nc < kTile) std::fill(w.psi.begin(), w.psi.end(), 0.0);
  w.solver.branch_transfers(std::span(branch.data(), nc), w.rows, w.psi, kTile);

  alignas(32) std::array<double, kTile> inv{};
  bool numerically_islanding = false;
  for (std::size_t j = 0; j < nc; ++j) {
    const double denominator = 1.0 - w.psi[(nm + j) * kTile + j];
    if (std::abs(denominator) < kMinDenominator) {
      s.summary[contingency[j]].status = OutageStatus::kIslanding;  // numerically a bridge
      numerically_islanding = true;
    } else {
      inv[j] = 1.0 / denominator;
    }
  }
  for (std::size_t l = 0; l < nm; ++l) {
    double* row = w.psi.data() + l * kTile;
    for (std::size_t j = 0; j < kTile; ++j) row[j] *= inv[j];
  }
  for (std::size_t j = 0; j < nc; ++j) {
    const auto m = s.index_of[branch[j]];
    if (m >= 0 && inv[j] != 0.0) w.psi[static_cast<std::size_t>(m) * kTile + j] = -1.0;
  }

  w.outaged.assign(nh * kTile + 2 * kTile, 0.0);
  double* omax = w.outaged.data() + nh * kTile;
  double* omin = omax + kTile;
  for (std::size_t j = 0; j < nc; ++j) {
    if (inv[j] == 0.0) continue;  // leaves a zero column: never a violation of its own
    omax[j] = -std::numeric_limits<double>::infinity();
    omin[j] = std::numeric_limits<double>::infinity();
    const double* row = s.mon.base + static_cast<std::size_t>(branch[j]) * s.mon.stride;
    for (std::size_t h = 0; h < nh; ++h) {
      const double f = row[h];
      w.outaged[h * kTile + j] = f;
      omax[j] = std::max(omax[j], f);
      omin[j] = std::min(omin[j], f);
    }
  }
  detail::BlockTile tile{nc, w.psi.data(), w.outaged.data(), omax, omin, contingency.data()};
  const auto before = static_cast<std::ptrdiff_t>(tally.found.size());
  tally.seconds_lodf += seconds_since(clock);
  tally.checked += detail::check_block(tile, s.mon, s.prune, tally.found);
  tally.seconds_check += seconds_since(clock);
  if (numerically_islanding) {
    // Its LODF column is 0: drop what its base flows alone reported.
    const auto tail =
        std::remove_if(tally.found.begin() + before, tally.found.end(), [&](const Violation& v) {
          return s.summary[v.contingency].status == OutageStatus::kIslanding;
        });
    tally.found.erase(tail, tally.found.end());
  }
}

// One multi-element outage S:  LODF_S = Ψ_S (I − Φ_SS)⁻¹,  P'_h = P_h + LODF_S P_h,S.
void screen_multi(const Shared& s, std::int32_t item, Scratch& w, Tally& tally) {
  const auto& br = s.outages[item].branches;
  const std::size_t nm = s.mon.n_monitored, nh = s.mon.n_hours, m = br.size();
  w.rows.assign(s.mon.branch, s.mon.branch + nm);
  w.rows.insert(w.rows.end(), br.begin(), br.end());
  w.psi.assign(w.rows.size() * m, 0.0);
  w.solver.branch_transfers(br, w.rows, w.psi, m);
  const std::vector<double> phi(w.psi.begin() + static_cast<std::ptrdiff_t>(nm * m), w.psi.end());
  if (!sens::multi_outage_lodf(std::span(w.psi.data(), nm * m), nm, phi, m)) {
    s.summary[item].status = OutageStatus::kIslanding;
    return;
  }
  for (std::size_t i = 0; i < m; ++i) {
    const auto r = s.index_of[br[i]];
    if (r < 0) continue;
    for (std::size_t j = 0; j < m; ++j)
      w.psi[static_cast<std::size_t>(r) * m + j] = i == j ? -1.0 : 0.0;
  }
  for (std::size_t l = 0; l < nm; ++l) {
    const double* t = w.psi.data() + l * m;
    const double* f = s.mon.flows(l);
    const double r = s.mon.limit[l];
    ++tally.checked;
    for (std::size_t h = 0; h < nh; ++h) {
      double post = f[h];
      for (std::size_t j = 0; j < m; ++j)
        post += t[j] * s.mon.base[static_cast<std::size_t>(br[j]) * s.mon.stride + h];
      if (std::abs(post) > r && s.mon.report.reported(f[h], post, r)) {
        tally.found.push_back(
            {item, s.mon.branch[l], static_cast<std::int32_t>(h), f[h], post, s.mon.rate[l]});
      }
    }
  }
}

// Work items: blocks of kTile single outages, then each multi-element outage on its own.
std::vector<std::vector<std::int32_t>> plan(std::span<const Outage> outages,
                                            const std::vector<ContingencySummary>& summary) {
  std::vector<std::vector<std::int32_t>> items;
  std::vector<std::int32_t> block;
  for (std::size_t i = 0; i < outages.size(); ++i) {
    if (summary[i].status != OutageStatus::kScreened) continue;
    const auto c = static_cast<std::int32_t>(i);
    if (outages[i].branches.size() > 1) {
      items.push_back({-1, c});  // marker −1: a multi-element outage
      continue;
    }
    block.push_back(c);
    if (block.size() == kTile) items.push_back(std::exchange(block, {}));
  }
  if (!block.empty()) items.push_back(std::move(block));
  return items;
}

}  // namespace

double Violation::loading() const {
  return std::abs(post_pu) / limit_pu;
}

void check(const ViolationFilter& filter) {
  if (!std::isfinite(filter.min_increase_pct) || filter.min_increase_pct < 0)
    throw UsageError("min_increase_pct must be a number >= 0, got " +
                     std::to_string(filter.min_increase_pct));
}

std::string_view to_string(OutageStatus status) {
  switch (status) {
    case OutageStatus::kScreened:
      return "screened";
    case OutageStatus::kIslanding:
      return "islanding";
    case OutageStatus::kNotInService:
      return "not_in_service";
  }
  return "unknown";
}

DcScreenBase::DcScreenBase(const core::Network& net, const sens::DcModel& model,
                           std::size_t n_hours, const sens::DcModel::InjectionFill& fill,
                           Rating rating, double threshold)
    : model_(model),
      flows_(model.flows_by_branch(n_hours, fill)),
      scratch_(std::make_unique<ScratchPool>(model)) {
  const auto& rate = ratings(net, rating);
  index_of_.assign(model.n_branches(), -1);
  for (std::size_t k = 0; k < model.n_branches(); ++k) {
    if (!model.active(k) || !(rate[k] > 0)) continue;
    index_of_[k] = static_cast<std::int32_t>(branch_.size());
    branch_.push_back(static_cast<std::int32_t>(k));
    rate_.push_back(rate[k]);
    limit_.push_back(threshold * rate[k]);
  }
}

DcScreenBase::~DcScreenBase() = default;

const DcScreenBase::Extremes& DcScreenBase::extremes(std::size_t first, std::size_t n) const {
  if (first + n > n_hours()) throw UsageError("screen_dc: hours beyond the base flows");
  RangeExtremes* range = nullptr;
  {
    std::lock_guard lock(mutex_);
    range = &extremes_[{first, n}];  // map nodes stay put
  }
  std::call_once(range->once, [&] {  // each range once; its other screens wait for it
    auto& x = range->extremes;
    const std::size_t nm = branch_.size();
    x.max.resize(nm);
    x.min.resize(nm);
    tbb::enumerable_thread_specific<std::vector<BaseViolation>> found;
    // Isolated: a worker waiting in here must not take a chunk that waits for this range.
    tbb::this_task_arena::isolate([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nm, 1024), [&](const auto& ls) {
        auto& v = found.local();
        for (std::size_t l = ls.begin(); l < ls.end(); ++l) {
          double hi = -std::numeric_limits<double>::infinity(), lo = -hi;
          const double* row = flows_.row(static_cast<std::size_t>(branch_[l]));
          for (std::size_t h = first; h < first + n; ++h) {
            const double f = row[h];
            hi = std::max(hi, f);
            lo = std::min(lo, f);
            if (std::abs(f) > limit_[l])
              v.push_back({branch_[l], static_cast<std::int32_t>(h - first), f, rate_[l]});
          }
          x.max[l] = hi;
          x.min[l] = lo;
        }
      });
    });
    for (const auto& v : found)
      x.base_violations.insert(x.base_violations.end(), v.begin(), v.end());
    std::sort(x.base_violations.begin(), x.base_violations.end(),
              [](const BaseViolation& a, const BaseViolation& b) {
                return std::tie(a.hour, a.branch) < std::tie(b.hour, b.branch);
              });
  });
  return range->extremes;
}

DcScreenResult screen_dc(const core::Network& net, const core::Topology& topo,
                         std::span<const Outage> outages, std::span<const double> p_bus,
                         std::size_t n_hours, const DcScreenOptions& options) {
  if (p_bus.size() != net.n_buses() * n_hours)
    throw UsageError("screen_dc: injections do not match buses × hours");
  check(options.report);
  if (options.device != nullptr)
    return detail::screen_dc_device(net, topo, outages, p_bus, n_hours, options);
  auto clock = std::chrono::steady_clock::now();
  const sens::DcModel model(net, topo, options.linear_solver);
  const double seconds_model = seconds_since(clock);
  const DcScreenBase base(
      net, model, n_hours,
      [&](std::size_t first, std::size_t m, std::span<double> p) {
        std::copy_n(p_bus.begin() + static_cast<std::ptrdiff_t>(first * net.n_buses()),
                    m * net.n_buses(), p.begin());
      },
      options.rating, options.threshold);
  const double seconds_flows = seconds_since(clock);
  auto result = screen_dc(base, 0, n_hours, outages, options);
  result.stats.seconds_model = seconds_model;
  result.stats.seconds_base += seconds_flows;
  return result;
}

DcScreenResult screen_dc(const DcScreenBase& base, std::size_t first_hour, std::size_t n_hours,
                         std::span<const Outage> outages, const DcScreenOptions& options) {
  check(options.report);
  const auto& model = base.model();
  DcScreenResult result;
  auto clock = std::chrono::steady_clock::now();
  const auto& ex = base.extremes(first_hour, n_hours);
  const double* flows = base.flows_.values.get() + first_hour;
  const detail::MonitoredFlows mon{
      base.n_monitored(),  n_hours,       base.n_hours(),     flows,
      ex.max.data(),       ex.min.data(), base.limit_.data(), base.rate_.data(),
      base.branch_.data(), options.report};
  result.stats.seconds_base = seconds_since(clock);

  result.contingencies = detail::classify(model, outages);
  const auto items = plan(outages, result.contingencies);
  const Shared shared{model,        mon, base.index_of_.data(), outages, result.contingencies,
                      options.prune};
  tbb::enumerable_thread_specific<Tally> tallies;
  std::atomic<std::size_t> done{0};
  std::mutex progress_lock;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, items.size(), 1), [&](const auto& range) {
    auto& w = base.scratch_->threads.local();
    auto& t = tallies.local();
    for (std::size_t i = range.begin(); i < range.end(); ++i) {
      const auto& item = items[i];
      if (item[0] < 0) {
        screen_multi(shared, item[1], w, t);
      } else {
        screen_singles(shared, item, w, t);
      }
      const auto n = done += item[0] < 0 ? 1 : item.size();
      if (options.progress && progress_lock.try_lock()) {
        options.progress(n, outages.size());
        progress_lock.unlock();
      }
    }
  });
  for (auto& t : tallies) {
    result.violations.insert(result.violations.end(), t.found.begin(), t.found.end());
    result.stats.pairs_checked += t.checked;
    result.stats.thread_seconds_lodf += t.seconds_lodf;
    result.stats.thread_seconds_check += t.seconds_check;
  }
  result.stats.seconds_screen = seconds_since(clock);
  result.monitored = base.branch_;
  result.base_violations = ex.base_violations;
  result.stats.n_base_violations = result.base_violations.size();
  result.stats.n_monitored = base.n_monitored();
  result.stats.n_hours = n_hours;
  detail::reduce(result, options.top_k);
  return result;
}

}  // namespace gat::contingency
