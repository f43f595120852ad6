#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "gat/core/error.hpp"
#include "gat/io/psse.hpp"

namespace {

using gat::io::parse_psse;
using gat::io::read_psse;

const std::string kDir = std::string(GAT_TEST_DATA_DIR) + "/psse/";
constexpr double kDeg = std::numbers::pi / 180.0;

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

// The InputError message parse_psse throws on text ("" if none).
std::string error_of(const std::string& text, bool strict = false) {
  try {
    parse_psse(text, "bad.raw", {.strict = strict});
  } catch (const gat::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Psse, ReadsRevision33) {
  const auto r = read_psse(kDir + "sample_v33.raw");
  const auto& net = r.network;
  EXPECT_EQ(r.revision, 33);
  EXPECT_EQ(net.base_mva, 100.0);
  EXPECT_EQ(net.frequency_hz, 60.0);
  ASSERT_EQ(net.n_buses(), 6u);  // five buses and one star point
  EXPECT_EQ(net.buses.name[1], "BUS, TWO");
  EXPECT_EQ(net.buses.name[4], "BUS 5 / X");
  EXPECT_EQ(net.buses.id[5], 11);  // psse2mpc numbering: 10^ceil(log10(5 + 1)) + 1
  EXPECT_EQ(net.buses.type[1], gat::core::BusType::kPV);
  EXPECT_DOUBLE_EQ(net.buses.va_rad[2], -12.72 * kDeg);
  EXPECT_EQ(net.buses.vmax_pu[4], 1.05);

  // Loads: constant current and admittance converted at the initial Vm = 1.01.
  ASSERT_EQ(net.loads.size(), 3u);
  EXPECT_NEAR(net.loads.p_pu[1] * 100, 94.2 + 5 * 1.01 + 2 * 1.01 * 1.01, 1e-12);
  EXPECT_NEAR(net.loads.q_pu[1] * 100, 19.0 + 1 * 1.01 - 3 * 1.01 * 1.01, 1e-12);
  EXPECT_EQ(net.loads.in_service[2], 0);
  EXPECT_EQ(net.loads.load_id[2], "2");

  // Generators: remote regulation and limits.
  ASSERT_EQ(net.n_gens(), 2u);
  EXPECT_EQ(net.gens.machine_id[1], "G2");
  EXPECT_EQ(net.gens.reg_bus[1], net.bus_at(5));
  EXPECT_EQ(net.gens.reg_bus[0], net.bus_at(1));
  EXPECT_DOUBLE_EQ(net.gens.qmin_pu[1], -0.4);
  EXPECT_DOUBLE_EQ(net.gens.pmax_pu[0], 3.324);

  // Branches: 2 lines, a two-winding transformer, three star branches.
  ASSERT_EQ(net.n_branches(), 6u);
  EXPECT_EQ(net.branches.to_bus[1], net.bus_at(5));  // J = -5: metered end
  EXPECT_EQ(net.branches.ckt[1], "A");
  EXPECT_DOUBLE_EQ(net.branches.rate_b_pu[1], 1.1);
  EXPECT_EQ(net.branches.transformer[2], 1);
  EXPECT_DOUBLE_EQ(net.branches.tap_ratio[2], 0.978);
  EXPECT_DOUBLE_EQ(net.branches.x_pu[2], 0.20912);
  // Star: Z12 = .001+.1j, Z23 = (.001+.2j)*100/50, Z31 = .001+.15j (CZ = 2).
  EXPECT_NEAR(net.branches.x_pu[3], -0.075, 1e-15);
  EXPECT_NEAR(net.branches.r_pu[4], 0.001, 1e-15);
  EXPECT_NEAR(net.branches.x_pu[4], 0.175, 1e-15);
  EXPECT_NEAR(net.branches.x_pu[5], 0.225, 1e-15);
  EXPECT_DOUBLE_EQ(net.branches.tap_ratio[4], 1.02);
  EXPECT_DOUBLE_EQ(net.branches.shift_rad[4], 5 * kDeg);
  EXPECT_EQ(net.branches.to_bus[3], 5);
  EXPECT_DOUBLE_EQ(net.branches.rate_a_pu[5], 0.6);

  // Shunts: fixed, the line's BI and BJ, magnetizing (bus 2), switched (fixed at BINIT).
  ASSERT_EQ(net.shunts.size(), 5u);
  double b_total = 0;
  for (double b : net.shunts.b_pu) b_total += b;
  EXPECT_NEAR(b_total, 0.19 + 0.01 + 0.01 - 0.001 + 0.10, 1e-15);

  // One warning each: load conversion, tap control (COD1 = 1), switched shunt control.
  EXPECT_EQ(r.diagnostics.n_warnings(), 3u);
  for (const auto& d : r.diagnostics.entries()) {
    if (d.category == "switched shunt control") {
      EXPECT_EQ(d.line, 45u);
    }
  }
}

TEST(Psse, ReadsRevision35) {
  const auto r = read_psse(kDir + "sample_v35.raw");
  const auto& net = r.network;
  EXPECT_EQ(r.revision, 35);
  EXPECT_EQ(net.frequency_hz, 50.0);
  ASSERT_EQ(net.n_buses(), 3u);
  // Distributed generation (DGENM = 1) is netted from the load.
  EXPECT_DOUBLE_EQ(net.loads.p_pu[0], 0.45);
  EXPECT_DOUBLE_EQ(net.loads.q_pu[0], 0.09);
  EXPECT_DOUBLE_EQ(net.gens.pmax_pu[0], 2.0);
  EXPECT_EQ(net.gens.in_service[0], 1);
  // A line, an open switching device, a transformer with CW = CZ = 2.
  ASSERT_EQ(net.n_branches(), 3u);
  EXPECT_DOUBLE_EQ(net.branches.rate_c_pu[0], 1.7);
  EXPECT_EQ(net.branches.in_service[1], 0);
  EXPECT_DOUBLE_EQ(net.branches.x_pu[1], 1e-4);
  EXPECT_NEAR(net.branches.tap_ratio[2], 236.9 / 230.0, 1e-15);
  EXPECT_NEAR(net.branches.x_pu[2], 0.04, 1e-15);
  EXPECT_NEAR(net.branches.r_pu[2], 0.0005, 1e-15);
  ASSERT_EQ(net.shunts.size(), 1u);
  EXPECT_DOUBLE_EQ(net.shunts.b_pu[0], -0.15);
  // Warnings: distributed generation netted, the FACTS device (not modelled).
  EXPECT_EQ(r.diagnostics.n_warnings(), 2u);
  // Substation data (three nested blocks per substation) is one note spanning its lines.
  bool substation = false;
  for (const auto& d : r.diagnostics.entries()) {
    if (d.category == "substation") {
      substation = true;
      EXPECT_NE(d.message.find("lines 45-51"), std::string::npos) << d.message;
    }
  }
  EXPECT_TRUE(substation);
}

TEST(Psse, StrictMakesWarningsErrors) {
  const std::string msg = error_of(slurp(kDir + "sample_v33.raw"), true);
  EXPECT_NE(msg.find("bad.raw:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("--strict"), std::string::npos) << msg;
}

TEST(Psse, RejectsUnsupportedRevision) {
  const auto text = replace(slurp(kDir + "sample_v33.raw"), "100.00, 33,", "100.00, 32,");
  const std::string msg = error_of(text);
  EXPECT_NE(msg.find("bad.raw:1:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("revision 32"), std::string::npos) << msg;
}

TEST(Psse, RejectsTruncatedSection) {
  const std::string text = slurp(kDir + "sample_v33.raw");
  const std::string cut = text.substr(0, text.find("0 / END OF BRANCH DATA"));
  const std::string msg = error_of(cut);
  EXPECT_NE(msg.find("ends inside the branch data"), std::string::npos) << msg;
  EXPECT_NE(msg.find("bad.raw:20:"), std::string::npos) << msg;
}

TEST(Psse, RejectsBadTransformerRecords) {
  const std::string text = slurp(kDir + "sample_v33.raw");
  // A two-winding transformer missing its winding-2 line.
  std::string cut = replace(text, "1.00000,   0.000\n    1,     3,     4", "    1,     3,     4");
  cut = cut.substr(0, cut.find("    1,     3,     4")) + "0 / END OF TRANSFORMER DATA\nQ\n";
  std::string msg = error_of(cut);
  EXPECT_NE(msg.find("transformer record begun at line 22 has 3 of its 4 lines"), std::string::npos)
      << msg;
  // An unknown winding code.
  msg = error_of(
      replace(text, "'1 ',1,1,1, 0.00000E+0, -0.00100", "'1 ',7,1,1, 0.00000E+0, -0.00100"));
  EXPECT_NE(msg.find("bad.raw:22: transformer: CW must be 1..3, got 7"), std::string::npos) << msg;
}

TEST(Psse, RejectsUnknownBus) {
  const auto text = replace(slurp(kDir + "sample_v33.raw"), "    3,'2 ',0,", "   99,'2 ',0,");
  const std::string msg = error_of(text);
  EXPECT_NE(msg.find("bad.raw:12: load: load bus 99 is not in the bus data"), std::string::npos)
      << msg;
}

TEST(Psse, RejectsDuplicateBusAndBadNumbers) {
  std::string text = replace(slurp(kDir + "sample_v33.raw"), "    3,'BUS 3", "    2,'BUS 3");
  EXPECT_NE(error_of(text).find("duplicate bus number 2 (first at line 5)"), std::string::npos);
  text = replace(slurp(kDir + "sample_v33.raw"), "21.700", "21.7x0");
  EXPECT_NE(error_of(text).find("bad.raw:10: load: PL (field 6) must be a number, got '21.7x0'"),
            std::string::npos)
      << error_of(text);
}

// MATPOWER's save2psse writes Inf and -Inf for unbounded limits: read as no limit, each noted.
TEST(Psse, ReadsUnboundedLimits) {
  std::string text = slurp(kDir + "sample_v33.raw");
  text = replace(text, "   -16.900,    10.000,     0.000,1.06",
                 "   -16.900,       Inf,      -Inf,1.06");
  text = replace(text, "   332.400,     0.000,", "       INF,     -inf,");
  text = replace(text, "1.05000,0.95000,1.10000", "Infinity,-Infinity,1.10000");
  text =
      replace(text, "0.03400,   100.00,   110.00,   120.00", "0.03400,      Inf,   110.00,   inf");
  const auto r = parse_psse(text, "inf.raw");
  const auto& net = r.network;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(net.gens.qmax_pu[0], kInf);
  EXPECT_EQ(net.gens.qmin_pu[0], -kInf);
  EXPECT_EQ(net.gens.pmax_pu[0], kInf);
  EXPECT_EQ(net.gens.pmin_pu[0], -kInf);
  EXPECT_DOUBLE_EQ(net.gens.qmax_pu[1], 0.5);  // the other generator keeps its limits
  EXPECT_EQ(net.buses.vmax_pu[4], kInf);
  EXPECT_EQ(net.buses.vmin_pu[4], -kInf);
  EXPECT_EQ(net.branches.rate_a_pu[1], kInf);
  EXPECT_DOUBLE_EQ(net.branches.rate_b_pu[1], 1.1);
  EXPECT_EQ(net.branches.rate_c_pu[1], kInf);
  std::vector<std::string> notes;  // "line: message"
  for (const auto& d : r.diagnostics.entries()) {
    if (d.category == "unbounded limit") {
      EXPECT_EQ(d.severity, gat::io::Severity::kNote);
      notes.push_back(std::to_string(d.line) + ": " + d.message);
    }
  }
  ASSERT_EQ(notes.size(), 8u);
  EXPECT_EQ(notes[0], "8: bus: NVHI (field 10) is +Inf: no limit, kept as unbounded");
  EXPECT_EQ(notes[1], "8: bus: NVLO (field 11) is -Inf: no limit, kept as unbounded");
  EXPECT_EQ(notes[2], "16: generator: QT (field 5) is +Inf: no limit, kept as unbounded");
  EXPECT_EQ(notes[5], "16: generator: PB (field 18) is -Inf: no limit, kept as unbounded");
  EXPECT_EQ(notes[7], "20: branch: RATEC (field 9) is +Inf: no limit, kept as unbounded");
  // Warnings are unchanged: an unbounded limit is modelled exactly.
  EXPECT_EQ(r.diagnostics.n_warnings(), 3u);
}

TEST(Psse, RejectsInfinityWhereNoLimitIsMeant) {
  const std::string text = slurp(kDir + "sample_v33.raw");
  std::string msg =
      error_of(replace(text, "    10.000,     0.000,1.06", "      -Inf,     0.000,1.06"));
  EXPECT_NE(msg.find("bad.raw:16: generator: QT (field 5) is an upper limit: it may be +Inf (no "
                     "limit), not '-Inf'"),
            std::string::npos)
      << msg;
  msg = error_of(replace(text, "1.93800E-2, 5.91700E-2", "1.93800E-2,        Inf"));
  EXPECT_NE(msg.find("bad.raw:19: branch: X (field 5) must be a finite number, got 'Inf'"),
            std::string::npos)
      << msg;
  msg = error_of(replace(text, "1,1.06000,   0.0000", "1,     Inf,   0.0000"));
  EXPECT_NE(msg.find("bad.raw:4: bus: VM (field 8) must be a finite number, got 'Inf'"),
            std::string::npos)
      << msg;
  msg = error_of(replace(text, "    10.000,     0.000,1.06", "  Infinite,     0.000,1.06"));
  EXPECT_NE(msg.find("bad.raw:16: generator: QT (field 5) must be a number, got 'Infinite'"),
            std::string::npos)
      << msg;
}

}  // namespace
