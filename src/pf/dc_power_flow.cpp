#include "gat/pf/dc_power_flow.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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

class IslandSolver {
 public:
  IslandSolver(const core::Network& net, const core::Topology& topo, const DcPfOptions& options,
               const std::vector<double>& susceptance, DcPfResult& result)
      : net_(net), topo_(topo), options_(options), b_(susceptance), result_(result) {}

  IslandOutcome solve(std::int32_t island_index, const std::vector<double>& p_sched);

 private:
  const core::Network& net_;
  const core::Topology& topo_;
  const DcPfOptions& options_;
  const std::vector<double>& b_;  // per branch: 1 / (x τ), 0 when inactive
  DcPfResult& result_;
};

IslandOutcome IslandSolver::solve(std::int32_t island_index, const std::vector<double>& p_sched) {
  const auto& island = topo_.islands[island_index];
  const auto& br = net_.branches;

  // Dense numbering of the island's non-reference buses; -1 for reference and foreign buses.
  std::vector<std::int32_t> unknown(net_.n_buses(), -1);
  std::vector<char> is_ref(net_.n_buses(), 0);
  for (auto r : island.ref_buses) is_ref[r] = 1;
  std::int32_t n = 0;
  for (auto b : island.buses) {
    if (!is_ref[b]) unknown[b] = n++;
  }

  // RHS: P − P_shift − B(:, ref) θ_ref, over the non-reference buses.
  for (auto r : island.ref_buses) result_.va_rad[r] = net_.buses.va_rad[r];
  std::vector<double> rhs(static_cast<std::size_t>(n), 0.0);
  for (auto b : island.buses) {
    if (unknown[b] >= 0) rhs[unknown[b]] = p_sched[b];
  }
  linalg::TripletBuilder triplets(n, n);
  for (std::size_t k = 0; k < br.size(); ++k) {
    const std::int32_t f = br.from_bus[k], t = br.to_bus[k];
    if (b_[k] == 0.0 || topo_.bus_island[f] != island_index) continue;
    const double shift_injection = b_[k] * br.shift_rad[k];  // = −P_finj
    const std::int32_t uf = unknown[f], ut = unknown[t];
    if (uf >= 0) {
      rhs[uf] += shift_injection;
      triplets.add(uf, uf, b_[k]);
      if (ut >= 0)
        triplets.add(uf, ut, -b_[k]);
      else
        rhs[uf] += b_[k] * result_.va_rad[t];
    }
    if (ut >= 0) {
      rhs[ut] -= shift_injection;
      triplets.add(ut, ut, b_[k]);
      if (uf >= 0)
        triplets.add(ut, uf, -b_[k]);
      else
        rhs[ut] += b_[k] * result_.va_rad[f];
    }
  }

  if (n > 0) {
    const auto matrix = triplets.compress();
    auto lu = linalg::make_sparse_lu(options_.linear_solver);
    lu->analyze(matrix);
    if (lu->factor(matrix.values) != linalg::FactorStatus::kOk) {
      return {IslandStatus::kSingular, "B' is singular in the island of bus " +
                                           std::to_string(net_.buses.id[island.buses.front()]) +
                                           " (a loop of zero-reactance branches?)"};
    }
    lu->solve(rhs);
    if (!std::all_of(rhs.begin(), rhs.end(), [](double v) { return std::isfinite(v); })) {
      return {IslandStatus::kSingular, "B' is numerically singular in the island of bus " +
                                           std::to_string(net_.buses.id[island.buses.front()])};
    }
  }
  for (auto b : island.buses) {
    if (unknown[b] >= 0) result_.va_rad[b] = rhs[unknown[b]];
  }
  return {};
}

}  // namespace

bool DcPfResult::all_solved() const {
  return std::all_of(islands.begin(), islands.end(),
                     [](const IslandOutcome& o) { return o.status == IslandStatus::kSolved; });
}

DcPfResult solve_dc_power_flow(const core::Network& net, const core::Topology& topo,
                               const DcPfOptions& options) {
  const auto& br = net.branches;
  DcPfResult result;
  result.va_rad.assign(net.n_buses(), kNaN);
  result.islands.resize(topo.islands.size());

  // Branch susceptances; a zero reactance makes the DC model undefined for its island.
  std::vector<double> b(br.size(), 0.0);
  std::vector<std::string> zero_x_message(topo.islands.size());
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (!active(net, topo, k)) continue;
    if (br.x_pu[k] == 0.0) {
      auto& msg = zero_x_message[topo.bus_island[br.from_bus[k]]];
      if (msg.empty()) msg = net.describe_branch(k) + " has zero reactance";
      continue;
    }
    b[k] = 1.0 / (br.x_pu[k] * br.tap_ratio[k]);
  }

  const auto p_sched = scheduled_injection(net);
  IslandSolver solver(net, topo, options, b, result);
  for (std::size_t i = 0; i < topo.islands.size(); ++i) {
    const auto& island = topo.islands[i];
    if (!island.solvable()) {
      result.islands[i] = {IslandStatus::kNoGeneration,
                           "island of bus " + std::to_string(net.buses.id[island.buses.front()]) +
                               " (" + std::to_string(island.buses.size()) +
                               " buses) has no in-service generator"};
    } else if (!zero_x_message[i].empty()) {
      result.islands[i] = {IslandStatus::kSingular, zero_x_message[i]};
    } else {
      result.islands[i] = solver.solve(static_cast<std::int32_t>(i), p_sched);
    }
    if (result.islands[i].status != IslandStatus::kSolved) {
      for (auto bus : island.buses) result.va_rad[bus] = kNaN;
    }
  }

  // Branch flows P_f = b (θ_f − θ_t − φ) and, per bus, the injection the solved angles imply.
  result.pf_pu.assign(br.size(), 0.0);
  std::vector<double> p_implied(net.n_buses(), 0.0);
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (!active(net, topo, k)) continue;
    const std::int32_t f = br.from_bus[k], t = br.to_bus[k];
    const double flow = b[k] * (result.va_rad[f] - result.va_rad[t] - br.shift_rad[k]);
    result.pf_pu[k] = flow;
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
      result.gen_p_pu[g] += p_implied[bus] - p_sched[bus];
    }
  }

  result.p_inj_pu.assign(net.n_buses(), kNaN);
  for (std::size_t i = 0; i < net.n_buses(); ++i) {
    if (!std::isnan(result.va_rad[i])) result.p_inj_pu[i] = p_implied[i];
  }
  return result;
}

}  // namespace gat::pf
