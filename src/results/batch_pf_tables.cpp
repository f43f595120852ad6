#include "gat/results/batch_pf_tables.hpp"

#include <cmath>
#include <numbers>

namespace gat::results {

using namespace io;

namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;

}  // namespace

NamedTable batch_status_table(const core::Network& net, const pf::BatchResult& result,
                              const std::string& run_id) {
  const double base = net.base_mva;
  const auto n = result.hours.size();
  std::vector<std::int64_t> hour(n);
  std::vector<bool> converged(n);
  std::vector<std::string> status(n), message(n);
  std::vector<std::int32_t> iterations(n);
  std::vector<double> mismatch(n), load_p(n), load_q(n), gen_p(n), gen_q(n), loss_p(n), loss_q(n),
      vmin(n), vmax(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto& h = result.hours[k];
    hour[k] = h.hour;
    converged[k] = h.converged();
    status[k] = std::string(pf::to_string(h.status));
    message[k] = h.message;
    iterations[k] = h.iterations;
    mismatch[k] = h.max_mismatch_pu * base;
    load_p[k] = h.load_p_pu * base;
    load_q[k] = h.load_q_pu * base;
    gen_p[k] = h.gen_p_pu * base;
    gen_q[k] = h.gen_q_pu * base;
    loss_p[k] = h.losses_p_pu * base;
    loss_q[k] = h.losses_q_pu * base;
    vmin[k] = std::isfinite(h.min_vm_pu) ? h.min_vm_pu : NAN;
    vmax[k] = std::isfinite(h.max_vm_pu) ? h.max_vm_pu : NAN;
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id)
      .add("hour", hour)
      .add("converged", converged)
      .add("status", status)
      .add("iterations", iterations)
      .add("max_mismatch_mva", mismatch)
      .add("load_mw", load_p)
      .add("load_mvar", load_q)
      .add("gen_mw", gen_p)
      .add("gen_mvar", gen_q)
      .add("losses_mw", loss_p)
      .add("losses_mvar", loss_q)
      .add("min_vm_pu", vmin)
      .add("max_vm_pu", vmax)
      .add("message", message);
  return {"hour_status", t.finish("hour_status", kBatchPfSchemaVersion)};
}

std::vector<NamedTable> batch_hour_tables(const core::Network& net, const pf::BatchResult& result,
                                          const std::string& run_id) {
  std::vector<NamedTable> tables;
  const auto nh = result.hours.size();
  if (!result.vm_pu.empty()) {
    const auto nb = result.n_buses;
    std::vector<std::int64_t> hour(nh * nb), bus(nh * nb);
    std::vector<double> va_deg(nh * nb);
    for (std::size_t k = 0; k < nh; ++k) {
      for (std::size_t i = 0; i < nb; ++i) {
        hour[k * nb + i] = result.hours[k].hour;
        bus[k * nb + i] = net.buses.id[i];
        va_deg[k * nb + i] = result.va_rad[k * nb + i] * kDeg;
      }
    }
    TableBuilder t(static_cast<std::int64_t>(nh * nb));
    t.add_constant("run_id", run_id)
        .add("hour", hour)
        .add("bus_id", bus)
        .add("vm_pu", result.vm_pu)
        .add("va_deg", va_deg);
    tables.push_back({"bus", t.finish("hour_bus", kBatchPfSchemaVersion)});
  }
  if (!result.pf_pu.empty()) {
    const auto nl = result.n_branches;
    const double base = net.base_mva;
    std::vector<std::int64_t> hour(nh * nl), branch(nh * nl);
    std::vector<double> pf(nh * nl), qf(nh * nl), pt(nh * nl), qt(nh * nl);
    for (std::size_t k = 0; k < nh; ++k) {
      for (std::size_t j = 0; j < nl; ++j) {
        const auto at = k * nl + j;
        hour[at] = result.hours[k].hour;
        branch[at] = net.branches.id[j];
        pf[at] = result.pf_pu[at] * base;
        qf[at] = result.qf_pu[at] * base;
        pt[at] = result.pt_pu[at] * base;
        qt[at] = result.qt_pu[at] * base;
      }
    }
    TableBuilder t(static_cast<std::int64_t>(nh * nl));
    t.add_constant("run_id", run_id)
        .add("hour", hour)
        .add("branch_id", branch)
        .add("p_from_mw", pf)
        .add("q_from_mvar", qf)
        .add("p_to_mw", pt)
        .add("q_to_mvar", qt);
    tables.push_back({"branch", t.finish("hour_branch", kBatchPfSchemaVersion)});
  }
  return tables;
}

DcHourRecorder::DcHourRecorder(const core::Network& net, std::span<const double> shunt_g)
    : net_(net), shunt_g_(shunt_g) {}

void DcHourRecorder::record(std::int64_t hour, std::span<const double> load,
                            const pf::DcPfResult& r) {
  const double base = net_.base_mva;
  double load_mw = 0, gen_mw = 0, worst = NAN;
  std::int32_t over = 0, unsolved = 0;
  std::string message;
  for (std::size_t i = 0; i < net_.n_buses(); ++i) {
    if (std::isnan(r.p_inj_pu[i])) continue;
    load_mw += load[i] * base;
    gen_mw += (r.p_inj_pu[i] + load[i] + shunt_g_[i]) * base;  // what the generators supply
  }
  for (const auto& island : r.islands) {
    if (island.status == pf::IslandStatus::kSolved) continue;
    ++unsolved;
    if (message.empty()) message = island.message;
  }
  const auto& br = net_.branches;
  for (std::size_t k = 0; k < br.size(); ++k) {
    const double p = r.pf_pu[k] * base;
    const double rate = br.rate_a_pu[k] * base;
    const double loading = rate > 0 && !std::isnan(p) ? 100.0 * std::abs(p) / rate : NAN;
    if (!std::isnan(loading)) {
      worst = std::isnan(worst) ? loading : std::max(worst, loading);
      over += loading > 100.0;
    }
    branches_.hour.push_back(hour);
    branches_.branch_id.push_back(br.id[k]);
    branches_.from_bus.push_back(net_.buses.id[br.from_bus[k]]);
    branches_.to_bus.push_back(net_.buses.id[br.to_bus[k]]);
    branches_.p_from_mw.push_back(p);
    branches_.loading_pct.push_back(loading);
  }
  for (std::size_t i = 0; i < net_.n_buses(); ++i) {
    buses_.hour.push_back(hour);
    buses_.bus_id.push_back(net_.buses.id[i]);
    buses_.va_deg.push_back(r.va_rad[i] * kDeg);
    buses_.p_inj_mw.push_back(r.p_inj_pu[i] * base);
  }
  hours_.hour.push_back(hour);
  hours_.status.emplace_back(unsolved ? "partial" : "solved");
  hours_.islands_unsolved.push_back(unsolved);
  hours_.load_mw.push_back(load_mw);
  hours_.gen_mw.push_back(gen_mw);
  hours_.max_loading_pct.push_back(worst);
  hours_.n_overloads.push_back(over);
  hours_.message.push_back(message);
}

std::vector<NamedTable> DcHourRecorder::tables(const std::string& run_id) const {
  TableBuilder status(static_cast<std::int64_t>(hours_.hour.size()));
  status.add_constant("run_id", run_id)
      .add("hour", hours_.hour)
      .add("status", hours_.status)
      .add("islands_unsolved", hours_.islands_unsolved)
      .add("load_mw", hours_.load_mw)
      .add("gen_mw", hours_.gen_mw)
      .add("max_loading_pct", hours_.max_loading_pct)
      .add("n_overloads", hours_.n_overloads)
      .add("message", hours_.message);
  TableBuilder branch(static_cast<std::int64_t>(branches_.hour.size()));
  branch.add_constant("run_id", run_id)
      .add("hour", branches_.hour)
      .add("branch_id", branches_.branch_id)
      .add("from_bus", branches_.from_bus)
      .add("to_bus", branches_.to_bus)
      .add("p_from_mw", branches_.p_from_mw)
      .add("loading_pct", branches_.loading_pct);
  TableBuilder bus(static_cast<std::int64_t>(buses_.hour.size()));
  bus.add_constant("run_id", run_id)
      .add("hour", buses_.hour)
      .add("bus_id", buses_.bus_id)
      .add("va_deg", buses_.va_deg)
      .add("p_inj_mw", buses_.p_inj_mw);
  return {{"hour_status", status.finish("dc_hour_status", kBatchPfDcSchemaVersion)},
          {"branch", branch.finish("dc_hour_branch", kBatchPfDcSchemaVersion)},
          {"bus", bus.finish("dc_hour_bus", kBatchPfDcSchemaVersion)}};
}

}  // namespace gat::results
