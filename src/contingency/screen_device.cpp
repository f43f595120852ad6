// screen_dc on an accelerator: the study's bookkeeping here (outage classes, monitored set,
// the mapping back to branches and outages), the numerical work in accel::Device::screen_dc.
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <tuple>

#include "contingency/screen_device.hpp"
#include "contingency/screen_reduce.hpp"
#include "gat/sens/accel_problems.hpp"

namespace gat::contingency::detail {

namespace {

double seconds_since(std::chrono::steady_clock::time_point& t) {
  const auto now = std::chrono::steady_clock::now();
  const double s = std::chrono::duration<double>(now - t).count();
  t = now;
  return s;
}

// Flow rows for the device: a grounded end reads its fixed angle (from/to −1).
struct FlowRowData {
  std::vector<double> b, shift, from_angle, to_angle;
  std::vector<std::int32_t> from, to;

  FlowRowData(const sens::DcModel& model, std::span<const std::int32_t> branches) {
    const auto n_u = model.n_unknowns();
    for (auto k : branches) {
      const auto f = static_cast<std::size_t>(model.from_bus(k)),
                 t = static_cast<std::size_t>(model.to_bus(k));
      b.push_back(model.susceptance()[k]);
      shift.push_back(model.shift_rad()[k]);
      from.push_back(model.from_row(k) < n_u ? model.from_row(k) : -1);
      to.push_back(model.to_row(k) < n_u ? model.to_row(k) : -1);
      from_angle.push_back(model.ground_angle(f));
      to_angle.push_back(model.ground_angle(t));
    }
  }
  accel::DcScreenProblem::FlowRows view() const {
    return {b, shift, from_angle, to_angle, from, to};
  }
};

// Multi-element outages run on the CPU; their results join the device's.
void screen_multi_on_cpu(const core::Network& net, const core::Topology& topo,
                         std::span<const Outage> outages, std::span<const std::int32_t> which,
                         std::span<const double> p_bus, std::size_t n_hours,
                         const DcScreenOptions& options, DcScreenResult& result) {
  std::vector<Outage> subset;
  for (auto i : which) subset.push_back(outages[i]);
  DcScreenOptions cpu = options;
  cpu.device = nullptr;
  cpu.progress = {};
  auto r = screen_dc(net, topo, subset, p_bus, n_hours, cpu);
  for (std::size_t j = 0; j < which.size(); ++j)
    result.contingencies[which[j]].status = r.contingencies[j].status;
  for (auto v : r.violations) {
    v.contingency = which[v.contingency];
    result.violations.push_back(v);
  }
  result.stats.pairs_checked += r.stats.pairs_checked;
}

// The pre-contingency violations, from the CPU's base flows as the CPU path lists them.
std::vector<BaseViolation> base_violations(const core::Network& net, const sens::DcModel& model,
                                           std::span<const double> p_bus, std::size_t n_hours,
                                           const DcScreenOptions& options) {
  const DcScreenBase base(
      net, model, n_hours,
      [&](std::size_t first, std::size_t m, std::span<double> p) {
        std::copy_n(p_bus.begin() + static_cast<std::ptrdiff_t>(first * net.n_buses()),
                    m * net.n_buses(), p.begin());
      },
      options.rating, options.threshold);
  return base.extremes(0, n_hours).base_violations;
}

}  // namespace

DcScreenResult screen_dc_device(const core::Network& net, const core::Topology& topo,
                                std::span<const Outage> outages, std::span<const double> p_bus,
                                std::size_t n_hours, const DcScreenOptions& options) {
  DcScreenResult result;
  auto clock = std::chrono::steady_clock::now();
  const sens::DcModel model(net, topo, options.linear_solver);
  result.stats.seconds_model = seconds_since(clock);
  result.contingencies = classify(model, outages);

  // Monitored: every active branch with a rating, as the CPU path.
  const auto& rating = ratings(net, options.rating);
  std::vector<std::int32_t> monitored, index_of(model.n_branches(), -1);
  std::vector<double> limit, rate;
  for (std::size_t k = 0; k < model.n_branches(); ++k) {
    if (!model.active(k) || !(rating[k] > 0)) continue;
    index_of[k] = static_cast<std::int32_t>(monitored.size());
    monitored.push_back(static_cast<std::int32_t>(k));
    rate.push_back(rating[k]);
    limit.push_back(options.threshold * rating[k]);
  }
  // Outage columns: the screened single-branch outages, in outage order.
  std::vector<std::int32_t> column_outage, column_branch, multi, own_monitored;
  for (std::size_t i = 0; i < outages.size(); ++i) {
    if (result.contingencies[i].status != OutageStatus::kScreened) continue;
    if (outages[i].branches.size() > 1) {
      multi.push_back(static_cast<std::int32_t>(i));
      continue;
    }
    column_outage.push_back(static_cast<std::int32_t>(i));
    column_branch.push_back(outages[i].branches[0]);
    own_monitored.push_back(index_of[outages[i].branches[0]]);
  }

  std::vector<std::int32_t> unknown_bus(static_cast<std::size_t>(model.n_unknowns()));
  for (std::size_t i = 0; i < model.n_buses(); ++i) {
    if (model.unknown(i) >= 0) unknown_bus[model.unknown(i)] = static_cast<std::int32_t>(i);
  }
  const auto rhs0 = model.flow_rhs_constant();
  const FlowRowData mon_rows(model, monitored), out_rows(model, column_branch);
  const auto rhs = sens::transfer_columns(model, column_branch);
  const auto own = sens::gather_rows(model, column_branch);

  accel::DcScreenProblem problem;
  problem.factors = &model.factored();
  problem.n_buses = model.n_buses();
  problem.n_hours = n_hours;
  problem.p_bus = p_bus;
  problem.unknown_bus = unknown_bus;
  problem.rhs_constant = rhs0;
  problem.monitored = mon_rows.view();
  problem.outaged = out_rows.view();
  problem.limit = limit;
  problem.rate = rate;
  problem.rhs_pos = rhs.pos;
  problem.rhs_value = rhs.value;
  problem.own = own.view();
  problem.own_monitored = own_monitored;
  problem.precision = options.precision;
  // Larger K, or violations filtered after the device (below): ranked on the host.
  problem.top_k = options.top_k <= 16 && options.report.all ? options.top_k : 0;
  problem.prune = options.prune;
  result.stats.seconds_base = seconds_since(clock);

  auto out = options.device->screen_dc(problem);
  for (std::size_t j = 0; j < column_outage.size(); ++j) {
    if (out.islanding[j]) result.contingencies[column_outage[j]].status = OutageStatus::kIslanding;
  }
  result.violations.resize(out.violations.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, out.violations.size(), 1 << 16),
                    [&](const auto& range) {
                      for (std::size_t i = range.begin(); i < range.end(); ++i) {
                        const auto& h = out.violations[i];
                        result.violations[i] = {
                            column_outage[h.column], monitored[h.monitored], h.hour, h.pre, h.post,
                            rate[h.monitored]};
                      }
                    });
  // The CPU path's filter (violation_filter.hpp), on the same pre and post flows.
  if (!options.report.all) {
    std::erase_if(result.violations, [&](const Violation& v) {
      return !options.report.reported(v.pre_pu, v.post_pu, limit[index_of[v.branch]]);
    });
  }
  result.stats.backend = std::string(options.device->backend());
  result.stats.device = out.stats;
  result.stats.pairs_checked = out.stats.pairs_checked;
  if (!multi.empty())
    screen_multi_on_cpu(net, topo, outages, multi, p_bus, n_hours, options, result);
  result.stats.seconds_screen = seconds_since(clock);
  if (options.progress) options.progress(outages.size(), outages.size());

  result.monitored = monitored;
  result.stats.n_monitored = monitored.size();
  result.stats.n_hours = n_hours;
  result.base_violations = base_violations(net, model, p_bus, n_hours, options);
  result.stats.n_base_violations = result.base_violations.size();
  result.stats.seconds_base += seconds_since(clock);
  const bool device_top = out.has_top && multi.empty() && options.top_k <= 16;
  reduce(result, options.top_k, !device_top, out.sorted && multi.empty());
  if (device_top) {
    result.top.resize(out.top.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, out.top.size(), 1 << 16),
                      [&](const auto& range) {
                        for (std::size_t i = range.begin(); i < range.end(); ++i) {
                          const auto& t = out.top[i];
                          const double r = rate[t.monitored];
                          result.top[i] = {monitored[t.monitored],  t.hour, t.rank,
                                           column_outage[t.column], t.post, r,
                                           std::abs(t.post) / r};
                        }
                      });
    const auto order = [](const TopViolation& a, const TopViolation& b) {
      return std::tie(a.hour, a.branch, a.rank) < std::tie(b.hour, b.branch, b.rank);
    };
    if (!std::is_sorted(result.top.begin(), result.top.end(), order))
      std::sort(result.top.begin(), result.top.end(), order);
  }
  return result;
}

}  // namespace gat::contingency::detail
