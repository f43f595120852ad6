#include "opf/opf_scope.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace gat::opf::detail {

OpfScope make_scope(const core::Network& net, const core::Topology& topo) {
  OpfScope s;
  const auto nb = net.n_buses();
  s.bus_pos.assign(nb, -1);
  s.bus_ref.assign(nb, -1);
  std::vector<char> in_model(nb, 0);
  for (const auto& island : topo.islands) {
    if (!island.solvable()) {
      s.notes.push_back("island of bus " + std::to_string(net.buses.id[island.buses.front()]) +
                        " (" + std::to_string(island.buses.size()) +
                        " buses) has no in-service generator: left out of the OPF");
      continue;
    }
    for (auto b : island.buses) {
      in_model[b] = 1;
      s.bus_ref[b] = island.ref_buses.front();
    }
    s.ref_buses.insert(s.ref_buses.end(), island.ref_buses.begin(), island.ref_buses.end());
    if (!island.note.empty() && island.note != "no in-service generator")
      s.notes.push_back(island.note);
  }
  for (std::size_t b = 0; b < nb; ++b) {
    if (!in_model[b]) continue;
    s.bus_pos[b] = static_cast<std::int32_t>(s.buses.size());
    s.buses.push_back(static_cast<std::int32_t>(b));
  }
  const auto& br = net.branches;
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (br.in_service[k] && in_model[br.from_bus[k]] && in_model[br.to_bus[k]])
      s.branches.push_back(static_cast<std::int32_t>(k));
  }
  for (std::size_t g = 0; g < net.n_gens(); ++g) {
    if (net.gens.in_service[g] && in_model[net.gens.bus[g]])
      s.gens.push_back(static_cast<std::int32_t>(g));
  }
  return s;
}

bool has_flow_limit(const core::Network& net, std::size_t k) {
  const double rate_mva = net.branches.rate_a_pu[k] * net.base_mva;
  return rate_mva != 0.0 && rate_mva < 1e10;
}

AngleLimit angle_limit(const core::Network& net, std::size_t k) {
  constexpr double kDeg = 180.0 / std::numbers::pi;
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  // Back to degrees, rounded off the conversion's last bits, to apply MATPOWER's tests exactly.
  auto degrees = [](double rad) {
    const double d = rad * kDeg;
    const double r = std::round(d * 1e9) / 1e9;
    return r;
  };
  const double lo = degrees(net.branches.angmin_rad[k]);
  const double hi = degrees(net.branches.angmax_rad[k]);
  AngleLimit a;
  a.active = (lo != 0 && lo > -360) || (hi != 0 && hi < 360) || (lo != 0 && hi == 0) ||
             (lo == 0 && hi != 0);
  if (!a.active) return a;
  a.lower_rad = lo < -360 ? -kInfinity : net.branches.angmin_rad[k];
  a.upper_rad = hi > 360 ? kInfinity : net.branches.angmax_rad[k];
  if (lo == 0) a.lower_rad = 0.0;
  if (hi == 0) a.upper_rad = 0.0;
  return a;
}

BusInjections bus_injections(const core::Network& net) {
  const auto nb = net.n_buses();
  BusInjections x{std::vector<double>(nb, 0.0), std::vector<double>(nb, 0.0),
                  std::vector<double>(nb, 0.0), std::vector<double>(nb, 0.0)};
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    if (!net.loads.in_service[l]) continue;
    x.pd[net.loads.bus[l]] += net.loads.p_pu[l];
    x.qd[net.loads.bus[l]] += net.loads.q_pu[l];
  }
  for (std::size_t s = 0; s < net.shunts.size(); ++s) {
    if (!net.shunts.in_service[s]) continue;
    x.gs[net.shunts.bus[s]] += net.shunts.g_pu[s];
    x.bs[net.shunts.bus[s]] += net.shunts.b_pu[s];
  }
  return x;
}

}  // namespace gat::opf::detail
