#include "gat/opf/rolling_dc_opf.hpp"

namespace gat::opf {

namespace {

HourOutcome outcome_of(const core::Scenario& scenario, std::size_t h, const DcOpfResult& r) {
  HourOutcome o;
  o.hour = scenario.hour_id(h);
  o.load_scale = scenario.load_scale(h);
  o.status = r.status;
  o.message = r.message;
  o.solver = r.solver;
  o.objective = r.objective;
  o.iterations = r.iterations;
  o.hot_started = r.hot_started;
  o.n_binding = r.binding.size();
  return o;
}

}  // namespace

LpBasis rolling_seed_basis(const core::Network& net, const core::Topology& topo,
                           const DcOpfOptions& options) {
  DcOpf base(net, topo, options);
  if (base.solve().status != OpfStatus::kOptimal) return {};
  return base.basis();
}

std::vector<HourOutcome> solve_rolling_dc_opf(const core::Network& net, const core::Topology& topo,
                                              const core::Scenario& scenario, std::size_t first,
                                              std::size_t count, const DcOpfOptions& options,
                                              const LpBasis& seed, const HourSink& sink) {
  std::vector<HourOutcome> out(count);
  if (count == 0) return out;
  DcOpf opf(net, topo, options);
  opf.set_basis(seed);
  std::vector<double> load_p(scenario.n_buses()), load_q(scenario.n_buses());
  for (std::size_t i = 0; i < count; ++i) {
    scenario.bus_loads(first + i, load_p, load_q);
    opf.set_bus_load(load_p);
    const auto r = opf.solve();
    out[i] = outcome_of(scenario, first + i, r);
    if (sink) sink(first + i, r);
  }
  return out;
}

}  // namespace gat::opf
