// Numbers as the terminal shows them (highlights, summaries).
#include "gat/runs/text.hpp"

#include <gtest/gtest.h>

using gat::runs::append;
using gat::runs::thousands;

TEST(Thousands, GroupsDigitsByThree) {
  EXPECT_EQ(thousands(12345.678), "12,345.7");
  EXPECT_EQ(thousands(-1234567.891, 2), "-1,234,567.89");
  EXPECT_EQ(thousands(1e6, 0), "1,000,000");
  EXPECT_EQ(thousands(999.0, 0), "999");
  EXPECT_EQ(thousands(100.0, 0), "100");
  EXPECT_EQ(thousands(1000.0, 0), "1,000");
}

TEST(Thousands, NoNegativeZero) {
  EXPECT_EQ(thousands(-0.04), "0.0");
  EXPECT_EQ(thousands(-0.004, 2), "0.00");
  EXPECT_EQ(thousands(-0.06), "-0.1");
}

TEST(Append, FormatsOntoTheEnd) {
  std::string s = "a";
  append(s, " %d %s", 42, "b");
  EXPECT_EQ(s, "a 42 b");
  append(s, "%s", std::string(600, 'x').c_str());  // cut at 511 characters
  EXPECT_EQ(s.size(), 6u + 511u);
}
