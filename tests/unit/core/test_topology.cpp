#include "gat/core/topology.hpp"

#include <gtest/gtest.h>

#include "support/small_network.hpp"

using gat::core::BusType;
using gat::test::SmallNetwork;

TEST(Topology, OneIslandUsesTheRefBus) {
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPV).bus(3, BusType::kPQ, 50);
  s.branch(1, 2, 0, 0.1).branch(2, 3, 0, 0.1).gen(1, 0).gen(2, 40);
  const auto topo = gat::core::analyze_topology(s.network());
  ASSERT_EQ(topo.islands.size(), 1u);
  EXPECT_EQ(topo.islands[0].buses, (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(topo.islands[0].ref_buses, (std::vector<std::int32_t>{0}));
  EXPECT_TRUE(topo.islands[0].note.empty());
  EXPECT_EQ(topo.bus_type[1], BusType::kPV);
}

TEST(Topology, SplitsIslandsAndReportsOneWithoutGeneration) {
  // 1-2 with the REF bus; 3-4 joined only by an out-of-service branch to 2, with a generator
  // on PV bus 4; 5-6 with load but no generator; 7 isolated.
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPQ, 10).bus(3, BusType::kPQ, 10).bus(4, BusType::kPV);
  s.bus(5, BusType::kPQ, 5).bus(6, BusType::kPQ, 5).bus(7, BusType::kIsolated);
  s.branch(1, 2, 0, 0.1).branch(2, 3, 0, 0.1, 0, 0, 0, 0, /*on=*/false).branch(3, 4, 0, 0.1);
  s.branch(5, 6, 0, 0.1).branch(6, 7, 0, 0.1);
  s.gen(1, 0).gen(4, 10);
  const auto topo = gat::core::analyze_topology(s.network());
  ASSERT_EQ(topo.islands.size(), 3u);
  EXPECT_EQ(topo.bus_island, (std::vector<std::int32_t>{0, 0, 1, 1, 2, 2, -1}));
  EXPECT_EQ(topo.islands[1].ref_buses, (std::vector<std::int32_t>{3}));
  EXPECT_NE(topo.islands[1].note.find("chose bus 4 (PV)"), std::string::npos);
  EXPECT_FALSE(topo.islands[2].solvable());
  EXPECT_EQ(topo.islands[2].note, "no in-service generator");
  EXPECT_EQ(topo.n_unsolvable(), 1u);
  EXPECT_EQ(topo.bus_type[6], BusType::kIsolated);
}

TEST(Topology, RefBusWithoutGeneratorDefersToFirstPvBus) {
  // MATPOWER's bustypes(): a REF bus whose generators are all off is a PQ bus.
  SmallNetwork s;
  s.bus(1, BusType::kRef).bus(2, BusType::kPV).bus(3, BusType::kPV);
  s.branch(1, 2, 0, 0.1).branch(2, 3, 0, 0.1).gen(1, 0, 100, /*on=*/false).gen(2, 0).gen(3, 0);
  const auto topo = gat::core::analyze_topology(s.network());
  EXPECT_EQ(topo.bus_type[0], BusType::kPQ);
  EXPECT_EQ(topo.islands[0].ref_buses, (std::vector<std::int32_t>{1}));
  EXPECT_EQ(topo.bus_type[1], BusType::kRef);
  EXPECT_EQ(topo.bus_type[2], BusType::kPV);
}
