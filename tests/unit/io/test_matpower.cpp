// MATPOWER reader: fields, units and MATLAB syntax on small inline cases. Every expected value
// is worked out by hand from the case text (MW / baseMVA, degrees * pi / 180, ...).
#include "gat/io/matpower.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "gat/core/error.hpp"

namespace {

using gat::core::BusType;
using gat::core::CostModel;
using gat::io::parse_matpower;

constexpr double kTol = 1e-12;
constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double kInf = std::numeric_limits<double>::infinity();

constexpr const char* kThreeBus = R"(function mpc = three_bus
%THREE_BUS  a small case exercising every column
mpc.version = '2';
mpc.baseMVA = 100;
%% bus data
%	bus_i	type	Pd	Qd	Gs	Bs	area	Vm	Va	baseKV	zone	Vmax	Vmin
mpc.bus = [
	1	3	0	0	0	0	1	1.02	0	230	1	1.1	0.9;
	2	2	50	-20	0	0	1	1	-5	230	1	1.1	0.9;
	7	1	90	30	2	-15	2	0.98	-10.5	115	3	1.05	0.95;   % trailing comment
];
mpc.gen = [
	1	72.3	27.03	300	-300	1.04	100	1	250	10	0	0	0	0	0	0	0	0	0	0	0;
	2	163	6.54	Inf	-Inf	1.025	90	0	300	-10	1	2	3	4	5	6	7	8	9	10	11;
];
mpc.branch = [
	1	2	0.01	0.085	0.176	250	200	150	0	0	1	-360	360;
	2	7	0.005	0.05	0	0	0	0	0.975	-3	0	-30	30;
];
mpc.gencost = [
	2	1500	0	3	0.11	5	150	0;
	1	10	20	2	0	0	100	4000;
];
)";

TEST(MatpowerReader, ReadsEveryBusField) {
  auto net = parse_matpower(kThreeBus, "/cases/three_bus.m");
  EXPECT_EQ(net.name, "three_bus");
  EXPECT_EQ(net.source, "/cases/three_bus.m");
  EXPECT_DOUBLE_EQ(net.base_mva, 100.0);
  ASSERT_EQ(net.n_buses(), 3u);
  EXPECT_EQ(net.buses.id, (std::vector<std::int64_t>{1, 2, 7}));
  EXPECT_EQ(net.buses.type, (std::vector<BusType>{BusType::kRef, BusType::kPV, BusType::kPQ}));
  EXPECT_DOUBLE_EQ(net.buses.vm_pu[0], 1.02);
  EXPECT_DOUBLE_EQ(net.buses.vm_pu[2], 0.98);
  EXPECT_NEAR(net.buses.va_rad[1], -5 * kDeg, kTol);
  EXPECT_NEAR(net.buses.va_rad[2], -0.18325957145940461, kTol);  // -10.5 deg
  EXPECT_DOUBLE_EQ(net.buses.base_kv[2], 115.0);
  EXPECT_EQ(net.buses.area, (std::vector<std::int32_t>{1, 1, 2}));
  EXPECT_EQ(net.buses.zone, (std::vector<std::int32_t>{1, 1, 3}));
  EXPECT_DOUBLE_EQ(net.buses.vmax_pu[2], 1.05);
  EXPECT_DOUBLE_EQ(net.buses.vmin_pu[2], 0.95);
  EXPECT_EQ(net.buses.name, (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(net.bus_at(7), 2);
}

TEST(MatpowerReader, LoadsAndShuntsOnlyWhereNonzero) {
  auto net = parse_matpower(kThreeBus, "three_bus.m");
  ASSERT_EQ(net.loads.size(), 2u);  // bus 1 has Pd = Qd = 0
  EXPECT_EQ(net.loads.bus, (std::vector<std::int32_t>{1, 2}));
  EXPECT_NEAR(net.loads.p_pu[0], 0.5, kTol);   // 50 MW / 100 MVA
  EXPECT_NEAR(net.loads.q_pu[0], -0.2, kTol);  // -20 MVAr / 100 MVA
  EXPECT_NEAR(net.loads.p_pu[1], 0.9, kTol);
  EXPECT_NEAR(net.loads.q_pu[1], 0.3, kTol);
  EXPECT_EQ(net.loads.in_service, (std::vector<std::uint8_t>{1, 1}));
  ASSERT_EQ(net.shunts.size(), 1u);
  EXPECT_EQ(net.shunts.bus[0], 2);
  EXPECT_NEAR(net.shunts.g_pu[0], 0.02, kTol);   // Gs 2 MW at 1 p.u.
  EXPECT_NEAR(net.shunts.b_pu[0], -0.15, kTol);  // Bs -15 MVAr at 1 p.u.
  EXPECT_EQ(net.shunts.in_service[0], 1);
}

TEST(MatpowerReader, ReadsBranchesInPerUnitAndRadians) {
  auto net = parse_matpower(kThreeBus, "three_bus.m");
  const auto& br = net.branches;
  ASSERT_EQ(net.n_branches(), 2u);
  EXPECT_EQ(br.id, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(br.from_bus, (std::vector<std::int32_t>{0, 1}));
  EXPECT_EQ(br.to_bus, (std::vector<std::int32_t>{1, 2}));
  EXPECT_DOUBLE_EQ(br.r_pu[0], 0.01);  // r, x, b are already per unit in MATPOWER
  EXPECT_DOUBLE_EQ(br.x_pu[0], 0.085);
  EXPECT_DOUBLE_EQ(br.b_pu[0], 0.176);
  EXPECT_NEAR(br.rate_a_pu[0], 2.5, kTol);
  EXPECT_NEAR(br.rate_b_pu[0], 2.0, kTol);
  EXPECT_NEAR(br.rate_c_pu[0], 1.5, kTol);
  EXPECT_DOUBLE_EQ(br.tap_ratio[0], 1.0);  // ratio 0 means a line
  EXPECT_EQ(br.transformer[0], 0);
  EXPECT_DOUBLE_EQ(br.tap_ratio[1], 0.975);
  EXPECT_EQ(br.transformer[1], 1);
  EXPECT_NEAR(br.shift_rad[1], -0.05235987755982988, kTol);  // -3 deg
  EXPECT_EQ(br.in_service, (std::vector<std::uint8_t>{1, 0}));
  EXPECT_NEAR(br.angmin_rad[0], -2 * std::numbers::pi, kTol);
  EXPECT_NEAR(br.angmax_rad[1], std::numbers::pi / 6, kTol);
  EXPECT_EQ(net.describe_branch(1), "branch 2 (2-7)");
}

TEST(MatpowerReader, ReadsGeneratorsAndKeepsExtraColumnsVerbatim) {
  auto net = parse_matpower(kThreeBus, "three_bus.m");
  const auto& g = net.gens;
  ASSERT_EQ(net.n_gens(), 2u);
  EXPECT_EQ(g.bus, (std::vector<std::int32_t>{0, 1}));
  EXPECT_NEAR(g.pg_pu[0], 0.723, kTol);
  EXPECT_NEAR(g.qg_pu[0], 0.2703, kTol);
  EXPECT_NEAR(g.qmax_pu[0], 3.0, kTol);
  EXPECT_NEAR(g.qmin_pu[0], -3.0, kTol);
  EXPECT_EQ(g.qmax_pu[1], kInf);
  EXPECT_EQ(g.qmin_pu[1], -kInf);
  EXPECT_DOUBLE_EQ(g.vg_pu[1], 1.025);
  EXPECT_DOUBLE_EQ(g.mbase_mva[1], 90.0);
  EXPECT_EQ(g.in_service, (std::vector<std::uint8_t>{1, 0}));
  EXPECT_NEAR(g.pmax_pu[1], 3.0, kTol);
  EXPECT_NEAR(g.pmin_pu[1], -0.1, kTol);
  // Columns 11..21 of gen 2 hold 1..11, in MATPOWER units.
  EXPECT_DOUBLE_EQ(g.pc1_mw[1], 1);
  EXPECT_DOUBLE_EQ(g.pc2_mw[1], 2);
  EXPECT_DOUBLE_EQ(g.qc1min_mvar[1], 3);
  EXPECT_DOUBLE_EQ(g.qc1max_mvar[1], 4);
  EXPECT_DOUBLE_EQ(g.qc2min_mvar[1], 5);
  EXPECT_DOUBLE_EQ(g.qc2max_mvar[1], 6);
  EXPECT_DOUBLE_EQ(g.ramp_agc[1], 7);
  EXPECT_DOUBLE_EQ(g.ramp_10[1], 8);
  EXPECT_DOUBLE_EQ(g.ramp_30[1], 9);
  EXPECT_DOUBLE_EQ(g.ramp_q[1], 10);
  EXPECT_DOUBLE_EQ(g.apf[1], 11);
  EXPECT_DOUBLE_EQ(g.apf[0], 0);
}

TEST(MatpowerReader, ReadsPolynomialAndPiecewiseLinearCosts) {
  auto net = parse_matpower(kThreeBus, "three_bus.m");
  const auto& c = net.gen_costs;
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.model[0], CostModel::kPolynomial);
  EXPECT_EQ(c.model[1], CostModel::kPiecewiseLinear);
  EXPECT_DOUBLE_EQ(c.startup[0], 1500);
  EXPECT_DOUBLE_EQ(c.startup[1], 10);
  EXPECT_DOUBLE_EQ(c.shutdown[1], 20);
  EXPECT_EQ(c.offset, (std::vector<std::size_t>{0, 3, 7}));  // 3 coefficients, then 2 points
  EXPECT_EQ(c.count(0), 3u);
  EXPECT_EQ(c.count(1), 4u);
  EXPECT_EQ(c.data, (std::vector<double>{0.11, 5, 150, 0, 0, 100, 4000}));
}

TEST(MatpowerReader, OldShortMatricesGetMatpowerDefaults) {
  // A gen matrix of 10 columns and a branch matrix of 11 (no angle limits), no gencost.
  auto net = parse_matpower(R"(function mpc = old
mpc.version = '2';
mpc.baseMVA = 100;
mpc.bus = [1 3 0 0 0 0 1 1 0 230 1 1.1 0.9; 2 1 10 0 0 0 1 1 0 230 1 1.1 0.9];
mpc.gen = [1 10 0 100 -100 1 100 1 200 0];
mpc.branch = [1 2 0.01 0.1 0 0 0 0 0 0 1];
)",
                            "old.m");
  EXPECT_NEAR(net.branches.angmin_rad[0], -2 * std::numbers::pi, kTol);
  EXPECT_NEAR(net.branches.angmax_rad[0], 2 * std::numbers::pi, kTol);
  EXPECT_EQ(net.gens.pc1_mw[0], 0.0);
  EXPECT_EQ(net.gens.apf[0], 0.0);
  EXPECT_EQ(net.gen_costs.size(), 0u);
}

TEST(MatpowerReader, AcceptsMatlabSyntaxVariants) {
  // Commas and blanks as separators, several rows on one line, a row ended by a newline only,
  // a continuation inside a row, .5 / 1e-3 / 1E+2 / -Inf numbers, an expression for baseMVA and
  // for matrix elements, `[1 -2]`-style signs, comments everywhere, no version field, CRLF.
  auto net = parse_matpower(
      "function mpc = variants  % a comment after the header\r\n"
      "mpc.baseMVA = 50/3;\r\n"
      "mpc.bus = [ %% a comment after the bracket\n"
      "  1, 3, 0, 0, 0, 0, 1, 1, 0, 135/sqrt(3), 1, 1.1, 0.9; 2 1 .5 1e-3 0 0 1 1 -2 12 1 ...\n"
      "     1.1 0.9\n"
      "  3 1 1E+2 -.25 0 0 1 1 1 - 2 12 1 1.1 0.9  % row ended by the newline alone\n"
      "];\n"
      "mpc.gen = [1 10 0 Inf -Inf 1 100 1 200 -Inf];\n"
      "mpc.branch = [1 2 0.01 0.1 0 0 0 0 0 0 1; 2 3 0.02 0.2 0 0 0 0 0 0 1;];\n",
      "variants.m");
  EXPECT_NEAR(net.base_mva, 50.0 / 3.0, kTol);
  ASSERT_EQ(net.n_buses(), 3u);
  EXPECT_NEAR(net.buses.base_kv[0], 135 / std::sqrt(3.0), 1e-9);
  EXPECT_NEAR(net.loads.p_pu[0], 0.5 / (50.0 / 3.0), kTol);
  EXPECT_NEAR(net.loads.q_pu[0], 1e-3 / (50.0 / 3.0), kTol);
  EXPECT_NEAR(net.loads.p_pu[1], 100 / (50.0 / 3.0), kTol);
  EXPECT_NEAR(net.loads.q_pu[1], -0.25 / (50.0 / 3.0), kTol);
  EXPECT_NEAR(net.buses.va_rad[1], -2 * kDeg, kTol);  // `-2` after a blank: its own element
  EXPECT_NEAR(net.buses.va_rad[2], -1 * kDeg, kTol);  // `1 - 2` with blanks on both sides: -1
  EXPECT_EQ(net.gens.pmin_pu[0], -kInf);
  EXPECT_EQ(net.n_branches(), 2u);
}

TEST(MatpowerReader, KeepsBusNamesAndSkipsOtherFields) {
  auto net = parse_matpower(R"(function mpc = named
mpc.version = '2';
mpc.baseMVA = 100;
mpc.bus = [1 3 0 0 0 0 1 1 0 230 1 1.1 0.9; 2 1 10 0 0 0 1 1 0 230 1 1.1 0.9];
mpc.gen = [1 10 0 100 -100 1 100 1 200 0];
mpc.branch = [1 2 0.01 0.1 0 0 0 0 0 0 1];
mpc.bus_name = {
	'Riversde  V2';
	'O''Hare';   % a doubled quote is a quote
};
mpc.gentype = {'ST'; 'CT'};
mpc.genfuel = { 'coal', 'gas' };
mpc.areas = [1 5; 2 7];
mpc.dcline = [1 2 1 10 9 0 0 1 1 -100 100 -Inf Inf -Inf Inf 0 0];
mpc.userdata.note = 'ignored';
)",
                            "named.m");
  EXPECT_EQ(net.buses.name, (std::vector<std::string>{"Riversde  V2", "O'Hare"}));
  EXPECT_EQ(net.n_branches(), 1u);  // the DC line is not a branch
}

TEST(MatpowerReader, EvaluatesUnitConversionStatements) {
  // The statements of MATPOWER's distribution cases (case10ba, case141, ...): ohms -> p.u.,
  // kW -> MW, and kVA at 0.85 power factor -> MW + MVAr.
  auto net = parse_matpower(R"(function mpc = dist
mpc.version = '2';
mpc.baseMVA = 10;
mpc.bus = [ %% Pd in kVA
	1	3	0	0	0	0	1	1	0	12.66	1	1	1;
	2	1	100	60	0	0	1	1	0	12.66	1	1.1	0.9;
];
mpc.gen = [1 0 0 10 -10 1 100 1 10 0 0 0 0 0 0 0 0 0 0 0 0];
mpc.branch = [  %% r and x in ohms
	1	2	0.0922	0.047	0	0	0	0	0	0	1	-360	360;
];
[PQ, PV, REF, NONE, BUS_I, BUS_TYPE, PD, QD, GS, BS, BUS_AREA, VM, ...
    VA, BASE_KV, ZONE, VMAX, VMIN, LAM_P, LAM_Q, MU_VMAX, MU_VMIN] = idx_bus;
[F_BUS, T_BUS, BR_R, BR_X, BR_B, RATE_A, RATE_B, RATE_C, ...
    TAP, SHIFT, BR_STATUS, PF, QF, PT, QT, MU_SF, MU_ST, ...
    ANGMIN, ANGMAX, MU_ANGMIN, MU_ANGMAX] = idx_brch;
Vbase = mpc.bus(1, BASE_KV) * 1e3;      %% in Volts
Sbase = mpc.baseMVA * 1e6;              %% in VA
mpc.branch(:, [BR_R BR_X]) = mpc.branch(:, [BR_R BR_X]) / (Vbase^2 / Sbase);
mpc.bus(:, [PD, QD]) = mpc.bus(:, [PD, QD]) / 1e3;
pf = 0.85;
mpc.bus(:, QD) = mpc.bus(:, PD) * sin(acos(pf));
mpc.bus(:, PD) = mpc.bus(:, PD) * pf;
)",
                            "dist.m");
  double z_base = 12.66 * 12.66 / 10;  // kV^2 / MVA = ohms
  EXPECT_NEAR(net.branches.r_pu[0], 0.0922 / z_base, kTol);
  EXPECT_NEAR(net.branches.x_pu[0], 0.047 / z_base, kTol);
  // 100 kVA -> 0.1 MVA; P = 0.085 MW, Q = 0.1 * sqrt(1 - 0.85^2) MVAr; per unit on 10 MVA.
  ASSERT_EQ(net.loads.size(), 1u);
  EXPECT_NEAR(net.loads.p_pu[0], 0.0085, kTol);
  EXPECT_NEAR(net.loads.q_pu[0], 0.01 * std::sqrt(1 - 0.85 * 0.85), kTol);
}

TEST(MatpowerReader, IdxFunctionsUseMatpowerColumnNumbers) {
  // idx_gen returns MU_PMAX..MU_QMIN (columns 22-25) before PC1 (11); idx_brch returns ANGMIN
  // (12) after MU_ST (19). Writing each name's value into a column shows which number it got.
  auto net = parse_matpower(R"(function mpc = idx
mpc.version = '2';
mpc.baseMVA = 100;
mpc.bus = [1 3 0 0 0 0 1 1 0 230 1 1.1 0.9];
mpc.gen = [1 0 0 0 0 1 100 1 0 0 0 0 0 0 0 0 0 0 0 0 0];
mpc.branch = [1 1 0.01 0.1 0 0 0 0 0 0 1 -360 360];
[PQ, PV, REF, NONE, BUS_I, BUS_TYPE, PD, QD, GS, BS, BUS_AREA, VM, ...
    VA, BASE_KV, ZONE, VMAX, VMIN, LAM_P, LAM_Q, MU_VMAX, MU_VMIN] = idx_bus;
[F_BUS, T_BUS, BR_R, BR_X, BR_B, RATE_A, RATE_B, RATE_C, ...
    TAP, SHIFT, BR_STATUS, PF, QF, PT, QT, MU_SF, MU_ST, ...
    ANGMIN, ANGMAX, MU_ANGMIN, MU_ANGMAX] = idx_brch;
[GEN_BUS, PG, QG, QMAX, QMIN, VG, MBASE, GEN_STATUS, PMAX, PMIN, ...
    MU_PMAX, MU_PMIN, MU_QMAX, MU_QMIN, PC1, PC2, QC1MIN, QC1MAX, ...
    QC2MIN, QC2MAX, RAMP_AGC, RAMP_10, RAMP_30, RAMP_Q, APF] = idx_gen;
[~, PV2] = idx_bus();
mpc.gen(1, PC1) = MU_PMAX;
mpc.gen(1, APF) = MU_QMIN;
mpc.gen(1, RAMP_AGC) = PC1;
mpc.branch(1, RATE_A) = ANGMIN * 100;
mpc.branch(1, RATE_B) = MU_ST * 100;
mpc.branch(1, RATE_C) = PF * 100;
mpc.bus(1, VMAX) = MU_VMIN;
mpc.bus(1, VMIN) = REF + NONE + PV2;
)",
                            "idx.m");
  EXPECT_DOUBLE_EQ(net.gens.pc1_mw[0], 22);
  EXPECT_DOUBLE_EQ(net.gens.apf[0], 25);
  EXPECT_DOUBLE_EQ(net.gens.ramp_agc[0], 11);
  EXPECT_NEAR(net.branches.rate_a_pu[0], 12, kTol);
  EXPECT_NEAR(net.branches.rate_b_pu[0], 19, kTol);
  EXPECT_NEAR(net.branches.rate_c_pu[0], 14, kTol);
  EXPECT_DOUBLE_EQ(net.buses.vmax_pu[0], 17);
  EXPECT_DOUBLE_EQ(net.buses.vmin_pu[0], 3 + 4 + 2);
}

TEST(MatpowerReader, IfBlocks) {
  // case8387pegase carries an `if fixed ... end` block of unsupported statements, skipped
  // because fixed = 0; a true condition runs its block, and `else` is honoured.
  auto net = parse_matpower(R"(function mpc = with_if
fixed = 0;
mpc.version = '2';
mpc.baseMVA = 100;
mpc.bus = [1 3 0 0 0 0 1 1 0 230 1 1.1 0.9; 2 1 10 0 0 0 1 1 0 230 1 1.1 0.9];
mpc.gen = [1 10 0 100 -100 1 100 1 200 0];
mpc.branch = [1 2 0.01 0.1 0 0 0 0 0 0 1];
if fixed
    [GEN_BUS, PG, QG, QMAX, QMIN, VG, MBASE, GEN_STATUS, PMAX, PMIN] = idx_gen;
    k = find(   isinf(mpc.gen(:, QMIN)) & ...
                isinf(mpc.gen(:, QMAX))  );
    mpc.gen(k, PMIN) = mpc.gen(k, PG);
    if nested, x(end) = 1; end
end
if fixed == 0 && 2 > 1
  mpc.bus(2, 3) = 20;
else
  mpc.bus(2, 3) = 30;
end
if fixed, mpc.bus(2, 4) = 1; else, mpc.bus(2, 4) = 5; end
if fixed
  mpc.bus(2, 4) = 100;
elseif fixed + 1 == 1
  mpc.bus(2, 4) = mpc.bus(2, 4) + 1;
elseif 1
  mpc.bus(2, 4) = 200;
else
  mpc.bus(2, 4) = 300;
end
)",
                            "with_if.m");
  EXPECT_NEAR(net.loads.p_pu[0], 0.2, kTol);
  EXPECT_NEAR(net.loads.q_pu[0], 0.06, kTol);  // 5 + 1 MVAr: only the first true branch ran
}

TEST(MatpowerReader, ClosingFunctionEndAndBlockComments) {
  auto net = parse_matpower(R"(function mpc = closed()
%{
mpc.baseMVA = 'this is a block comment';
%}
mpc.baseMVA = 100;
mpc.bus = [1 3 0 0 0 0 1 1 0 230 1 1.1 0.9];
mpc.gen = [];
mpc.branch = [];
end
)",
                            "closed.m");
  EXPECT_EQ(net.n_buses(), 1u);
  EXPECT_EQ(net.n_gens(), 0u);
  EXPECT_EQ(net.n_branches(), 0u);
}

// Large plain matrices are read row-parallel (Lexer::plain_matrix); the same numbers written
// with commas go element by element. Both must give the same network, bit for bit, and a bad
// row deep in a large matrix the element-wise path's message.
TEST(MatpowerReader, LargePlainMatricesReadAsElementWise) {
  auto text = [](bool commas, int bad_row) {
    const char* sep = commas ? ", " : "\t";
    std::string t = "function mpc = big\nmpc.baseMVA = 100;\nmpc.bus = [\n";
    for (int i = 1; i <= 3000; ++i) {
      if (i % 500 == 0) t += "% a comment line\n\n";
      t += std::to_string(i) + sep + (i == 1 ? "3" : "1") + sep + std::to_string(i % 7) + ".25" +
           sep + "-" + std::to_string(i % 5) + "e-1" + sep + "0" + sep + "+1.5E+0" + sep + "1" +
           sep + "1.0" + sep + "-" + std::to_string(i % 11) + sep + "230" + sep + "1" + sep +
           "1.1" + sep + (i == bad_row ? "" : ".9") + (i % 3 == 0 ? ";  % row comment\n" : ";\n");
    }
    t += "];\nmpc.gen = [1 100 0 100 -100 1 100 1 300 0];\nmpc.branch = [\n";
    for (int i = 1; i < 3000; ++i) {
      t += std::to_string(i) + sep + std::to_string(i + 1) + sep + "0.001" + sep + "0.01" + sep +
           "0" + sep + "0" + sep + "0" + sep + "0" + sep + "0" + sep + "0" + sep + "1\n";
    }
    return t + "];\n";
  };
  const auto plain = parse_matpower(text(false, 0), "big.m");
  const auto elementwise = parse_matpower(text(true, 0), "big_commas.m");
  ASSERT_EQ(plain.n_buses(), 3000u);
  ASSERT_EQ(plain.n_branches(), 2999u);
  EXPECT_EQ(plain.loads.p_pu, elementwise.loads.p_pu);
  EXPECT_EQ(plain.loads.q_pu, elementwise.loads.q_pu);
  EXPECT_EQ(plain.buses.va_rad, elementwise.buses.va_rad);
  EXPECT_EQ(plain.buses.vmin_pu, elementwise.buses.vmin_pu);
  EXPECT_EQ(plain.branches.x_pu, elementwise.branches.x_pu);
  EXPECT_NEAR(plain.loads.q_pu[1], -0.2 / 100, kTol);  // bus 2: -2e-1 MVAr
  try {
    parse_matpower(text(false, 2500), "bad.m");
    FAIL() << "a short row must fail";
  } catch (const gat::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("mpc.bus row 2500 has 12 columns, expected 13"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
