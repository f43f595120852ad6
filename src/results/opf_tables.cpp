#include "gat/results/opf_tables.hpp"

#include <cmath>
#include <numbers>

#include "gat/opf/gen_cost.hpp"
#include "results/opf_table_parts.hpp"

namespace gat::results {

using namespace io;

namespace {
constexpr double kDeg = 180.0 / std::numbers::pi;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

namespace detail {

OpfCaseColumns opf_case_columns(const core::Network& net) {
  OpfCaseColumns c;
  const auto& br = net.branches;
  for (std::size_t k = 0; k < br.size(); ++k) {
    c.branch_from.push_back(net.buses.id[br.from_bus[k]]);
    c.branch_to.push_back(net.buses.id[br.to_bus[k]]);
    c.branch_on.push_back(br.in_service[k] != 0);
    c.rate_mva.push_back(br.rate_a_pu[k] > 0 ? br.rate_a_pu[k] * net.base_mva : kNaN);
  }
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    c.gen_id.push_back(static_cast<std::int64_t>(g) + 1);
    c.gen_bus.push_back(net.buses.id[net.gens.bus[g]]);
    c.gen_on.push_back(net.gens.in_service[g] != 0);
  }
  c.pd_mw.assign(net.n_buses(), 0.0);
  c.qd_mvar.assign(net.n_buses(), 0.0);
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    if (!net.loads.in_service[l]) continue;
    c.pd_mw[net.loads.bus[l]] += net.loads.p_pu[l] * net.base_mva;
    c.qd_mvar[net.loads.bus[l]] += net.loads.q_pu[l] * net.base_mva;
  }
  return c;
}

std::vector<double> scaled(const std::vector<double>& v, double factor) {
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i] * factor;
  return out;
}

}  // namespace detail

namespace {

using detail::scaled;

std::vector<double> lmp_range(const std::vector<double>& lmp) {
  double lo = kNaN, hi = kNaN;
  for (double x : lmp) {
    if (std::isnan(x)) continue;
    lo = std::isnan(lo) ? x : std::min(lo, x);
    hi = std::isnan(hi) ? x : std::max(hi, x);
  }
  return {lo, hi};
}

std::string side_name(const opf::BindingConstraint& b) {
  if (b.kind == opf::BindingConstraint::Kind::kBranchFlow) return b.side > 0 ? "from" : "to";
  return b.side > 0 ? "max" : "min";
}

}  // namespace

NamedTable detail::binding_table(const core::Network& net, const TaggedBinding& rows,
                                 bool with_hour, const std::string& run_id) {
  using Kind = opf::BindingConstraint::Kind;
  const auto n = rows.size();
  std::vector<std::int64_t> hour(n), element(n), from(n), to(n);
  std::vector<std::string> kind(n), side(n);
  std::vector<double> value(n), limit(n), price(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& [h, b] = rows[i];
    hour[i] = h;
    kind[i] = std::string(opf::to_string(b.kind));
    side[i] = side_name(b);
    const bool branch = b.kind == Kind::kBranchFlow || b.kind == Kind::kBranchAngle;
    element[i] = b.kind == Kind::kBusVm ? net.buses.id[b.element] : b.element + 1;
    from[i] = branch ? net.buses.id[net.branches.from_bus[b.element]] : -1;
    to[i] = branch ? net.buses.id[net.branches.to_bus[b.element]] : -1;
    value[i] = b.value;
    limit[i] = b.limit;
    price[i] = b.shadow_price;
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id);
  if (with_hour) t.add("hour", hour);
  t.add("kind", kind).add("element_id", element).add("from_bus", from).add("to_bus", to);
  t.add("side", side).add("value", value).add("limit", limit).add("shadow_price", price);
  return {"binding", t.finish("binding", kOpfSchemaVersion)};
}

namespace {

detail::TaggedBinding tag(const std::vector<opf::BindingConstraint>& binding, std::int64_t hour) {
  detail::TaggedBinding out;
  for (const auto& b : binding) out.emplace_back(hour, b);
  return out;
}

// No solve times: a run's tables are the same bytes whichever executor ran it (the run record
// keeps each chunk's duration).
NamedTable summary_table(const std::string& model, opf::OpfStatus status, const std::string& msg,
                         const std::string& solver, const std::vector<std::string>& notes,
                         double objective, std::int64_t iterations, std::size_t n_binding,
                         const std::vector<double>& lmp, const std::string& run_id) {
  const auto range = lmp_range(lmp);
  TableBuilder t(1);
  t.add_constant("run_id", run_id).add_constant("model", model);
  t.add_constant("status", std::string(opf::to_string(status))).add_constant("message", msg);
  std::string joined;
  for (const auto& n : notes) joined += (joined.empty() ? "" : "; ") + n;
  t.add_constant("solver", solver).add_constant("notes", joined);
  const std::vector<double> obj{objective};
  const std::vector<std::int64_t> iters{iterations}, nbind{static_cast<std::int64_t>(n_binding)};
  t.add("objective_usd_per_h", obj).add("iterations", iters).add("n_binding", nbind);
  t.add("lmp_min_usd_per_mwh", std::vector<double>{range[0]});
  t.add("lmp_max_usd_per_mwh", std::vector<double>{range[1]});
  return {"summary", t.finish("summary", kOpfSchemaVersion)};
}

std::vector<double> gen_cost_usd(const core::Network& net, const std::vector<double>& pg_pu,
                                 const std::vector<double>* qg_pu) {
  const auto costs = opf::prepare_gen_costs(net);
  std::vector<double> out(net.n_gens(), kNaN);
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    if (!net.gens.in_service[g] || std::isnan(pg_pu[g])) continue;
    out[g] = opf::evaluate(costs.p[g], pg_pu[g] * net.base_mva);
    if (qg_pu && !costs.q.empty()) out[g] += opf::evaluate(costs.q[g], (*qg_pu)[g] * net.base_mva);
  }
  return out;
}

}  // namespace

std::vector<NamedTable> dc_opf_tables(const core::Network& net, const core::Topology& topo,
                                      const opf::DcOpfResult& r, const std::string& run_id) {
  const double base = net.base_mva;
  const auto c = detail::opf_case_columns(net);
  TableBuilder bus(static_cast<std::int64_t>(net.n_buses()));
  bus.add_constant("run_id", run_id).add("bus_id", net.buses.id).add("island", topo.bus_island);
  bus.add("va_deg", scaled(r.va_rad, kDeg)).add("p_load_mw", c.pd_mw);
  bus.add("lmp_usd_per_mwh", r.lmp).add("lmp_energy_usd_per_mwh", r.lmp_energy);
  bus.add("lmp_congestion_usd_per_mwh", r.lmp_congestion);

  const auto nl = static_cast<std::int64_t>(net.n_branches());
  std::vector<double> loading(net.n_branches(), kNaN);
  for (std::size_t k = 0; k < net.n_branches(); ++k)
    loading[k] = 100.0 * std::abs(r.pf_pu[k] * base) / c.rate_mva[k];
  TableBuilder branch(nl);
  branch.add_constant("run_id", run_id).add("branch_id", net.branches.id);
  branch.add("from_bus", c.branch_from).add("to_bus", c.branch_to).add("in_service", c.branch_on);
  branch.add("p_from_mw", scaled(r.pf_pu, base)).add("p_to_mw", scaled(r.pf_pu, -base));
  branch.add("rate_a_mva", c.rate_mva).add("loading_pct", loading);
  branch.add("mu_sf_usd_per_mwh", r.mu_sf).add("mu_st_usd_per_mwh", r.mu_st);
  branch.add("mu_angmin_usd_per_deg", r.mu_angmin).add("mu_angmax_usd_per_deg", r.mu_angmax);

  TableBuilder gen(static_cast<std::int64_t>(net.n_gens()));
  gen.add_constant("run_id", run_id).add("gen_id", c.gen_id).add("bus_id", c.gen_bus);
  gen.add("in_service", c.gen_on).add("p_mw", scaled(r.pg_pu, base));
  gen.add("pmin_mw", scaled(net.gens.pmin_pu, base)).add("pmax_mw", scaled(net.gens.pmax_pu, base));
  gen.add("cost_usd_per_h", gen_cost_usd(net, r.pg_pu, nullptr));
  gen.add("mu_pmin_usd_per_mwh", r.mu_pmin).add("mu_pmax_usd_per_mwh", r.mu_pmax);

  return {summary_table("dc", r.status, r.message, r.solver, r.notes, r.objective, r.iterations,
                        r.binding.size(), r.lmp, run_id),
          {"bus", bus.finish("opf_bus", kOpfSchemaVersion)},
          {"branch", branch.finish("opf_branch", kOpfSchemaVersion)},
          {"gen", gen.finish("opf_gen", kOpfSchemaVersion)},
          detail::binding_table(net, tag(r.binding, 0), false, run_id)};
}

std::vector<NamedTable> ac_opf_tables(const core::Network& net, const core::Topology& topo,
                                      const opf::AcOpfResult& r, const std::string& run_id) {
  const double base = net.base_mva;
  const auto c = detail::opf_case_columns(net);
  TableBuilder bus(static_cast<std::int64_t>(net.n_buses()));
  bus.add_constant("run_id", run_id).add("bus_id", net.buses.id).add("island", topo.bus_island);
  bus.add("vm_pu", r.vm_pu).add("va_deg", scaled(r.va_rad, kDeg));
  bus.add("p_load_mw", c.pd_mw).add("q_load_mvar", c.qd_mvar);
  bus.add("lam_p_usd_per_mwh", r.lam_p).add("lam_q_usd_per_mvarh", r.lam_q);
  bus.add("mu_vmin_usd_per_pu", r.mu_vmin).add("mu_vmax_usd_per_pu", r.mu_vmax);

  std::vector<double> sf(net.n_branches()), st(net.n_branches()), loading(net.n_branches());
  for (std::size_t k = 0; k < net.n_branches(); ++k) {
    sf[k] = std::hypot(r.pf_pu[k], r.qf_pu[k]) * base;
    st[k] = std::hypot(r.pt_pu[k], r.qt_pu[k]) * base;
    loading[k] = 100.0 * std::max(sf[k], st[k]) / c.rate_mva[k];
  }
  TableBuilder branch(static_cast<std::int64_t>(net.n_branches()));
  branch.add_constant("run_id", run_id).add("branch_id", net.branches.id);
  branch.add("from_bus", c.branch_from).add("to_bus", c.branch_to).add("in_service", c.branch_on);
  branch.add("p_from_mw", scaled(r.pf_pu, base)).add("q_from_mvar", scaled(r.qf_pu, base));
  branch.add("p_to_mw", scaled(r.pt_pu, base)).add("q_to_mvar", scaled(r.qt_pu, base));
  branch.add("s_from_mva", sf).add("s_to_mva", st);
  branch.add("rate_a_mva", c.rate_mva).add("loading_pct", loading);
  branch.add("mu_sf_usd_per_mvah", r.mu_sf).add("mu_st_usd_per_mvah", r.mu_st);
  branch.add("mu_angmin_usd_per_deg", r.mu_angmin).add("mu_angmax_usd_per_deg", r.mu_angmax);

  TableBuilder gen(static_cast<std::int64_t>(net.n_gens()));
  gen.add_constant("run_id", run_id).add("gen_id", c.gen_id).add("bus_id", c.gen_bus);
  gen.add("in_service", c.gen_on).add("p_mw", scaled(r.pg_pu, base));
  gen.add("q_mvar", scaled(r.qg_pu, base));
  gen.add("pmin_mw", scaled(net.gens.pmin_pu, base)).add("pmax_mw", scaled(net.gens.pmax_pu, base));
  gen.add("qmin_mvar", scaled(net.gens.qmin_pu, base));
  gen.add("qmax_mvar", scaled(net.gens.qmax_pu, base));
  gen.add("cost_usd_per_h", gen_cost_usd(net, r.pg_pu, &r.qg_pu));
  gen.add("mu_pmin_usd_per_mwh", r.mu_pmin).add("mu_pmax_usd_per_mwh", r.mu_pmax);
  gen.add("mu_qmin_usd_per_mvarh", r.mu_qmin).add("mu_qmax_usd_per_mvarh", r.mu_qmax);

  return {summary_table("ac", r.status, r.message, "ipopt", r.notes, r.objective, r.iterations,
                        r.binding.size(), r.lam_p, run_id),
          {"bus", bus.finish("opf_bus", kOpfSchemaVersion)},
          {"branch", branch.finish("opf_branch", kOpfSchemaVersion)},
          {"gen", gen.finish("opf_gen", kOpfSchemaVersion)},
          detail::binding_table(net, tag(r.binding, 0), false, run_id)};
}

}  // namespace gat::results
