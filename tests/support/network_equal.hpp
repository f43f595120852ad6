// Asserts that two networks hold the same data, value for value (doubles compared exactly).
#pragma once

#include <gtest/gtest.h>

#include "gat/core/network.hpp"

namespace gat::test {

inline void expect_same_network(const core::Network& a, const core::Network& b) {
  EXPECT_EQ(a.base_mva, b.base_mva);
  EXPECT_EQ(a.frequency_hz, b.frequency_hz);
  const auto& x = a.buses;
  const auto& y = b.buses;
  EXPECT_EQ(x.id, y.id);
  EXPECT_EQ(x.type, y.type);
  EXPECT_EQ(x.vm_pu, y.vm_pu);
  EXPECT_EQ(x.va_rad, y.va_rad);
  EXPECT_EQ(x.base_kv, y.base_kv);
  EXPECT_EQ(x.area, y.area);
  EXPECT_EQ(x.zone, y.zone);
  EXPECT_EQ(x.vmax_pu, y.vmax_pu);
  EXPECT_EQ(x.vmin_pu, y.vmin_pu);
  EXPECT_EQ(x.name, y.name);
  EXPECT_EQ(a.loads.bus, b.loads.bus);
  EXPECT_EQ(a.loads.p_pu, b.loads.p_pu);
  EXPECT_EQ(a.loads.q_pu, b.loads.q_pu);
  EXPECT_EQ(a.loads.in_service, b.loads.in_service);
  EXPECT_EQ(a.loads.load_id, b.loads.load_id);
  EXPECT_EQ(a.shunts.bus, b.shunts.bus);
  EXPECT_EQ(a.shunts.g_pu, b.shunts.g_pu);
  EXPECT_EQ(a.shunts.b_pu, b.shunts.b_pu);
  EXPECT_EQ(a.shunts.in_service, b.shunts.in_service);
  const auto& p = a.branches;
  const auto& q = b.branches;
  EXPECT_EQ(p.id, q.id);
  EXPECT_EQ(p.from_bus, q.from_bus);
  EXPECT_EQ(p.to_bus, q.to_bus);
  EXPECT_EQ(p.r_pu, q.r_pu);
  EXPECT_EQ(p.x_pu, q.x_pu);
  EXPECT_EQ(p.b_pu, q.b_pu);
  EXPECT_EQ(p.rate_a_pu, q.rate_a_pu);
  EXPECT_EQ(p.rate_b_pu, q.rate_b_pu);
  EXPECT_EQ(p.rate_c_pu, q.rate_c_pu);
  EXPECT_EQ(p.tap_ratio, q.tap_ratio);
  EXPECT_EQ(p.transformer, q.transformer);
  EXPECT_EQ(p.shift_rad, q.shift_rad);
  EXPECT_EQ(p.in_service, q.in_service);
  EXPECT_EQ(p.angmin_rad, q.angmin_rad);
  EXPECT_EQ(p.angmax_rad, q.angmax_rad);
  EXPECT_EQ(p.ckt, q.ckt);
  const auto& g = a.gens;
  const auto& h = b.gens;
  EXPECT_EQ(g.bus, h.bus);
  EXPECT_EQ(g.pg_pu, h.pg_pu);
  EXPECT_EQ(g.qg_pu, h.qg_pu);
  EXPECT_EQ(g.qmax_pu, h.qmax_pu);
  EXPECT_EQ(g.qmin_pu, h.qmin_pu);
  EXPECT_EQ(g.vg_pu, h.vg_pu);
  EXPECT_EQ(g.mbase_mva, h.mbase_mva);
  EXPECT_EQ(g.in_service, h.in_service);
  EXPECT_EQ(g.pmax_pu, h.pmax_pu);
  EXPECT_EQ(g.pmin_pu, h.pmin_pu);
  for (auto m : {&core::GenTable::pc1_mw, &core::GenTable::pc2_mw, &core::GenTable::qc1min_mvar,
                 &core::GenTable::qc1max_mvar, &core::GenTable::qc2min_mvar,
                 &core::GenTable::qc2max_mvar, &core::GenTable::ramp_agc, &core::GenTable::ramp_10,
                 &core::GenTable::ramp_30, &core::GenTable::ramp_q, &core::GenTable::apf}) {
    EXPECT_EQ(g.*m, h.*m);
  }
  EXPECT_EQ(g.machine_id, h.machine_id);
  EXPECT_EQ(g.reg_bus, h.reg_bus);
  const auto& c = a.gen_costs;
  const auto& d = b.gen_costs;
  EXPECT_EQ(c.model, d.model);
  EXPECT_EQ(c.startup, d.startup);
  EXPECT_EQ(c.shutdown, d.shutdown);
  EXPECT_EQ(c.offset, d.offset);
  EXPECT_EQ(c.data, d.data);
}

}  // namespace gat::test
