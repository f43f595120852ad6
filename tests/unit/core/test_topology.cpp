#include "gat/core/topology.hpp"

#include <gtest/gtest.h>

TEST(Topology, Placeholder) { SUCCEED(); }
