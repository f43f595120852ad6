// Bridges on hand-drawn graphs.
#include "gat/core/bridges.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

struct Graph {
  std::size_t n;
  std::vector<std::int32_t> from, to;
  std::vector<std::uint8_t> active;
  void edge(std::int32_t a, std::int32_t b, bool on = true) {
    from.push_back(a);
    to.push_back(b);
    active.push_back(on);
  }
  std::vector<std::uint8_t> bridges() const { return gat::core::find_bridges(n, from, to, active); }
};

}  // namespace

TEST(Bridges, TriangleWithTail) {
  // 0-1-2-0 is a cycle; 2-3 and 3-4 hang off it.
  Graph g{5, {}, {}, {}};
  g.edge(0, 1);
  g.edge(1, 2);
  g.edge(2, 0);
  g.edge(2, 3);
  g.edge(3, 4);
  EXPECT_EQ(g.bridges(), (std::vector<std::uint8_t>{0, 0, 0, 1, 1}));
}

TEST(Bridges, ParallelCircuitsAreNotBridgesButOneAloneIs) {
  Graph g{3, {}, {}, {}};
  g.edge(0, 1);
  g.edge(0, 1);
  g.edge(1, 2);
  g.edge(1, 2, false);  // the second circuit is out of service
  EXPECT_EQ(g.bridges(), (std::vector<std::uint8_t>{0, 0, 1, 0}));
}

TEST(Bridges, SeveralComponentsAndSelfLoops) {
  Graph g{6, {}, {}, {}};
  g.edge(0, 1);
  g.edge(2, 2);  // a self loop neither bridges nor joins
  g.edge(3, 4);
  g.edge(4, 5);
  g.edge(5, 3);
  EXPECT_EQ(g.bridges(), (std::vector<std::uint8_t>{1, 0, 0, 0, 0}));
}

TEST(Bridges, DoubleOutagesThatSplitAMesh) {
  // A square 0-1-2-3-0 with a diagonal 0-2: no bridge, but losing 0-1 and 1-2 isolates 1.
  Graph g{4, {}, {}, {}};
  g.edge(0, 1);
  g.edge(1, 2);
  g.edge(2, 3);
  g.edge(3, 0);
  g.edge(0, 2);
  EXPECT_EQ(g.bridges(), (std::vector<std::uint8_t>{0, 0, 0, 0, 0}));
  const std::vector<std::int32_t> isolate1{0, 1}, keep{0, 2}, single{4};
  EXPECT_TRUE(gat::core::splits_network(g.n, g.from, g.to, g.active, isolate1));
  EXPECT_FALSE(gat::core::splits_network(g.n, g.from, g.to, g.active, keep));
  EXPECT_FALSE(gat::core::splits_network(g.n, g.from, g.to, g.active, single));
}
