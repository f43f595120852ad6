#include "gat/contingency/ac_verify.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <tuple>

#include "gat/core/bridges.hpp"
#include "gat/core/error.hpp"

namespace gat::contingency {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Solved islands all converged (an island without generation is not energized, not a failure).
AcStatus status_of(const pf::AcPfResult& r) {
  AcStatus worst = AcStatus::kConverged;
  for (const auto& o : r.islands) {
    switch (o.status) {
      case pf::IslandStatus::kSolved:
      case pf::IslandStatus::kNoGeneration:
        break;
      case pf::IslandStatus::kDiverged:
        return AcStatus::kDiverged;
      case pf::IslandStatus::kSingular:
        worst = AcStatus::kSingular;
        break;
      case pf::IslandStatus::kNotConverged:
      case pf::IslandStatus::kQLimitFailed:
        if (worst == AcStatus::kConverged) worst = AcStatus::kNotConverged;
        break;
    }
  }
  return worst;
}

// Outages that carry no flow or split an island, found on the graph as the DC screen does.
std::vector<AcStatus> classify(const core::Network& net, const core::Topology& topo,
                               std::span<const Outage> outages) {
  const auto& br = net.branches;
  std::vector<std::uint8_t> active(br.size(), 0);
  for (std::size_t k = 0; k < br.size(); ++k) {
    const auto fi = topo.bus_island[br.from_bus[k]], ti = topo.bus_island[br.to_bus[k]];
    active[k] = br.in_service[k] && fi >= 0 && ti >= 0 && topo.islands[fi].solvable();
  }
  const auto bridge = core::find_bridges(net.n_buses(), br.from_bus, br.to_bus, active);
  std::vector<AcStatus> s(outages.size(), AcStatus::kConverged);
  for (std::size_t i = 0; i < outages.size(); ++i) {
    const auto& b = outages[i].branches;
    if (std::any_of(b.begin(), b.end(), [&](std::int32_t k) { return !active[k]; })) {
      s[i] = AcStatus::kNotInService;
    } else if (b.size() == 1
                   ? bridge[b[0]] != 0
                   : core::splits_network(net.n_buses(), br.from_bus, br.to_bus, active, b)) {
      s[i] = AcStatus::kIslanding;
    }
  }
  return s;
}

struct Checker {
  const core::Network& net;
  const std::vector<double>& rate;
  double threshold;
  ViolationFilter report;

  static double apparent(const pf::AcPfResult& r, std::size_t k) {
    return std::max(std::hypot(r.pf_pu[k], r.qf_pu[k]), std::hypot(r.pt_pu[k], r.qt_pu[k]));
  }

  // Appends the violations of solution r (base: the hour's base case) that `filter` reports
  // and fills the outcome's count and worst loading. The base case itself: r = base, with
  // filter.all (every violation).
  void check(const pf::AcPfResult& r, const pf::AcPfResult& base, std::span<const std::int32_t> out,
             const ViolationFilter& filter, AcOutcome& o, std::vector<AcViolation>& found) const {
    const auto before = found.size();
    for (std::size_t k = 0; k < net.n_branches(); ++k) {
      if (!(rate[k] > 0) || !net.branches.in_service[k] || !std::isfinite(r.pf_pu[k])) continue;
      if (std::find(out.begin(), out.end(), static_cast<std::int32_t>(k)) != out.end()) continue;
      const double s = apparent(r, k), s0 = apparent(base, k), limit = threshold * rate[k];
      o.worst_loading = std::max(o.worst_loading, s / rate[k]);
      if (s > limit && filter.reported(s0, s, limit)) {
        found.push_back({o.contingency, o.hour, AcViolationKind::kBranchFlow,
                         static_cast<std::int32_t>(k), s, rate[k], s0});
      }
    }
    for (std::size_t i = 0; i < net.n_buses(); ++i) {
      const double vm = r.vm_pu[i], vm0 = base.vm_pu[i];
      if (!std::isfinite(vm)) continue;
      const auto b = static_cast<std::int32_t>(i);
      const double hi = net.buses.vmax_pu[i], lo = net.buses.vmin_pu[i];
      if (vm > hi && filter.reported(vm0, vm, hi)) {
        found.push_back({o.contingency, o.hour, AcViolationKind::kVoltageHigh, b, vm, hi, vm0});
      } else if (vm < lo && filter.reported_below(vm0, vm, lo)) {
        found.push_back({o.contingency, o.hour, AcViolationKind::kVoltageLow, b, vm, lo, vm0});
      }
    }
    o.n_violations = static_cast<std::int32_t>(found.size() - before);
  }
};

struct Worker {
  Worker(const core::Network& net, const core::Topology& topo, const pf::AcPfOptions& options)
      : flow(net, topo, options) {}
  pf::AcPowerFlow flow;
  pf::AcPfResult result;
  std::vector<AcViolation> found;
};

double seconds_since(std::chrono::steady_clock::time_point& t) {
  const auto now = std::chrono::steady_clock::now();
  const double s = std::chrono::duration<double>(now - t).count();
  t = now;
  return s;
}

}  // namespace

std::string_view to_string(AcStatus status) {
  switch (status) {
    case AcStatus::kConverged:
      return "converged";
    case AcStatus::kNotConverged:
      return "not_converged";
    case AcStatus::kDiverged:
      return "diverged";
    case AcStatus::kSingular:
      return "singular";
    case AcStatus::kIslanding:
      return "islanding";
    case AcStatus::kNotInService:
      return "not_in_service";
    case AcStatus::kBaseNotConverged:
      return "base_not_converged";
  }
  return "unknown";
}

std::string_view to_string(AcViolationKind kind) {
  switch (kind) {
    case AcViolationKind::kBranchFlow:
      return "branch_flow";
    case AcViolationKind::kVoltageHigh:
      return "voltage_high";
    case AcViolationKind::kVoltageLow:
      return "voltage_low";
  }
  return "unknown";
}

std::vector<AcCase> flagged_cases(const DcScreenResult& dc) {
  std::vector<AcCase> cases;
  for (const auto& v : dc.violations) {  // sorted by (hour, contingency, branch)
    if (cases.empty() || cases.back().hour != v.hour || cases.back().contingency != v.contingency)
      cases.push_back({v.contingency, v.hour});
  }
  return cases;
}

std::vector<AcCase> all_cases(std::size_t n_contingencies, std::size_t n_hours) {
  std::vector<AcCase> cases;
  for (std::size_t h = 0; h < n_hours; ++h) {
    for (std::size_t c = 0; c < n_contingencies; ++c) {
      cases.push_back({static_cast<std::int32_t>(c), static_cast<std::int32_t>(h)});
    }
  }
  return cases;
}

pf::Injections AcBaseCases::injections(std::size_t h) const {
  return {{load_p.data() + h * n_buses, n_buses},
          {load_q.data() + h * n_buses, n_buses},
          {gen_p.data() + h * n_gens, n_gens}};
}

AcBaseCases solve_base_cases(const core::Network& net, const core::Topology& topo,
                             const core::Scenario& scenario, std::size_t first_hour,
                             std::size_t n_hours, const AcVerifyOptions& options) {
  if (first_hour + n_hours > scenario.n_hours())
    throw UsageError("solve_base_cases: hours beyond the profile");
  auto clock = std::chrono::steady_clock::now();
  AcBaseCases b;
  const std::size_t nb = b.n_buses = net.n_buses(), ng = b.n_gens = net.n_gens();
  b.load_p.resize(nb * n_hours);
  b.load_q.resize(nb * n_hours);
  b.gen_p.resize(ng * n_hours);
  for (std::size_t h = 0; h < n_hours; ++h) {
    scenario.bus_loads(first_hour + h, {b.load_p.data() + h * nb, nb},
                       {b.load_q.data() + h * nb, nb});
    scenario.gen_p(first_hour + h, {b.gen_p.data() + h * ng, ng});
  }
  check(options.report);
  const Checker checker{net, ratings(net, options.rating), options.threshold, options.report};
  pf::AcPowerFlow flow(net, topo, options.pf);
  b.solution.resize(n_hours);
  b.status.resize(n_hours);
  for (std::size_t h = 0; h < n_hours; ++h) {
    flow.solve(b.solution[h], b.injections(h));
    b.status[h] = status_of(b.solution[h]);
    if (!b.converged(h)) continue;
    AcOutcome o{-1, static_cast<std::int32_t>(h), AcStatus::kConverged, 0, 0.0, 0, 0.0};
    checker.check(b.solution[h], b.solution[h], {}, ViolationFilter{0, true}, o, b.violations);
  }
  b.seconds = seconds_since(clock);
  return b;
}

AcVerifyResult verify_ac_from_base(const core::Network& net, const core::Topology& topo,
                                   std::span<const Outage> outages, const AcBaseCases& base,
                                   std::span<const AcCase> cases, const AcVerifyOptions& options) {
  for (const auto& c : cases) {
    if (c.contingency < 0 || static_cast<std::size_t>(c.contingency) >= outages.size() ||
        c.hour < 0 || static_cast<std::size_t>(c.hour) >= base.n_hours())
      throw UsageError("verify_ac: a case names a contingency or hour that does not exist");
  }
  auto clock = std::chrono::steady_clock::now();
  const auto pre = classify(net, topo, outages);
  check(options.report);
  const Checker checker{net, ratings(net, options.rating), options.threshold, options.report};
  AcVerifyResult r;
  r.threads = options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  r.outcomes.resize(cases.size());
  tbb::enumerable_thread_specific<Worker> workers([&] { return Worker(net, topo, options.pf); });
  std::atomic<std::size_t> done{0};
  std::mutex progress_lock;
  tbb::task_arena arena(r.threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, cases.size(), 4), [&](const auto& range) {
      auto& w = workers.local();
      for (std::size_t i = range.begin(); i < range.end(); ++i) {
        const auto [c, h] = cases[i];
        auto& o = r.outcomes[i];
        o = {c, h, pre[c], 0, kNaN, 0, 0.0};
        if (o.status == AcStatus::kConverged && !base.converged(h))
          o.status = AcStatus::kBaseNotConverged;
        if (o.status != AcStatus::kConverged) continue;
        const auto& out = outages[c].branches;
        w.flow.remove_branches(out);
        w.flow.solve(w.result, base.injections(h), &base.solution[h]);
        w.flow.restore_branches();
        o.status = status_of(w.result);
        o.iterations = w.result.iterations;
        o.max_mismatch_pu = w.result.max_mismatch_pu;
        if (o.status == AcStatus::kConverged)
          checker.check(w.result, base.solution[h], out, options.report, o, w.found);
      }
      const auto n = done += range.size();
      if (options.progress && progress_lock.try_lock()) {
        options.progress(n, cases.size());
        progress_lock.unlock();
      }
    });
  });
  for (auto& w : workers) r.violations.insert(r.violations.end(), w.found.begin(), w.found.end());
  std::sort(r.violations.begin(), r.violations.end(),
            [](const AcViolation& a, const AcViolation& b) {
              return std::tie(a.hour, a.contingency, a.kind, a.element) <
                     std::tie(b.hour, b.contingency, b.kind, b.element);
            });
  r.seconds_contingencies = seconds_since(clock);
  return r;
}

AcVerifyResult verify_ac(const core::Network& net, const core::Topology& topo,
                         std::span<const Outage> outages, const core::Scenario& scenario,
                         std::span<const AcCase> cases, const AcVerifyOptions& options) {
  auto base = solve_base_cases(net, topo, scenario, 0, scenario.n_hours(), options);
  auto r = verify_ac_from_base(net, topo, outages, base, cases, options);
  r.base = std::move(base);
  return r;
}

}  // namespace gat::contingency
