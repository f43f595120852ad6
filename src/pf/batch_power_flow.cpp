#include "gat/pf/batch_power_flow.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "gat/core/error.hpp"

namespace gat::pf {

namespace {

// One thread's solver and scratch; built on the thread's first block.
struct Workspace {
  Workspace(const core::Network& net, const core::Topology& topo, const AcPfOptions& options)
      : pf(net, topo, options), bus_p(net.n_buses()), bus_q(net.n_buses()), gen_p(net.n_gens()) {}

  AcPowerFlow pf;
  AcPfResult current, previous;
  std::vector<double> bus_p, bus_q, gen_p;
};

HourResult summarize(std::int64_t hour, const AcPfResult& r, std::span<const double> bus_p,
                     std::span<const double> bus_q) {
  HourResult h;
  h.hour = hour;
  h.iterations = r.iterations;
  h.max_mismatch_pu = r.max_mismatch_pu;
  for (const auto& o : r.islands) {
    if (o.status == IslandStatus::kSolved) continue;
    h.status = o.status;
    h.message = o.message;
    break;
  }
  h.min_vm_pu = std::numeric_limits<double>::infinity();
  h.max_vm_pu = -h.min_vm_pu;
  for (std::size_t i = 0; i < r.vm_pu.size(); ++i) {
    if (std::isnan(r.vm_pu[i])) continue;
    h.load_p_pu += bus_p[i];
    h.load_q_pu += bus_q[i];
    h.min_vm_pu = std::min(h.min_vm_pu, r.vm_pu[i]);
    h.max_vm_pu = std::max(h.max_vm_pu, r.vm_pu[i]);
  }
  for (std::size_t g = 0; g < r.gen_p_pu.size(); ++g) {
    if (std::isfinite(r.gen_p_pu[g])) h.gen_p_pu += r.gen_p_pu[g];
    if (std::isfinite(r.gen_q_pu[g])) h.gen_q_pu += r.gen_q_pu[g];
  }
  h.losses_p_pu = r.losses_p_pu();
  h.losses_q_pu = r.losses_q_pu();
  return h;
}

void keep(const AcPfResult& r, std::size_t k, const BatchOptions& options, BatchResult& out) {
  if (options.keep_bus) {
    std::copy(r.vm_pu.begin(), r.vm_pu.end(), out.vm_pu.begin() + k * out.n_buses);
    std::copy(r.va_rad.begin(), r.va_rad.end(), out.va_rad.begin() + k * out.n_buses);
  }
  if (options.keep_branch) {
    const auto at = k * out.n_branches;
    std::copy(r.pf_pu.begin(), r.pf_pu.end(), out.pf_pu.begin() + at);
    std::copy(r.qf_pu.begin(), r.qf_pu.end(), out.qf_pu.begin() + at);
    std::copy(r.pt_pu.begin(), r.pt_pu.end(), out.pt_pu.begin() + at);
    std::copy(r.qt_pu.begin(), r.qt_pu.end(), out.qt_pu.begin() + at);
  }
}

}  // namespace

BatchResult solve_batch(const core::Network& net, const core::Topology& topo,
                        const core::Scenario& scenario, const BatchOptions& options,
                        std::size_t first, std::size_t count) {
  if (options.block_hours < 1) throw UsageError("batch power flow: block_hours must be >= 1");
  const std::size_t end = std::min(scenario.n_hours(), first + std::min(count, scenario.n_hours()));
  first = std::min(first, end);
  const std::size_t n = end - first;

  BatchResult out;
  out.n_buses = net.n_buses();
  out.n_branches = net.n_branches();
  out.hours.resize(n);
  if (options.keep_bus) {
    out.vm_pu.resize(n * out.n_buses);
    out.va_rad.resize(n * out.n_buses);
  }
  if (options.keep_branch) {
    for (auto* v : {&out.pf_pu, &out.qf_pu, &out.pt_pu, &out.qt_pu}) v->resize(n * out.n_branches);
  }
  out.threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  if (n == 0) return out;

  // Blocks aligned on the profile's hour positions: [b·B, (b+1)·B).
  const auto block = static_cast<std::size_t>(options.block_hours);
  const std::size_t first_block = first / block, last_block = (end - 1) / block;

  tbb::task_arena arena(out.threads);
  arena.execute([&] {
    // The base case's solution, the start of every block (shared, read-only).
    AcPfResult base;
    if (options.warm_start) AcPowerFlow(net, topo, options.pf).solve(base);
    const AcPfResult* block_start = options.warm_start && base.all_solved() ? &base : nullptr;

    tbb::enumerable_thread_specific<std::unique_ptr<Workspace>> workspaces;
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(first_block, last_block + 1, 1),
        [&](const tbb::blocked_range<std::size_t>& blocks) {
          auto& ws = workspaces.local();
          if (!ws) ws = std::make_unique<Workspace>(net, topo, options.pf);
          for (auto b = blocks.begin(); b != blocks.end(); ++b) {
            const AcPfResult* warm = block_start;
            // A block cut by `first` is replayed from its start (unrecorded), so every hour
            // starts from the same point as in a run over the whole profile.
            const auto from = options.warm_start ? b * block : std::max(first, b * block);
            for (auto h = from; h < std::min(end, (b + 1) * block); ++h) {
              scenario.bus_loads(h, ws->bus_p, ws->bus_q);
              scenario.gen_p(h, ws->gen_p);
              ws->pf.solve(ws->current, {ws->bus_p, ws->bus_q, ws->gen_p}, warm);
              const bool ok = ws->current.all_solved();
              if (h >= first) {
                out.hours[h - first] =
                    summarize(scenario.hour_id(h), ws->current, ws->bus_p, ws->bus_q);
                keep(ws->current, h - first, options, out);
              }
              std::swap(ws->current, ws->previous);
              // A failed hour does not seed the next one.
              warm = options.warm_start ? (ok ? &ws->previous : block_start) : nullptr;
            }
          }
        });
  });
  return out;
}

}  // namespace gat::pf
