#include "gat/io/arrow/network_tables.hpp"

#include <numbers>

namespace gat::io {

namespace {

constexpr double kRadToDeg = 180.0 / std::numbers::pi;

std::vector<double> scaled(const std::vector<double>& v, double k) {
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i] * k;
  return out;
}

std::vector<std::int64_t> ids(const std::vector<std::int32_t>& dense, const core::Network& net) {
  std::vector<std::int64_t> out(dense.size());
  for (std::size_t i = 0; i < dense.size(); ++i)
    out[i] = net.buses.id[static_cast<std::size_t>(dense[i])];
  return out;
}

std::vector<bool> flags(const std::vector<std::uint8_t>& v) {
  return {v.begin(), v.end()};
}

// Per-bus sums of the in-service rows of a load or shunt table.
template <typename Table>
void sum_at_buses(const Table& t, const std::vector<double>& a, const std::vector<double>& b,
                  double k, std::vector<double>& sum_a, std::vector<double>& sum_b) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!t.in_service[i]) continue;
    sum_a[static_cast<std::size_t>(t.bus[i])] += a[i] * k;
    sum_b[static_cast<std::size_t>(t.bus[i])] += b[i] * k;
  }
}

}  // namespace

NamedTable inspect_bus_table(const core::Network& net) {
  const auto& b = net.buses;
  const std::size_t n = b.size();
  std::vector<std::string> type(n);
  for (std::size_t i = 0; i < n; ++i) {
    static const char* kNames[] = {"?", "PQ", "PV", "REF", "NONE"};
    type[i] = kNames[static_cast<int>(b.type[i])];
  }
  std::vector<double> pd(n), qd(n), gs(n), bs(n);
  sum_at_buses(net.loads, net.loads.p_pu, net.loads.q_pu, net.base_mva, pd, qd);
  sum_at_buses(net.shunts, net.shunts.g_pu, net.shunts.b_pu, net.base_mva, gs, bs);
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add("bus_id", std::span<const std::int64_t>(b.id))
      .add("name", std::span<const std::string>(b.name));
  t.add("type", std::span<const std::string>(type))
      .add("area", std::span<const std::int32_t>(b.area));
  t.add("zone", std::span<const std::int32_t>(b.zone))
      .add("base_kv", std::span<const double>(b.base_kv));
  t.add("vm_pu", std::span<const double>(b.vm_pu));
  const auto va = scaled(b.va_rad, kRadToDeg);
  t.add("va_deg", std::span<const double>(va)).add("vmax_pu", std::span<const double>(b.vmax_pu));
  t.add("vmin_pu", std::span<const double>(b.vmin_pu)).add("pd_mw", std::span<const double>(pd));
  t.add("qd_mvar", std::span<const double>(qd)).add("gs_mw", std::span<const double>(gs));
  t.add("bs_mvar", std::span<const double>(bs));
  return {"buses", t.finish("inspect.buses", kInspectSchemaVersion)};
}

NamedTable inspect_branch_table(const core::Network& net) {
  const auto& br = net.branches;
  const auto from = ids(br.from_bus, net), to = ids(br.to_bus, net);
  const std::vector<std::string> ckt =
      br.ckt.empty() ? std::vector<std::string>(br.size()) : br.ckt;
  const auto rate_a = scaled(br.rate_a_pu, net.base_mva),
             rate_b = scaled(br.rate_b_pu, net.base_mva);
  const auto rate_c = scaled(br.rate_c_pu, net.base_mva), shift = scaled(br.shift_rad, kRadToDeg);
  TableBuilder t(static_cast<std::int64_t>(br.size()));
  t.add("branch_id", std::span<const std::int64_t>(br.id))
      .add("from_bus_id", std::span<const std::int64_t>(from));
  t.add("to_bus_id", std::span<const std::int64_t>(to))
      .add("ckt", std::span<const std::string>(ckt));
  t.add("r_pu", std::span<const double>(br.r_pu)).add("x_pu", std::span<const double>(br.x_pu));
  t.add("b_pu", std::span<const double>(br.b_pu))
      .add("rate_a_mva", std::span<const double>(rate_a));
  t.add("rate_b_mva", std::span<const double>(rate_b))
      .add("rate_c_mva", std::span<const double>(rate_c));
  t.add("tap_ratio", std::span<const double>(br.tap_ratio))
      .add("shift_deg", std::span<const double>(shift));
  t.add("transformer", flags(br.transformer)).add("in_service", flags(br.in_service));
  return {"branches", t.finish("inspect.branches", kInspectSchemaVersion)};
}

NamedTable inspect_gen_table(const core::Network& net) {
  const auto& g = net.gens;
  std::vector<std::int64_t> index(g.size());
  for (std::size_t k = 0; k < g.size(); ++k) index[k] = static_cast<std::int64_t>(k + 1);
  const auto bus = ids(g.bus, net);
  const auto reg = g.reg_bus.empty() ? bus : ids(g.reg_bus, net);
  const std::vector<std::string> id =
      g.machine_id.empty() ? std::vector<std::string>(g.size()) : g.machine_id;
  const double s = net.base_mva;
  const auto pg = scaled(g.pg_pu, s), qg = scaled(g.qg_pu, s), qmax = scaled(g.qmax_pu, s);
  const auto qmin = scaled(g.qmin_pu, s), pmax = scaled(g.pmax_pu, s), pmin = scaled(g.pmin_pu, s);
  TableBuilder t(static_cast<std::int64_t>(g.size()));
  t.add("gen_index", std::span<const std::int64_t>(index))
      .add("bus_id", std::span<const std::int64_t>(bus));
  t.add("machine_id", std::span<const std::string>(id))
      .add("reg_bus_id", std::span<const std::int64_t>(reg));
  t.add("pg_mw", std::span<const double>(pg)).add("qg_mvar", std::span<const double>(qg));
  t.add("qmax_mvar", std::span<const double>(qmax)).add("qmin_mvar", std::span<const double>(qmin));
  t.add("vg_pu", std::span<const double>(g.vg_pu)).add("pmax_mw", std::span<const double>(pmax));
  t.add("pmin_mw", std::span<const double>(pmin))
      .add("mbase_mva", std::span<const double>(g.mbase_mva));
  t.add("in_service", flags(g.in_service));
  return {"generators", t.finish("inspect.generators", kInspectSchemaVersion)};
}

}  // namespace gat::io
