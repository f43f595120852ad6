#include "gat/io/arrow/pf_tables.hpp"

#include <cmath>
#include <numbers>

namespace gat::io {

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
                        const std::vector<pf::IslandOutcome>& outcomes, const std::string& run_id) {
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

}  // namespace gat::io
