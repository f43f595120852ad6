#include "gat/pf/dc_power_flow.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "gat/core/error.hpp"
#include "gat/linalg/sparse_lu.hpp"

namespace gat::pf {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Branches that carry flow: in service with both ends energizable (MATPOWER's ext2int takes
// branches to isolated buses out of the model).
bool active(const core::Network& net, const core::Topology& topo, std::size_t k) {
  const auto& br = net.branches;
  return br.in_service[k] && topo.bus_island[br.from_bus[k]] >= 0 &&
         topo.bus_island[br.to_bus[k]] >= 0;
}

// Per-bus scheduled injection before the reference picks up the imbalance:
// in-service generation − load − shunt conductance.
std::vector<double> scheduled_injection(const core::Network& net) {
  std::vector<double> p(net.n_buses(), 0.0);
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    if (net.gens.in_service[g]) p[net.gens.bus[g]] += net.gens.pg_pu[g];
  }
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    if (net.loads.in_service[l]) p[net.loads.bus[l]] -= net.loads.p_pu[l];
  }
  for (std::size_t s = 0; s < net.shunts.size(); ++s) {
    if (net.shunts.in_service[s]) p[net.shunts.bus[s]] -= net.shunts.g_pu[s];
  }
  return p;
}

}  // namespace

bool DcPfResult::all_solved() const {
  return std::all_of(islands.begin(), islands.end(),
                     [](const IslandOutcome& o) { return o.status == IslandStatus::kSolved; });
}

struct DcPowerFlow::Island {
  IslandOutcome outcome;
  std::vector<std::int32_t> unknown_bus;  // the bus of each unknown angle
  std::vector<double> rhs_offset;         // per unknown: phase-shift and reference-angle terms
  std::unique_ptr<linalg::SparseLu> lu;
};

DcPowerFlow::~DcPowerFlow() = default;
DcPowerFlow::DcPowerFlow(DcPowerFlow&&) noexcept = default;
DcPowerFlow& DcPowerFlow::operator=(DcPowerFlow&&) noexcept = default;

DcPowerFlow::DcPowerFlow(const core::Network& net, const core::Topology& topo,
                         const DcPfOptions& options)
    : net_(&net), topo_(&topo), b_(net.n_branches(), 0.0), p_scheduled_(scheduled_injection(net)) {
  const auto& br = net.branches;
  const auto n_islands = topo.islands.size();
  islands_.resize(n_islands);

  // Branch susceptances, bucketed by island; a zero reactance leaves the island unsolvable.
  std::vector<std::vector<std::size_t>> branches_of(n_islands);
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (!active(net, topo, k)) continue;
    const auto island = static_cast<std::size_t>(topo.bus_island[br.from_bus[k]]);
    if (br.x_pu[k] == 0.0) {
      auto& o = islands_[island].outcome;
      if (o.status == IslandStatus::kSolved) {
        o = {IslandStatus::kSingular, net.describe_branch(k) + " has zero reactance"};
      }
      continue;
    }
    b_[k] = 1.0 / (br.x_pu[k] * br.tap_ratio[k]);
    branches_of[island].push_back(k);
  }

  std::vector<std::int32_t> unknown(net.n_buses(), -1);
  for (std::size_t i = 0; i < n_islands; ++i) {
    const auto& island = topo.islands[i];
    auto& state = islands_[i];
    if (!island.solvable()) {
      state.outcome = {IslandStatus::kNoGeneration,
                       "island of bus " + std::to_string(net.buses.id[island.buses.front()]) +
                           " (" + std::to_string(island.buses.size()) +
                           " buses) has no in-service generator"};
    }
    if (state.outcome.status != IslandStatus::kSolved) continue;

    for (auto r : island.ref_buses) unknown[r] = -2;
    for (auto b : island.buses) {
      if (unknown[b] == -1) {
        unknown[b] = static_cast<std::int32_t>(state.unknown_bus.size());
        state.unknown_bus.push_back(b);
      }
    }
    const auto n = static_cast<std::int32_t>(state.unknown_bus.size());
    state.rhs_offset.assign(state.unknown_bus.size(), 0.0);
    linalg::TripletBuilder triplets(n, n);
    triplets.reserve(4 * branches_of[i].size());
    for (auto k : branches_of[i]) {
      const std::int32_t f = br.from_bus[k], t = br.to_bus[k];
      const std::int32_t uf = unknown[f], ut = unknown[t];
      const double shift_injection = b_[k] * br.shift_rad[k];  // = −P_finj of makeBdc
      if (uf >= 0) {
        state.rhs_offset[uf] += shift_injection;
        triplets.add(uf, uf, b_[k]);
        if (ut >= 0)
          triplets.add(uf, ut, -b_[k]);
        else
          state.rhs_offset[uf] += b_[k] * net.buses.va_rad[t];
      }
      if (ut >= 0) {
        state.rhs_offset[ut] -= shift_injection;
        triplets.add(ut, ut, b_[k]);
        if (uf >= 0)
          triplets.add(ut, uf, -b_[k]);
        else
          state.rhs_offset[ut] += b_[k] * net.buses.va_rad[f];
      }
    }
    for (auto b : island.buses) unknown[b] = -1;
    if (n == 0) continue;

    const auto matrix = triplets.compress();
    state.lu = linalg::make_sparse_lu(options.linear_solver);
    state.lu->analyze(matrix);
    if (state.lu->factor(matrix.values) != linalg::FactorStatus::kOk) {
      state.outcome = {IslandStatus::kSingular,
                       "B' is singular in the island of bus " +
                           std::to_string(net.buses.id[island.buses.front()]) +
                           " (a loop of zero-reactance branches?)"};
      state.lu.reset();
    }
  }
}

DcPfResult DcPowerFlow::solve(std::span<const double> p_pu) {
  const auto& net = *net_;
  const auto& topo = *topo_;
  const auto& br = net.branches;
  if (p_pu.size() != net.n_buses()) throw UsageError("DcPowerFlow::solve: one injection per bus");

  DcPfResult result;
  result.va_rad.assign(net.n_buses(), kNaN);
  result.islands.resize(islands_.size());
  std::vector<double> rhs;
  for (std::size_t i = 0; i < islands_.size(); ++i) {
    auto& state = islands_[i];
    result.islands[i] = state.outcome;
    if (state.outcome.status != IslandStatus::kSolved) continue;
    rhs.resize(state.unknown_bus.size());
    for (std::size_t u = 0; u < rhs.size(); ++u)
      rhs[u] = p_pu[state.unknown_bus[u]] + state.rhs_offset[u];
    if (!rhs.empty()) state.lu->solve(rhs);
    if (!std::all_of(rhs.begin(), rhs.end(), [](double v) { return std::isfinite(v); })) {
      result.islands[i] = {IslandStatus::kSingular,
                           "B' is numerically singular in the island of bus " +
                               std::to_string(net.buses.id[topo.islands[i].buses.front()])};
      continue;
    }
    for (auto r : topo.islands[i].ref_buses) result.va_rad[r] = net.buses.va_rad[r];
    for (std::size_t u = 0; u < rhs.size(); ++u) result.va_rad[state.unknown_bus[u]] = rhs[u];
  }

  // Branch flows P_f = b (θ_f − θ_t − φ) and, per bus, the injection the solved angles imply.
  result.pf_pu.assign(br.size(), 0.0);
  std::vector<double> p_implied(net.n_buses(), 0.0);
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (!active(net, topo, k)) continue;
    const std::int32_t f = br.from_bus[k], t = br.to_bus[k];
    const double flow = b_[k] * (result.va_rad[f] - result.va_rad[t] - br.shift_rad[k]);
    result.pf_pu[k] = std::isnan(result.va_rad[f]) ? kNaN : flow;
    p_implied[f] += flow;
    p_implied[t] -= flow;
  }

  // Generators: scheduled output; the first in-service generator at each reference bus takes
  // up the difference between what the network draws there and what was scheduled.
  result.gen_p_pu.assign(net.n_gens(), 0.0);
  std::vector<char> ref_taken(net.n_buses(), 0);
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    if (!net.gens.in_service[g]) continue;
    const auto bus = net.gens.bus[g];
    if (std::isnan(result.va_rad[bus])) {
      result.gen_p_pu[g] = kNaN;
      continue;
    }
    result.gen_p_pu[g] = net.gens.pg_pu[g];
    if (topo.bus_type[bus] == core::BusType::kRef && !ref_taken[bus]) {
      ref_taken[bus] = 1;
      result.gen_p_pu[g] += p_implied[bus] - p_pu[bus];
    }
  }

  result.p_inj_pu.assign(net.n_buses(), kNaN);
  for (std::size_t i = 0; i < net.n_buses(); ++i) {
    if (!std::isnan(result.va_rad[i])) result.p_inj_pu[i] = p_implied[i];
  }
  return result;
}

DcPfResult solve_dc_power_flow(const core::Network& net, const core::Topology& topo,
                               const DcPfOptions& options) {
  return DcPowerFlow(net, topo, options).solve();
}

}  // namespace gat::pf
