#include "gat/pf/ac_power_flow.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>

#include "gat/core/error.hpp"
#include "pf/ac_island.hpp"

namespace gat::pf {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool active(const core::Network& net, const core::Topology& topo, std::size_t k) {
  const auto& br = net.branches;
  return br.in_service[k] && topo.bus_island[br.from_bus[k]] >= 0 &&
         topo.bus_island[br.to_bus[k]] >= 0;
}

detail::NetworkMatrices build_matrices(const core::Network& net, const core::Topology& topo,
                                       AcAlgorithm algorithm) {
  detail::NetworkMatrices m;
  m.y = build_ybus(net, topo);
  if (algorithm == AcAlgorithm::kNewton) return m;
  // MATPOWER makeB: B' without shunts, charging and tap ratios (XB also without resistance);
  // B'' without phase shifts (BX also without resistance).
  const bool xb = algorithm == AcAlgorithm::kFastDecoupledXB;
  YbusModel bp{.bus_shunts = false,
               .line_charging = false,
               .tap_ratios = false,
               .phase_shifts = true,
               .resistance = !xb,
               .keep_branch_admittance = false};
  YbusModel bpp{.bus_shunts = true,
                .line_charging = true,
                .tap_ratios = true,
                .phase_shifts = false,
                .resistance = xb,
                .keep_branch_admittance = false};
  m.b_prime = build_ybus(net, topo, bp);
  m.b_double_prime = build_ybus(net, topo, bpp);
  return m;
}

// S_f = V_f conj(Y_ff V_f + Y_ft V_t), S_t = V_t conj(Y_tf V_f + Y_tt V_t) per branch; 0 for
// branches out of the model (removed: an outage applied with remove_branches).
void branch_flows(const core::Network& net, const core::Topology& topo, const Ybus& y,
                  const std::vector<std::uint8_t>& removed, AcPfResult& r, std::vector<double>& vr,
                  std::vector<double>& vi) {
  using C = std::complex<double>;
  const auto& br = net.branches;
  const auto& a = y.branch;
  vr.resize(net.n_buses());
  vi.resize(net.n_buses());
  for (std::size_t i = 0; i < net.n_buses(); ++i) {
    double s, c;
    ::sincos(r.va_rad[i], &s, &c);
    vr[i] = r.vm_pu[i] * c;
    vi[i] = r.vm_pu[i] * s;
  }
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (!active(net, topo, k) || (!removed.empty() && removed[k])) {
      r.pf_pu[k] = r.qf_pu[k] = r.pt_pu[k] = r.qt_pu[k] = 0.0;
      continue;
    }
    const auto f = br.from_bus[k], t = br.to_bus[k];
    const C vf(vr[f], vi[f]), vt(vr[t], vi[t]);
    const C sf = vf * std::conj(C(a.ff_re[k], a.ff_im[k]) * vf + C(a.ft_re[k], a.ft_im[k]) * vt);
    const C st = vt * std::conj(C(a.tf_re[k], a.tf_im[k]) * vf + C(a.tt_re[k], a.tt_im[k]) * vt);
    r.pf_pu[k] = sf.real();
    r.qf_pu[k] = sf.imag();
    r.pt_pu[k] = st.real();
    r.qt_pu[k] = st.imag();
  }
}

// An island with a branch of zero impedance has no admittance matrix.
std::vector<std::string> zero_impedance_messages(const core::Network& net,
                                                 const core::Topology& topo) {
  std::vector<std::string> msg(topo.islands.size());
  const auto& br = net.branches;
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (!active(net, topo, k) || br.r_pu[k] != 0.0 || br.x_pu[k] != 0.0) continue;
    auto& m = msg[topo.bus_island[br.from_bus[k]]];
    if (m.empty()) m = net.describe_branch(k) + " has zero impedance";
  }
  return msg;
}

// PSS/E cases may name a remote bus whose voltage a generator holds; gat's AC power flow, like
// MATPOWER's, holds the generator's own bus at vg.
void warn_remote_regulation(const core::Network& net) {
  const auto& g = net.gens;
  if (g.reg_bus.size() != g.size()) return;
  std::size_t remote = 0;
  for (std::size_t k = 0; k < g.size(); ++k) remote += g.in_service[k] && g.reg_bus[k] != g.bus[k];
  if (remote > 0) {
    spdlog::warn(
        "{}: {} generator(s) regulate a remote bus; the AC power flow holds each "
        "generator's own bus at its set-point instead",
        net.name, remote);
  }
}

}  // namespace

int AcPfOptions::effective_max_iter() const {
  if (max_iter > 0) return max_iter;
  return algorithm == AcAlgorithm::kNewton ? 10 : 30;
}

std::string_view to_string(AcAlgorithm algorithm) {
  switch (algorithm) {
    case AcAlgorithm::kNewton:
      return "newton";
    case AcAlgorithm::kFastDecoupledXB:
      return "fdpf-xb";
    case AcAlgorithm::kFastDecoupledBX:
      return "fdpf-bx";
  }
  return "unknown";
}

bool AcPfResult::all_solved() const {
  return std::all_of(islands.begin(), islands.end(),
                     [](const IslandOutcome& o) { return o.status == IslandStatus::kSolved; });
}

double AcPfResult::losses_p_pu() const {
  double sum = 0.0;
  for (std::size_t k = 0; k < pf_pu.size(); ++k) {
    if (std::isfinite(pf_pu[k] + pt_pu[k])) sum += pf_pu[k] + pt_pu[k];
  }
  return sum;
}

double AcPfResult::losses_q_pu() const {
  double sum = 0.0;
  for (std::size_t k = 0; k < qf_pu.size(); ++k) {
    if (std::isfinite(qf_pu[k] + qt_pu[k])) sum += qf_pu[k] + qt_pu[k];
  }
  return sum;
}

class AcPowerFlow::Impl {
 public:
  Impl(const core::Network& net, const core::Topology& topo, AcPfOptions options)
      : net_(net), topo_(topo), options_(std::move(options)) {
    if (options_.q_limits < 0 || options_.q_limits > 2) {
      throw UsageError("AC power flow: q_limits must be 0, 1 or 2");
    }
    if (!(options_.tol_pu > 0)) throw UsageError("AC power flow: tolerance must be positive");
    warn_remote_regulation(net);
    matrices_ = build_matrices(net, topo_, options_.algorithm);
    zero_impedance_ = zero_impedance_messages(net, topo_);
    std::vector<std::int32_t> scratch(net.n_buses(), -1);
    islands_.resize(topo.islands.size());
    for (std::size_t i = 0; i < topo.islands.size(); ++i) {
      if (!topo.islands[i].solvable() || !zero_impedance_[i].empty()) continue;
      islands_[i] = std::make_unique<detail::IslandSolver>(net, topo, static_cast<std::int32_t>(i),
                                                           matrices_, options_, scratch);
    }
  }

  void solve(AcPfResult& r, const Injections& inj, const AcPfResult* warm);
  const AcPfOptions& options() const { return options_; }
  void remove_branches(std::span<const std::int32_t> branches);
  void restore_branches();

 private:
  void start_point(const AcPfResult* warm);
  void reset(AcPfResult& r) const;

  const core::Network& net_;
  core::Topology topo_;  // a copy: callers often pass a temporary
  AcPfOptions options_;
  detail::NetworkMatrices matrices_;
  std::vector<std::string> zero_impedance_;
  std::vector<std::unique_ptr<detail::IslandSolver>> islands_;
  std::vector<double> vm0_, va0_, vr_, vi_;
  std::vector<std::uint8_t> removed_;  // per branch, while an outage is applied
};

void AcPowerFlow::Impl::remove_branches(std::span<const std::int32_t> branches) {
  if (options_.algorithm != AcAlgorithm::kNewton) {
    throw UsageError("AC power flow: branch outages need the Newton algorithm");
  }
  restore_branches();
  removed_.assign(net_.n_branches(), 0);
  const auto& br = net_.branches;
  for (auto k : branches) {
    if (k < 0 || static_cast<std::size_t>(k) >= br.size())
      throw UsageError("AC power flow: branch index out of range");
    if (removed_[k] || !active(net_, topo_, static_cast<std::size_t>(k))) continue;
    removed_[k] = 1;
    const auto island = topo_.bus_island[br.from_bus[k]];
    if (!islands_[island]) continue;  // an island that is not solved anyway
    islands_[island]->remove_branch(br.from_bus[k], br.to_bus[k], static_cast<std::size_t>(k),
                                    matrices_.y.branch);
  }
}

void AcPowerFlow::Impl::restore_branches() {
  for (auto& island : islands_) {
    if (island) island->restore_branches();
  }
  removed_.clear();
}

void AcPowerFlow::Impl::start_point(const AcPfResult* warm) {
  const auto& buses = net_.buses;
  const auto nb = net_.n_buses();
  vm0_.assign(buses.vm_pu.begin(), buses.vm_pu.end());
  va0_.assign(buses.va_rad.begin(), buses.va_rad.end());
  if (warm) {
    if (warm->vm_pu.size() != nb || warm->va_rad.size() != nb) {
      throw UsageError("AC power flow: warm start has the wrong number of buses");
    }
    for (std::size_t i = 0; i < nb; ++i) {
      if (std::isfinite(warm->vm_pu[i]) && std::isfinite(warm->va_rad[i])) {
        vm0_[i] = warm->vm_pu[i];
        va0_[i] = warm->va_rad[i];
      }
    }
  } else if (options_.start == StartPoint::kFlat) {
    for (std::size_t i = 0; i < nb; ++i) {
      vm0_[i] = 1.0;
      if (topo_.bus_type[i] != core::BusType::kRef) va0_[i] = 0.0;
    }
  }
}

void AcPowerFlow::Impl::reset(AcPfResult& r) const {
  const auto nb = net_.n_buses(), ng = net_.n_gens(), nl = net_.n_branches();
  for (auto* v : {&r.vm_pu, &r.va_rad, &r.p_inj_pu, &r.q_inj_pu}) v->assign(nb, kNaN);
  r.bus_type.assign(topo_.bus_type.begin(), topo_.bus_type.end());
  r.gen_p_pu.assign(ng, 0.0);
  r.gen_q_pu.assign(ng, 0.0);
  r.gen_at_q_limit.assign(ng, 0);
  for (auto* v : {&r.pf_pu, &r.qf_pu, &r.pt_pu, &r.qt_pu}) v->assign(nl, kNaN);
  r.islands.assign(topo_.islands.size(), {});
  r.iterations = 0;
  r.max_mismatch_pu = 0.0;
}

void AcPowerFlow::Impl::solve(AcPfResult& r, const Injections& inj, const AcPfResult* warm) {
  if ((!inj.bus_load_p_pu.empty() && inj.bus_load_p_pu.size() != net_.n_buses()) ||
      (!inj.bus_load_q_pu.empty() && inj.bus_load_q_pu.size() != net_.n_buses()) ||
      (!inj.gen_p_pu.empty() && inj.gen_p_pu.size() != net_.n_gens())) {
    throw UsageError("AC power flow: injections do not match the network's buses/generators");
  }
  start_point(warm);
  reset(r);
  for (std::size_t i = 0; i < topo_.islands.size(); ++i) {
    const auto& island = topo_.islands[i];
    auto& outcome = r.islands[i];
    const auto where = "island of bus " + std::to_string(net_.buses.id[island.buses.front()]) +
                       " (" + std::to_string(island.buses.size()) + " buses)";
    if (!island.solvable()) {
      outcome = {IslandStatus::kNoGeneration, where + " has no in-service generator"};
    } else if (!zero_impedance_[i].empty()) {
      outcome = {IslandStatus::kSingular, zero_impedance_[i]};
    } else {
      outcome = islands_[i]->solve(inj, vm0_, va0_, r);
      if (outcome.status == IslandStatus::kSolved) continue;
      if (outcome.message.empty()) {
        outcome.message = where + ": " + std::string(to_string(outcome.status));
      }
    }
  }
  branch_flows(net_, topo_, matrices_.y, removed_, r, vr_, vi_);
  for (const auto& o : r.islands) {
    r.iterations = std::max(r.iterations, o.iterations);
    if (std::isnan(o.max_mismatch_pu) || o.max_mismatch_pu > r.max_mismatch_pu) {
      r.max_mismatch_pu = o.max_mismatch_pu;
    }
  }
}

AcPowerFlow::AcPowerFlow(const core::Network& net, const core::Topology& topo, AcPfOptions options)
    : impl_(std::make_unique<Impl>(net, topo, std::move(options))) {}
AcPowerFlow::~AcPowerFlow() = default;
AcPowerFlow::AcPowerFlow(AcPowerFlow&&) noexcept = default;
AcPowerFlow& AcPowerFlow::operator=(AcPowerFlow&&) noexcept = default;

void AcPowerFlow::solve(AcPfResult& result, const Injections& injections,
                        const AcPfResult* warm_start) {
  impl_->solve(result, injections, warm_start);
}

const AcPfOptions& AcPowerFlow::options() const {
  return impl_->options();
}

void AcPowerFlow::remove_branches(std::span<const std::int32_t> branches) {
  impl_->remove_branches(branches);
}

void AcPowerFlow::restore_branches() {
  impl_->restore_branches();
}

AcPfResult solve_ac_power_flow(const core::Network& net, const core::Topology& topo,
                               const AcPfOptions& options) {
  AcPowerFlow pf(net, topo, options);
  AcPfResult result;
  pf.solve(result, {}, nullptr);
  return result;
}

}  // namespace gat::pf
