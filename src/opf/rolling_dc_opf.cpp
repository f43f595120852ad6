#include "gat/opf/rolling_dc_opf.hpp"

#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>

namespace gat::opf {

namespace {

std::size_t chunk_size(std::size_t n_hours, const RollingDcOpfOptions& o) {
  if (!o.parallel) return std::max<std::size_t>(n_hours, 1);
  if (o.chunk_hours > 0) return o.chunk_hours;
  const auto threads = static_cast<std::size_t>(std::max(1, tbb::info::default_concurrency()));
  return std::max<std::size_t>(1, (n_hours + 4 * threads - 1) / (4 * threads));
}

HourOutcome outcome_of(const core::Scenario& scenario, std::size_t h, const DcOpfResult& r) {
  HourOutcome o;
  o.hour = scenario.hour_id(h);
  o.load_scale = scenario.load_scale(h);
  o.status = r.status;
  o.message = r.message;
  o.solver = r.solver;
  o.objective = r.objective;
  o.iterations = r.iterations;
  o.solve_time_s = r.solve_time_s;
  o.hot_started = r.hot_started;
  o.n_binding = r.binding.size();
  return o;
}

}  // namespace

std::vector<HourOutcome> solve_rolling_dc_opf(const core::Network& net, const core::Topology& topo,
                                              const core::Scenario& scenario,
                                              const RollingDcOpfOptions& options,
                                              const HourSink& sink) {
  const auto n_hours = scenario.n_hours();
  std::vector<HourOutcome> out(n_hours);
  if (n_hours == 0) return out;
  // The base case's basis seeds every chunk (a QP has none: those start cold).
  LpBasis seed;
  {
    DcOpf base(net, topo, options.dc);
    if (base.solve().status == OpfStatus::kOptimal) seed = base.basis();
  }
  const auto chunk = chunk_size(n_hours, options);
  const auto n_chunks = (n_hours + chunk - 1) / chunk;
  auto run_chunk = [&](std::size_t c) {
    DcOpf opf(net, topo, options.dc);
    opf.set_basis(seed);
    std::vector<double> load_p(scenario.n_buses()), load_q(scenario.n_buses());
    const auto end = std::min(n_hours, (c + 1) * chunk);
    for (auto i = c * chunk; i < end; ++i) {
      scenario.bus_loads(i, load_p, load_q);
      opf.set_bus_load(load_p);
      const auto r = opf.solve();
      out[i] = outcome_of(scenario, i, r);
      if (sink) sink(i, r);
    }
  };
  if (n_chunks == 1) {
    run_chunk(0);
  } else {
    tbb::parallel_for(std::size_t{0}, n_chunks, run_chunk);
  }
  return out;
}

}  // namespace gat::opf
