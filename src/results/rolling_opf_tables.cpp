// Tables of a rolling (hour-by-hour) DC-OPF: one row per hour and element, with an hour column.
#include <cmath>

#include "gat/results/opf_tables.hpp"
#include "results/opf_table_parts.hpp"

namespace gat::results {

using namespace io;

struct RollingDcOpfRecorder::Hour {
  std::vector<double> lmp, energy, pg, pf, mu_sf, mu_st;
  std::vector<opf::BindingConstraint> binding;
};

RollingDcOpfRecorder::RollingDcOpfRecorder(const core::Network& net, std::size_t n_hours)
    : net_(net), hours_(n_hours) {}

RollingDcOpfRecorder::~RollingDcOpfRecorder() = default;

void RollingDcOpfRecorder::record(std::size_t index, const opf::DcOpfResult& r) {
  auto h = std::make_unique<Hour>();
  h->lmp = r.lmp;
  h->energy = r.lmp_energy;
  h->pg = r.pg_pu;
  h->pf = r.pf_pu;
  h->mu_sf = r.mu_sf;
  h->mu_st = r.mu_st;
  h->binding = r.binding;
  hours_[index] = std::move(h);
}

namespace {

NamedTable hour_table(std::span<const opf::HourOutcome> hours, const std::string& run_id) {
  const auto n = hours.size();
  std::vector<std::int64_t> hour(n), iterations(n), n_binding(n);
  std::vector<double> scale(n), objective(n);
  std::vector<std::string> status(n), message(n), solver(n);
  std::vector<bool> hot(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& h = hours[i];
    hour[i] = h.hour;
    scale[i] = h.load_scale;
    status[i] = std::string(opf::to_string(h.status));
    message[i] = h.message;
    objective[i] = h.status == opf::OpfStatus::kOptimal ? h.objective : NAN;
    iterations[i] = h.iterations;
    solver[i] = h.solver;
    hot[i] = h.hot_started;
    n_binding[i] = static_cast<std::int64_t>(h.n_binding);
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id).add("hour", hour).add("load_scale", scale);
  t.add("status", status).add("message", message).add("solver", solver);
  t.add("objective_usd_per_h", objective).add("iterations", iterations).add("hot_started", hot);
  t.add("n_binding", n_binding);
  return {"hour", t.finish("opf_hour", kOpfSchemaVersion)};
}

}  // namespace

std::vector<NamedTable> RollingDcOpfRecorder::tables(std::span<const opf::HourOutcome> hours,
                                                     const std::string& run_id) const {
  const auto& net = net_;
  const double base = net.base_mva;
  const auto nb = net.n_buses(), ng = net.n_gens(), nl = net.n_branches();
  std::vector<std::int64_t> bh, bid, gh, gid, lh, lid;
  std::vector<double> lmp, energy, congestion, pg, pf, mu_sf, mu_st;
  detail::TaggedBinding binding;
  for (std::size_t i = 0; i < hours.size(); ++i) {
    const auto& h = hours_[i];
    if (!h) continue;
    const auto hour = hours[i].hour;
    for (std::size_t b = 0; b < nb; ++b) {
      bh.push_back(hour);
      bid.push_back(net.buses.id[b]);
      lmp.push_back(h->lmp[b]);
      energy.push_back(h->energy[b]);
      congestion.push_back(h->lmp[b] - h->energy[b]);
    }
    for (std::size_t g = 0; g < ng; ++g) {
      gh.push_back(hour);
      gid.push_back(static_cast<std::int64_t>(g) + 1);
      pg.push_back(h->pg[g] * base);
    }
    for (std::size_t k = 0; k < nl; ++k) {
      lh.push_back(hour);
      lid.push_back(net.branches.id[k]);
      pf.push_back(h->pf[k] * base);
      mu_sf.push_back(h->mu_sf[k]);
      mu_st.push_back(h->mu_st[k]);
    }
    for (const auto& c : h->binding) binding.emplace_back(hour, c);
  }
  TableBuilder bus(static_cast<std::int64_t>(bh.size()));
  bus.add_constant("run_id", run_id).add("hour", bh).add("bus_id", bid);
  bus.add("lmp_usd_per_mwh", lmp).add("lmp_energy_usd_per_mwh", energy);
  bus.add("lmp_congestion_usd_per_mwh", congestion);
  TableBuilder gen(static_cast<std::int64_t>(gh.size()));
  gen.add_constant("run_id", run_id).add("hour", gh).add("gen_id", gid).add("p_mw", pg);
  TableBuilder branch(static_cast<std::int64_t>(lh.size()));
  branch.add_constant("run_id", run_id).add("hour", lh).add("branch_id", lid);
  branch.add("p_from_mw", pf).add("mu_sf_usd_per_mwh", mu_sf).add("mu_st_usd_per_mwh", mu_st);
  return {hour_table(hours, run_id),
          {"bus", bus.finish("opf_hour_bus", kOpfSchemaVersion)},
          {"gen", gen.finish("opf_hour_gen", kOpfSchemaVersion)},
          {"branch", branch.finish("opf_hour_branch", kOpfSchemaVersion)},
          detail::binding_table(net, binding, true, run_id)};
}

NamedTable ac_check_table(std::span<const std::int64_t> hours,
                          std::span<const opf::AcRecheck> checks, const std::string& run_id) {
  const auto n = checks.size();
  std::vector<bool> converged(n), ac_opf(n);
  std::vector<double> loading(n), vmin(n), vmax(n), objective(n);
  std::vector<std::int32_t> overloads(n), voltage(n), gens(n);
  std::vector<std::string> status(n), message(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& c = checks[i];
    converged[i] = c.pf_converged;
    loading[i] = c.max_loading_pct;
    overloads[i] = c.n_overloads;
    vmin[i] = c.min_vm_pu;
    vmax[i] = c.max_vm_pu;
    voltage[i] = c.n_voltage_violations;
    gens[i] = c.n_gen_violations;
    ac_opf[i] = c.ac_opf_run;
    status[i] = c.ac_opf_run ? std::string(opf::to_string(c.ac_opf_status)) : "";
    message[i] = c.ac_opf_message;
    objective[i] =
        c.ac_opf_run && c.ac_opf_status == opf::OpfStatus::kOptimal ? c.ac_opf_objective : NAN;
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id)
      .add("hour", std::vector<std::int64_t>(hours.begin(), hours.end()));
  t.add("pf_converged", converged).add("max_loading_pct", loading).add("n_overloads", overloads);
  t.add("min_vm_pu", vmin).add("max_vm_pu", vmax).add("n_voltage_violations", voltage);
  t.add("n_gen_violations", gens).add("ac_opf", ac_opf).add("ac_opf_status", status);
  t.add("ac_opf_message", message).add("ac_opf_objective_usd_per_h", objective);
  return {"ac_check", t.finish("opf_ac_check", kOpfSchemaVersion)};
}

}  // namespace gat::results
