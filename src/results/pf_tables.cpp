#include "gat/results/pf_tables.hpp"

#include <cmath>
#include <numbers>

namespace gat::results {

using namespace io;

namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;

std::string bus_type_name(core::BusType t) {
  switch (t) {
    case core::BusType::kPQ:
      return "PQ";
    case core::BusType::kPV:
      return "PV";
    case core::BusType::kRef:
      return "REF";
    case core::BusType::kIsolated:
      return "ISOLATED";
  }
  return "?";
}

NamedTable island_table(const core::Network& net, const core::Topology& topo,
                        const std::vector<pf::IslandOutcome>& outcomes, const std::string& run_id,
                        bool ac = false) {
  const auto n = topo.islands.size();
  std::vector<std::int32_t> index(n), n_buses(n);
  std::vector<std::int64_t> ref_bus(n);
  std::vector<std::string> status(n), message(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& island = topo.islands[i];
    index[i] = static_cast<std::int32_t>(i);
    n_buses[i] = static_cast<std::int32_t>(island.buses.size());
    ref_bus[i] = island.ref_buses.empty() ? -1 : net.buses.id[island.ref_buses.front()];
    status[i] = std::string(pf::to_string(outcomes[i].status));
    message[i] = outcomes[i].message.empty() ? island.note : outcomes[i].message;
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id)
      .add("island", index)
      .add("n_buses", n_buses)
      .add("ref_bus", ref_bus)
      .add("status", status)
      .add("message", message);
  if (ac) {
    std::vector<std::int32_t> iterations(n);
    std::vector<double> mismatch(n);
    for (std::size_t i = 0; i < n; ++i) {
      const bool ran = topo.islands[i].solvable();
      iterations[i] = outcomes[i].iterations;
      mismatch[i] = ran ? outcomes[i].max_mismatch_pu * net.base_mva : NAN;
    }
    t.add("iterations", iterations).add("max_mismatch_mva", mismatch);
  }
  return {"island", t.finish("island", kPfSchemaVersion)};
}

}  // namespace

std::vector<NamedTable> dc_pf_tables(const core::Network& net, const core::Topology& topo,
                                     const pf::DcPfResult& result, const std::string& run_id) {
  const double base = net.base_mva;
  const auto nb = net.n_buses();
  std::vector<std::string> type(nb);
  std::vector<double> vm(nb), va_deg(nb), p_gen(nb, 0.0), p_load(nb, 0.0), p_inj(nb);
  for (std::size_t i = 0; i < nb; ++i) {
    type[i] = bus_type_name(topo.bus_type[i]);
    const bool solved = !std::isnan(result.va_rad[i]);
    vm[i] = solved ? 1.0 : NAN;
    va_deg[i] = result.va_rad[i] * kDeg;
    p_inj[i] = result.p_inj_pu[i] * base;
  }
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    if (net.gens.in_service[g]) p_gen[net.gens.bus[g]] += result.gen_p_pu[g] * base;
  }
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    if (net.loads.in_service[l]) p_load[net.loads.bus[l]] += net.loads.p_pu[l] * base;
  }
  TableBuilder bus(static_cast<std::int64_t>(nb));
  bus.add_constant("run_id", run_id)
      .add("bus_id", net.buses.id)
      .add("island", topo.bus_island)
      .add("type", type)
      .add("vm_pu", vm)
      .add("va_deg", va_deg)
      .add("p_gen_mw", p_gen)
      .add("p_load_mw", p_load)
      .add("p_inj_mw", p_inj);

  const auto& br = net.branches;
  const auto nl = br.size();
  std::vector<std::int64_t> from(nl), to(nl);
  std::vector<bool> in_service(nl);
  std::vector<double> p_from(nl), p_to(nl), rate(nl), loading(nl);
  for (std::size_t k = 0; k < nl; ++k) {
    from[k] = net.buses.id[br.from_bus[k]];
    to[k] = net.buses.id[br.to_bus[k]];
    in_service[k] = br.in_service[k] != 0;
    p_from[k] = result.pf_pu[k] * base;
    p_to[k] = -p_from[k];
    rate[k] = br.rate_a_pu[k] > 0 ? br.rate_a_pu[k] * base : NAN;
    loading[k] = rate[k] > 0 ? 100.0 * std::abs(p_from[k]) / rate[k] : NAN;
  }
  TableBuilder branch(static_cast<std::int64_t>(nl));
  branch.add_constant("run_id", run_id)
      .add("branch_id", br.id)
      .add("from_bus", from)
      .add("to_bus", to)
      .add("in_service", in_service)
      .add("p_from_mw", p_from)
      .add("p_to_mw", p_to)
      .add("rate_a_mva", rate)
      .add("loading_pct", loading);

  const auto ng = net.n_gens();
  std::vector<std::int64_t> gen_id(ng), gen_bus(ng);
  std::vector<bool> gen_on(ng);
  std::vector<double> p_mw(ng);
  for (std::size_t g = 0; g < ng; ++g) {
    gen_id[g] = static_cast<std::int64_t>(g) + 1;
    gen_bus[g] = net.buses.id[net.gens.bus[g]];
    gen_on[g] = net.gens.in_service[g] != 0;
    p_mw[g] = result.gen_p_pu[g] * base;
  }
  TableBuilder gen(static_cast<std::int64_t>(ng));
  gen.add_constant("run_id", run_id)
      .add("gen_id", gen_id)
      .add("bus_id", gen_bus)
      .add("in_service", gen_on)
      .add("p_mw", p_mw);

  return {{"bus", bus.finish("bus", kPfSchemaVersion)},
          {"branch", branch.finish("branch", kPfSchemaVersion)},
          {"gen", gen.finish("gen", kPfSchemaVersion)},
          island_table(net, topo, result.islands, run_id)};
}

namespace {

NamedTable ac_bus_table(const core::Network& net, const pf::AcPfResult& r,
                        const core::Topology& topo, const std::string& run_id) {
  const double base = net.base_mva;
  const auto nb = net.n_buses();
  std::vector<std::string> type(nb);
  std::vector<double> va_deg(nb), p_gen(nb, 0.0), q_gen(nb, 0.0), p_load(nb, 0.0), q_load(nb, 0.0),
      g_sh(nb, 0.0), b_sh(nb, 0.0), p_sh(nb), q_sh(nb), p_inj(nb), q_inj(nb);
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    if (!net.gens.in_service[g]) continue;
    p_gen[net.gens.bus[g]] += r.gen_p_pu[g] * base;
    q_gen[net.gens.bus[g]] += r.gen_q_pu[g] * base;
  }
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    if (!net.loads.in_service[l]) continue;
    p_load[net.loads.bus[l]] += net.loads.p_pu[l] * base;
    q_load[net.loads.bus[l]] += net.loads.q_pu[l] * base;
  }
  for (std::size_t s = 0; s < net.shunts.size(); ++s) {
    if (!net.shunts.in_service[s]) continue;
    g_sh[net.shunts.bus[s]] += net.shunts.g_pu[s];
    b_sh[net.shunts.bus[s]] += net.shunts.b_pu[s];
  }
  for (std::size_t i = 0; i < nb; ++i) {
    const bool solved = !std::isnan(r.vm_pu[i]);
    type[i] = bus_type_name(r.bus_type[i]);
    va_deg[i] = r.va_rad[i] * kDeg;
    const double v2 = r.vm_pu[i] * r.vm_pu[i];
    // Shunts draw G·V² and inject B·V²; what is left of generation − load enters branches.
    p_sh[i] = g_sh[i] * v2 * base;
    q_sh[i] = -b_sh[i] * v2 * base;
    p_inj[i] = r.p_inj_pu[i] * base - p_sh[i];
    q_inj[i] = r.q_inj_pu[i] * base - q_sh[i];
    if (!solved) p_gen[i] = q_gen[i] = p_load[i] = q_load[i] = NAN;
  }
  TableBuilder bus(static_cast<std::int64_t>(nb));
  bus.add_constant("run_id", run_id)
      .add("bus_id", net.buses.id)
      .add("island", topo.bus_island)
      .add("type", type)
      .add("vm_pu", r.vm_pu)
      .add("va_deg", va_deg)
      .add("p_gen_mw", p_gen)
      .add("q_gen_mvar", q_gen)
      .add("p_load_mw", p_load)
      .add("q_load_mvar", q_load)
      .add("p_shunt_mw", p_sh)
      .add("q_shunt_mvar", q_sh)
      .add("p_inj_mw", p_inj)
      .add("q_inj_mvar", q_inj);
  return {"bus", bus.finish("bus", kPfSchemaVersion)};
}

NamedTable ac_branch_table(const core::Network& net, const pf::AcPfResult& r,
                           const std::string& run_id) {
  const double base = net.base_mva;
  const auto& br = net.branches;
  const auto nl = br.size();
  std::vector<std::int64_t> from(nl), to(nl);
  std::vector<bool> in_service(nl);
  std::vector<double> pf(nl), qf(nl), pt(nl), qt(nl), p_loss(nl), q_loss(nl), sf(nl), st(nl),
      rate(nl), loading(nl);
  for (std::size_t k = 0; k < nl; ++k) {
    from[k] = net.buses.id[br.from_bus[k]];
    to[k] = net.buses.id[br.to_bus[k]];
    in_service[k] = br.in_service[k] != 0;
    pf[k] = r.pf_pu[k] * base;
    qf[k] = r.qf_pu[k] * base;
    pt[k] = r.pt_pu[k] * base;
    qt[k] = r.qt_pu[k] * base;
    p_loss[k] = pf[k] + pt[k];
    q_loss[k] = qf[k] + qt[k];
    sf[k] = std::hypot(pf[k], qf[k]);
    st[k] = std::hypot(pt[k], qt[k]);
    rate[k] = br.rate_a_pu[k] > 0 ? br.rate_a_pu[k] * base : NAN;
    loading[k] = rate[k] > 0 ? 100.0 * std::max(sf[k], st[k]) / rate[k] : NAN;
  }
  TableBuilder branch(static_cast<std::int64_t>(nl));
  branch.add_constant("run_id", run_id)
      .add("branch_id", br.id)
      .add("from_bus", from)
      .add("to_bus", to)
      .add("in_service", in_service)
      .add("p_from_mw", pf)
      .add("q_from_mvar", qf)
      .add("p_to_mw", pt)
      .add("q_to_mvar", qt)
      .add("p_loss_mw", p_loss)
      .add("q_loss_mvar", q_loss)
      .add("s_from_mva", sf)
      .add("s_to_mva", st)
      .add("rate_a_mva", rate)
      .add("loading_pct", loading);
  return {"branch", branch.finish("branch", kPfSchemaVersion)};
}

NamedTable ac_gen_table(const core::Network& net, const pf::AcPfResult& r,
                        const std::string& run_id) {
  const double base = net.base_mva;
  const auto& gens = net.gens;
  const auto ng = net.n_gens();
  std::vector<std::int64_t> gen_id(ng), gen_bus(ng);
  std::vector<bool> on(ng), at_limit(ng);
  std::vector<double> p(ng), q(ng), qmin(ng), qmax(ng), vg(ng);
  for (std::size_t g = 0; g < ng; ++g) {
    gen_id[g] = static_cast<std::int64_t>(g) + 1;
    gen_bus[g] = net.buses.id[gens.bus[g]];
    on[g] = gens.in_service[g] != 0;
    at_limit[g] = r.gen_at_q_limit[g] != 0;
    p[g] = r.gen_p_pu[g] * base;
    q[g] = r.gen_q_pu[g] * base;
    qmin[g] = gens.qmin_pu[g] * base;
    qmax[g] = gens.qmax_pu[g] * base;
    vg[g] = gens.vg_pu[g];
  }
  TableBuilder gen(static_cast<std::int64_t>(ng));
  gen.add_constant("run_id", run_id)
      .add("gen_id", gen_id)
      .add("bus_id", gen_bus)
      .add("in_service", on)
      .add("p_mw", p)
      .add("q_mvar", q)
      .add("q_min_mvar", qmin)
      .add("q_max_mvar", qmax)
      .add("at_q_limit", at_limit)
      .add("vg_pu", vg);
  return {"gen", gen.finish("gen", kPfSchemaVersion)};
}

}  // namespace

std::vector<NamedTable> ac_pf_tables(const core::Network& net, const core::Topology& topo,
                                     const pf::AcPfResult& result, const std::string& run_id) {
  return {ac_bus_table(net, result, topo, run_id), ac_branch_table(net, result, run_id),
          ac_gen_table(net, result, run_id),
          island_table(net, topo, result.islands, run_id, /*ac=*/true)};
}

}  // namespace gat::results
