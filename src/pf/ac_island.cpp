#include "pf/ac_island.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace gat::pf::detail {

namespace {

using core::BusType;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = std::numeric_limits<double>::epsilon();  // MATLAB's eps

}  // namespace

IslandSolver::IslandSolver(const core::Network& net, const core::Topology& topo,
                           std::int32_t island, const NetworkMatrices& m,
                           const AcPfOptions& options, std::vector<std::int32_t>& scratch)
    : net_(net), options_(options) {
  const auto& isl = topo.islands[island];
  bus_ = isl.buses;
  const auto n = static_cast<std::int32_t>(bus_.size());
  y_ = island_block(m.y, bus_, scratch);
  if (options.algorithm != AcAlgorithm::kNewton) {
    b_prime_ = island_block(m.b_prime, bus_, scratch);
    b_double_prime_ = island_block(m.b_double_prime, bus_, scratch);
  }

  // scratch is all −1 again; use it as network bus -> local bus while we index elements.
  for (std::int32_t i = 0; i < n; ++i) scratch[bus_[i]] = i;
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    const auto b = scratch[net.gens.bus[g]];
    if (b < 0 || !net.gens.in_service[g]) continue;
    gen_.push_back(static_cast<std::int32_t>(g));
    gen_local_bus_.push_back(b);
  }
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    const auto b = scratch[net.loads.bus[l]];
    if (b < 0 || !net.loads.in_service[l]) continue;
    load_.push_back(static_cast<std::int32_t>(l));
    load_local_bus_.push_back(b);
  }
  for (auto b : bus_) scratch[b] = -1;

  bus_gen_ptr_.assign(static_cast<std::size_t>(n) + 1, 0);
  for (auto b : gen_local_bus_) ++bus_gen_ptr_[b + 1];
  std::partial_sum(bus_gen_ptr_.begin(), bus_gen_ptr_.end(), bus_gen_ptr_.begin());
  bus_gen_.resize(gen_.size());
  std::vector<std::int32_t> fill(bus_gen_ptr_.begin(), bus_gen_ptr_.end() - 1);
  for (std::size_t k = 0; k < gen_.size(); ++k) {
    bus_gen_[fill[gen_local_bus_[k]]++] = static_cast<std::int32_t>(k);
  }

  // The topology's classification (MATPOWER's bustypes, per island).
  for (std::int32_t i = 0; i < n; ++i) {
    switch (topo.bus_type[bus_[i]]) {
      case BusType::kRef:
        base_classes_.ref.push_back(i);
        break;
      case BusType::kPV:
        base_classes_.pv.push_back(i);
        break;
      default:
        base_classes_.pq.push_back(i);
    }
  }
  type_.resize(bus_.size());
  for (auto* v : {&vm_, &va_, &pd_, &qd_, &p_sched_, &q_sched_, &s_re_, &s_im_, &vr_, &vi_}) {
    v->resize(bus_.size());
  }
  gen_p_.resize(gen_.size());
  gen_q_.resize(gen_.size());
  at_limit_.resize(gen_.size());
}

void IslandSolver::remove_branch(std::int32_t f, std::int32_t t, std::size_t k,
                                 const BranchAdmittance& a) {
  if (y_case_g_.empty()) {
    y_case_g_ = y_.g;
    y_case_b_ = y_.b;
  }
  auto local = [&](std::int32_t bus) {
    return static_cast<std::int32_t>(std::lower_bound(bus_.begin(), bus_.end(), bus) -
                                     bus_.begin());
  };
  auto position = [&](std::int32_t row, std::int32_t col) {
    const auto begin = y_.row_idx.begin() + y_.col_ptr[col];
    const auto end = y_.row_idx.begin() + y_.col_ptr[col + 1];
    return static_cast<std::int32_t>(std::lower_bound(begin, end, row) - y_.row_idx.begin());
  };
  const auto lf = local(f), lt = local(t);
  const std::int32_t pos[4] = {position(lf, lf), position(lf, lt), position(lt, lf),
                               position(lt, lt)};
  const double g[4] = {a.ff_re[k], a.ft_re[k], a.tf_re[k], a.tt_re[k]};
  const double b[4] = {a.ff_im[k], a.ft_im[k], a.tf_im[k], a.tt_im[k]};
  for (int e = 0; e < 4; ++e) {
    y_.g[pos[e]] -= g[e];
    y_.b[pos[e]] -= b[e];
    y_changed_.push_back(pos[e]);
  }
}

void IslandSolver::restore_branches() {
  for (auto p : y_changed_) {
    y_.g[p] = y_case_g_[p];
    y_.b[p] = y_case_b_[p];
  }
  y_changed_.clear();
}

IslandKernel& IslandSolver::kernel_for(const BusClasses& classes) {
  auto make = [&]() {
    if (options_.algorithm == AcAlgorithm::kNewton) {
      return make_newton_kernel(y_, classes, options_.linear_solver);
    }
    const auto solver = options_.linear_solver == "block" ? "klu" : options_.linear_solver;
    return make_fdpf_kernel(y_, b_prime_, b_double_prime_, classes, solver);
  };
  if (classes == base_classes_) {
    if (!base_kernel_) base_kernel_ = make();
    return *base_kernel_;
  }
  if (!round_kernel_ || !(round_kernel_->classes() == classes)) round_kernel_ = make();
  return *round_kernel_;
}

void IslandSolver::load_state(const Injections& inj, std::span<const double> vm0,
                              std::span<const double> va0) {
  const auto& buses = net_.buses;
  const auto& gens = net_.gens;
  for (std::size_t i = 0; i < bus_.size(); ++i) {
    vm_[i] = vm0[bus_[i]];
    va_[i] = va0[bus_[i]];
    type_[i] = buses.type[bus_[i]];
    pd_[i] = qd_[i] = 0.0;
  }
  // A reference chosen by the topology is a REF bus from now on (MATPOWER's ensure_ref_node).
  classes_ = base_classes_;
  for (auto r : classes_.ref) type_[r] = BusType::kRef;
  for (std::size_t k = 0; k < load_.size(); ++k) {
    pd_[load_local_bus_[k]] += net_.loads.p_pu[load_[k]];
    qd_[load_local_bus_[k]] += net_.loads.q_pu[load_[k]];
  }
  if (!inj.bus_load_p_pu.empty()) {
    for (std::size_t i = 0; i < bus_.size(); ++i) pd_[i] = inj.bus_load_p_pu[bus_[i]];
  }
  if (!inj.bus_load_q_pu.empty()) {
    for (std::size_t i = 0; i < bus_.size(); ++i) qd_[i] = inj.bus_load_q_pu[bus_[i]];
  }
  for (std::size_t k = 0; k < gen_.size(); ++k) {
    const auto g = gen_[k];
    gen_p_[k] = inj.gen_p_pu.empty() ? gens.pg_pu[g] : inj.gen_p_pu[g];
    gen_q_[k] = gens.qg_pu[g];
    at_limit_[k] = 0;
  }
  // Voltage set-points at REF and PV buses; with several generators the last one wins, as
  // MATPOWER's V0(gbus) = Vg assignment does.
  std::vector<std::uint8_t> controlled(bus_.size(), 0);
  for (auto i : classes_.ref) controlled[i] = 1;
  for (auto i : classes_.pv) controlled[i] = 1;
  for (std::size_t k = 0; k < gen_.size(); ++k) {
    if (controlled[gen_local_bus_[k]]) vm_[gen_local_bus_[k]] = gens.vg_pu[gen_[k]];
  }
}

// S_sched = Σ generation − load, per bus (MATPOWER makeSbus with constant-power loads).
void IslandSolver::schedule() {
  for (std::size_t i = 0; i < bus_.size(); ++i) {
    p_sched_[i] = -pd_[i];
    q_sched_[i] = -qd_[i];
  }
  for (std::size_t k = 0; k < gen_.size(); ++k) {
    p_sched_[gen_local_bus_[k]] += gen_p_[k];
    q_sched_[gen_local_bus_[k]] += gen_q_[k];
  }
}

// MATPOWER's pfsoln, for the island: generators at REF/PV buses (bus-matrix type) take the
// bus's reactive injection plus its load, shared in proportion to their Q ranges (infinite
// limits replaced by a bound M from the bus's total), and the first generator at each
// reference bus takes the active power the network draws there beyond the others' output.
void IslandSolver::share_generation() {
  const auto& gens = net_.gens;
  const double base = net_.base_mva;
  for (std::size_t i = 0; i < bus_.size(); ++i) {
    const auto first = bus_gen_ptr_[i], last = bus_gen_ptr_[i + 1];
    if (first == last || type_[i] == BusType::kPQ) continue;
    const double q_total = (s_im_[i] + qd_[i]) * base;  // MVAr
    const auto count = last - first;
    if (count == 1) {
      gen_q_[bus_gen_[first]] = q_total / base;
      continue;
    }
    const double share = q_total / count;
    double m_bus = 0.0;
    for (auto p = first; p < last; ++p) {
      const auto g = gen_[bus_gen_[p]];
      const double qmax = gens.qmax_pu[g] * base, qmin = gens.qmin_pu[g] * base;
      m_bus += std::abs(share) + (std::isinf(qmax) ? 0.0 : std::abs(qmax)) +
               (std::isinf(qmin) ? 0.0 : std::abs(qmin));
    }
    auto bounded = [&](double q) { return std::isinf(q) ? std::copysign(m_bus, q) : q; };
    double qmin_total = 0.0, qmax_total = 0.0;
    for (auto p = first; p < last; ++p) {
      const auto g = gen_[bus_gen_[p]];
      qmin_total += bounded(gens.qmin_pu[g] * base);
      qmax_total += bounded(gens.qmax_pu[g] * base);
    }
    const bool no_range = std::abs(qmin_total - qmax_total) < 10 * kEps;
    for (auto p = first; p < last; ++p) {
      const auto g = gen_[bus_gen_[p]];
      const double qmin = bounded(gens.qmin_pu[g] * base);
      const double qmax = bounded(gens.qmax_pu[g] * base);
      const double q = no_range ? qmin + (q_total - qmin_total) / count
                                : qmin + (q_total - qmin_total) / (qmax_total - qmin_total + kEps) *
                                             (qmax - qmin);
      gen_q_[bus_gen_[p]] = q / base;
    }
  }
  for (auto r : classes_.ref) {
    const auto first = bus_gen_ptr_[r], last = bus_gen_ptr_[r + 1];
    if (first == last) continue;
    double others = 0.0;
    for (auto p = first + 1; p < last; ++p) others += gen_p_[bus_gen_[p]];
    gen_p_[bus_gen_[first]] = s_re_[r] + pd_[r] - others;
  }
}

// MATPOWER's bustypes on the working types: REF and PV buses need an in-service generator;
// without a REF bus the first PV bus becomes the reference (and a REF bus).
bool IslandSolver::reclassify() {
  BusClasses c;
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(bus_.size()); ++i) {
    const bool has_gen = bus_gen_ptr_[i + 1] > bus_gen_ptr_[i];
    if (has_gen && type_[i] == BusType::kRef) {
      c.ref.push_back(i);
    } else if (has_gen && type_[i] == BusType::kPV) {
      c.pv.push_back(i);
    } else {
      c.pq.push_back(i);
    }
  }
  if (c.ref.empty()) {
    if (c.pv.empty()) {
      failure_ = "no generator left to hold the voltage after Q-limit switching";
      return false;
    }
    c.ref.push_back(c.pv.front());
    c.pv.erase(c.pv.begin());
    type_[c.ref.front()] = BusType::kRef;
  }
  classes_ = std::move(c);
  return true;
}

bool IslandSolver::enforce_q_limits() {
  const auto& gens = net_.gens;
  const double base = net_.base_mva, tol = options_.q_violation_mvar;
  std::vector<std::int32_t> above, below;  // positions in gen_, ascending
  for (std::size_t k = 0; k < gen_.size(); ++k) {
    const double q = gen_q_[k] * base;
    if (q > gens.qmax_pu[gen_[k]] * base + tol) above.push_back(static_cast<std::int32_t>(k));
    if (q < gens.qmin_pu[gen_[k]] * base - tol) below.push_back(static_cast<std::int32_t>(k));
  }
  if (above.empty() && below.empty()) return false;

  std::vector<std::int32_t> violated, remaining;
  std::set_union(above.begin(), above.end(), below.begin(), below.end(),
                 std::back_inserter(violated));
  for (std::size_t k = 0; k < gen_.size(); ++k) {
    const auto t = type_[gen_local_bus_[k]];
    if (t == BusType::kPV || t == BusType::kRef) remaining.push_back(static_cast<std::int32_t>(k));
  }
  if (violated == remaining && (above.empty() || below.empty())) {
    failure_ = "all " + std::to_string(violated.size()) +
               " remaining generators exceed their Q limits: infeasible";
    return false;
  }
  if (options_.q_limits == 2) {  // only the largest violation, the first one on ties
    double worst = -kInf;
    std::int32_t pick = -1;
    bool pick_above = true;
    for (auto k : above) {
      const double v = (gen_q_[k] - gens.qmax_pu[gen_[k]]) * base;
      if (v > worst) worst = v, pick = k, pick_above = true;
    }
    for (auto k : below) {
      const double v = (gens.qmin_pu[gen_[k]] - gen_q_[k]) * base;
      if (v > worst) worst = v, pick = k, pick_above = false;
    }
    above.clear();
    below.clear();
    (pick_above ? above : below).push_back(pick);
  }

  for (auto k : above) gen_q_[k] = gens.qmax_pu[gen_[k]];
  for (auto k : below) gen_q_[k] = gens.qmin_pu[gen_[k]];
  for (const auto* list : {&above, &below}) {
    for (auto k : *list) {
      at_limit_[k] = 1;
      const auto b = gen_local_bus_[k];
      if (classes_.ref.size() > 1 && type_[b] == BusType::kRef) {
        failure_ = "cannot enforce the Q limits of a reference bus in an island with several";
        return false;
      }
      type_[b] = BusType::kPQ;
    }
  }
  return reclassify();
}

IslandOutcome IslandSolver::solve(const Injections& injections, std::span<const double> vm0,
                                  std::span<const double> va0, AcPfResult& result) {
  load_state(injections, vm0, va0);
  failure_.clear();
  const auto ref0 = classes_.ref;
  const double va_ref0 = ref0.empty() ? 0.0 : va_[ref0.front()];
  const KernelLimits limits{options_.tol_pu, options_.effective_max_iter()};

  IslandOutcome outcome;
  while (true) {
    schedule();
    const auto round = kernel_for(classes_).solve(p_sched_, q_sched_, vm_, va_, limits);
    outcome.iterations += round.iterations;
    outcome.status = round.status;
    outcome.max_mismatch_pu = round.max_mismatch_pu;
    polar_to_cartesian(vm_, va_, vr_, vi_, false);
    injected_power(y_, vr_, vi_, s_re_, s_im_);
    share_generation();
    if (round.status != IslandStatus::kSolved || options_.q_limits == 0) break;
    if (!enforce_q_limits()) {
      if (!failure_.empty()) outcome.status = IslandStatus::kQLimitFailed;
      break;
    }
  }
  outcome.message = failure_;
  // Angles relative to the original reference, if Q limits moved it.
  if (!ref0.empty() && classes_.ref != ref0) {
    const double shift = va_ref0 - va_[ref0.front()];
    for (auto& a : va_) a += shift;
  }
  write(result, outcome);
  return outcome;
}

void IslandSolver::write(AcPfResult& result, const IslandOutcome& outcome) const {
  const bool diverged = outcome.status == IslandStatus::kDiverged;
  for (std::size_t i = 0; i < bus_.size(); ++i) {
    const auto b = bus_[i];
    result.vm_pu[b] = diverged ? kNaN : vm_[i];
    result.va_rad[b] = diverged ? kNaN : va_[i];
    result.p_inj_pu[b] = diverged ? kNaN : s_re_[i];
    result.q_inj_pu[b] = diverged ? kNaN : s_im_[i];
    result.bus_type[b] = BusType::kPQ;
  }
  for (auto r : classes_.ref) result.bus_type[bus_[r]] = BusType::kRef;
  for (auto p : classes_.pv) result.bus_type[bus_[p]] = BusType::kPV;
  for (std::size_t k = 0; k < gen_.size(); ++k) {
    result.gen_p_pu[gen_[k]] = diverged ? kNaN : gen_p_[k];
    result.gen_q_pu[gen_[k]] = diverged ? kNaN : gen_q_[k];
    result.gen_at_q_limit[gen_[k]] = at_limit_[k];
  }
}

}  // namespace gat::pf::detail
