#include "gat/opf/rolling_dc_opf.hpp"

#include <algorithm>

namespace gat::opf {

namespace {

HourOutcome outcome_of(const ProfileHour& h, const DcOpfResult& r) {
  HourOutcome o;
  o.hour = h.hour;
  o.load_scale = h.load_scale;
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
                                              std::span<const ProfileHour> hours,
                                              const DcOpfOptions& options, const LpBasis& seed,
                                              const HourSink& sink) {
  std::vector<HourOutcome> out(hours.size());
  if (hours.empty()) return out;
  DcOpf opf(net, topo, options);
  opf.set_basis(seed);
  const auto case_load = opf.case_bus_load();
  std::vector<double> load(case_load.size());
  for (std::size_t i = 0; i < hours.size(); ++i) {
    std::transform(case_load.begin(), case_load.end(), load.begin(),
                   [&](double p) { return p * hours[i].load_scale; });
    opf.set_bus_load(load);
    const auto r = opf.solve();
    out[i] = outcome_of(hours[i], r);
    if (sink) sink(i, r);
  }
  return out;
}

}  // namespace gat::opf
