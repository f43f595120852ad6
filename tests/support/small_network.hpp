// Builds small networks in code for unit tests, in MATPOWER units (MW, degrees) so test cases
// read like the case files they stand for.
#pragma once

#include <cstdint>
#include <numbers>

#include "gat/core/network.hpp"

namespace gat::test {

class SmallNetwork {
 public:
  explicit SmallNetwork(double base_mva = 100.0) {
    net_.base_mva = base_mva;
    net_.name = "small";
  }

  SmallNetwork& bus(std::int64_t id, core::BusType type, double pd_mw = 0, double qd_mvar = 0,
                    double gs_mw = 0, double bs_mvar = 0, double va_deg = 0) {
    auto& b = net_.buses;
    const auto index = static_cast<std::int32_t>(b.size());
    b.id.push_back(id);
    b.type.push_back(type);
    b.vm_pu.push_back(1.0);
    b.va_rad.push_back(va_deg * std::numbers::pi / 180.0);
    b.base_kv.push_back(230.0);
    b.area.push_back(1);
    b.zone.push_back(1);
    b.vmax_pu.push_back(1.1);
    b.vmin_pu.push_back(0.9);
    b.name.emplace_back();
    net_.index_buses();
    if (pd_mw != 0 || qd_mvar != 0) {
      net_.loads.bus.push_back(index);
      net_.loads.p_pu.push_back(pd_mw / net_.base_mva);
      net_.loads.q_pu.push_back(qd_mvar / net_.base_mva);
      net_.loads.in_service.push_back(1);
    }
    if (gs_mw != 0 || bs_mvar != 0) {
      net_.shunts.bus.push_back(index);
      net_.shunts.g_pu.push_back(gs_mw / net_.base_mva);
      net_.shunts.b_pu.push_back(bs_mvar / net_.base_mva);
      net_.shunts.in_service.push_back(1);
    }
    return *this;
  }

  SmallNetwork& branch(std::int64_t from, std::int64_t to, double r, double x, double b = 0,
                       double rate_a_mva = 0, double tap = 0, double shift_deg = 0,
                       bool on = true) {
    auto& br = net_.branches;
    br.id.push_back(static_cast<std::int64_t>(br.size()) + 1);
    br.from_bus.push_back(net_.bus_at(from));
    br.to_bus.push_back(net_.bus_at(to));
    br.r_pu.push_back(r);
    br.x_pu.push_back(x);
    br.b_pu.push_back(b);
    br.rate_a_pu.push_back(rate_a_mva / net_.base_mva);
    br.rate_b_pu.push_back(0);
    br.rate_c_pu.push_back(0);
    br.tap_ratio.push_back(tap == 0 ? 1.0 : tap);
    br.transformer.push_back(tap != 0);
    br.shift_rad.push_back(shift_deg * std::numbers::pi / 180.0);
    br.in_service.push_back(on);
    br.angmin_rad.push_back(-2 * std::numbers::pi);
    br.angmax_rad.push_back(2 * std::numbers::pi);
    return *this;
  }

  SmallNetwork& gen(std::int64_t bus, double pg_mw, double pmax_mw = 1000, bool on = true,
                    double vg_pu = 1.0) {
    auto& g = net_.gens;
    g.bus.push_back(net_.bus_at(bus));
    g.pg_pu.push_back(pg_mw / net_.base_mva);
    g.qg_pu.push_back(0);
    g.qmax_pu.push_back(9.99);
    g.qmin_pu.push_back(-9.99);
    g.vg_pu.push_back(vg_pu);
    g.mbase_mva.push_back(net_.base_mva);
    g.in_service.push_back(on);
    g.pmax_pu.push_back(pmax_mw / net_.base_mva);
    g.pmin_pu.push_back(0);
    for (auto* v : {&g.pc1_mw, &g.pc2_mw, &g.qc1min_mvar, &g.qc1max_mvar, &g.qc2min_mvar,
                    &g.qc2max_mvar, &g.ramp_agc, &g.ramp_10, &g.ramp_30, &g.ramp_q, &g.apf}) {
      v->push_back(0);
    }
    return *this;
  }

  const core::Network& network() const { return net_; }

 private:
  core::Network net_;
};

}  // namespace gat::test
