// The network model every study shares: built once by a reader, then immutable
// (held as std::shared_ptr<const Network>).
//
// Structure of arrays, one table per element kind. Electrical quantities are per unit on the
// system base (base_mva) and angles are radians; external bus numbers are mapped to dense
// indices 0..n-1 and every cross reference (branch ends, generator bus, load bus) holds the
// dense index. Conversion to MW, MVAr and degrees happens only at the edges (readers, writers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace gat::core {

// Bus types as MATPOWER numbers them.
enum class BusType : std::uint8_t { kPQ = 1, kPV = 2, kRef = 3, kIsolated = 4 };

struct BusTable {
  std::vector<std::int64_t> id;  // external bus number
  std::vector<BusType> type;
  std::vector<double> vm_pu;  // initial (or solved) voltage magnitude
  std::vector<double> va_rad;
  std::vector<double> base_kv;
  std::vector<std::int32_t> area;
  std::vector<std::int32_t> zone;
  std::vector<double> vmax_pu;
  std::vector<double> vmin_pu;
  std::vector<std::string> name;  // empty when the source has none

  std::size_t size() const { return id.size(); }
};

// Constant-power loads. MATPOWER gives one per bus (Pd, Qd); PSS/E may give several.
struct LoadTable {
  std::vector<std::int32_t> bus;
  std::vector<double> p_pu;
  std::vector<double> q_pu;
  std::vector<std::uint8_t> in_service;
  // Optional (empty, or one per load): the source's load identifier (PSS/E ID).
  std::vector<std::string> load_id;

  std::size_t size() const { return bus.size(); }
};

// Constant-admittance shunts, as power drawn at 1 p.u. voltage (MATPOWER Gs, Bs).
struct ShuntTable {
  std::vector<std::int32_t> bus;
  std::vector<double> g_pu;  // active power consumed at V = 1 p.u.
  std::vector<double> b_pu;  // reactive power injected at V = 1 p.u.
  std::vector<std::uint8_t> in_service;

  std::size_t size() const { return bus.size(); }
};

// Lines and transformers in the MATPOWER pi model: series r + jx, total charging b, an ideal
// transformer of ratio tap_ratio and phase shift_rad at the from end.
struct BranchTable {
  std::vector<std::int64_t> id;  // 1-based row in the source file unless the format names it
  std::vector<std::int32_t> from_bus;
  std::vector<std::int32_t> to_bus;
  std::vector<double> r_pu;
  std::vector<double> x_pu;
  std::vector<double> b_pu;
  std::vector<double> rate_a_pu;  // 0 = unlimited, as in MATPOWER
  std::vector<double> rate_b_pu;
  std::vector<double> rate_c_pu;
  std::vector<double> tap_ratio;          // 1 for lines
  std::vector<std::uint8_t> transformer;  // the source gave a tap ratio (MATPOWER: ratio != 0)
  std::vector<double> shift_rad;
  std::vector<std::uint8_t> in_service;
  std::vector<double> angmin_rad;
  std::vector<double> angmax_rad;
  // Optional (empty, or one per branch): circuit identifier, which tells parallel branches
  // apart (PSS/E CKT; for the three branches of a three-winding transformer, its CKT).
  std::vector<std::string> ckt;

  std::size_t size() const { return from_bus.size(); }
};

enum class CostModel : std::uint8_t { kPiecewiseLinear = 1, kPolynomial = 2 };

// Generator cost curves, one row per generator (and optionally a second block of rows for
// reactive power, as MATPOWER allows). Coefficients are kept in MATPOWER's units — power in
// MW, cost in $/h — because that is how every cost source states them.
//   polynomial:        data = c(n-1) ... c1 c0 (highest order first)
//   piecewise linear:  data = x1 y1 ... xn yn  (MW, $/h)
struct CostTable {
  std::vector<CostModel> model;
  std::vector<double> startup;
  std::vector<double> shutdown;
  std::vector<std::size_t> offset;  // row k's data is data[offset[k], offset[k + 1])
  std::vector<double> data;

  std::size_t size() const { return model.size(); }
  std::size_t count(std::size_t row) const { return offset[row + 1] - offset[row]; }
};

struct GenTable {
  std::vector<std::int32_t> bus;
  std::vector<double> pg_pu;
  std::vector<double> qg_pu;
  std::vector<double> qmax_pu;
  std::vector<double> qmin_pu;
  std::vector<double> vg_pu;  // voltage set-point
  std::vector<double> mbase_mva;
  std::vector<std::uint8_t> in_service;
  std::vector<double> pmax_pu;
  std::vector<double> pmin_pu;
  // MATPOWER columns 11-21 (capability curve, ramp rates, AGC participation), kept verbatim
  // in MATPOWER units so that a case written back out is the case read in.
  std::vector<double> pc1_mw, pc2_mw, qc1min_mvar, qc1max_mvar, qc2min_mvar, qc2max_mvar;
  std::vector<double> ramp_agc, ramp_10, ramp_30, ramp_q, apf;
  // Optional (empty, or one per generator): PSS/E machine identifier, and the dense index of
  // the bus whose voltage vg_pu holds (PSS/E IREG; the generator's own bus when not remote).
  // Empty reg_bus means every generator regulates its own bus, as in MATPOWER.
  std::vector<std::string> machine_id;
  std::vector<std::int32_t> reg_bus;

  std::size_t size() const { return bus.size(); }
};

struct Network {
  std::string name;    // case name, e.g. "case118"
  std::string source;  // file it was read from
  double base_mva = 100.0;
  double frequency_hz = 0.0;  // nominal frequency; 0 when the source does not say (MATPOWER)

  BusTable buses;
  LoadTable loads;
  ShuntTable shunts;
  BranchTable branches;
  GenTable gens;
  CostTable gen_costs;  // empty, or gens.size() rows (active), or 2 * gens.size() (+ reactive)

  std::unordered_map<std::int64_t, std::int32_t> bus_index;  // external id -> dense index

  std::size_t n_buses() const { return buses.size(); }
  std::size_t n_branches() const { return branches.size(); }
  std::size_t n_gens() const { return gens.size(); }

  // Dense index of an external bus number; throws ModelError naming the bus if absent.
  std::int32_t bus_at(std::int64_t external_id) const;
  // "branch 7 (4-9)", for messages.
  std::string describe_branch(std::size_t k) const;
  // Rebuilds bus_index from buses.id; throws ModelError on a duplicate bus number.
  void index_buses();
};

using NetworkPtr = std::shared_ptr<const Network>;

}  // namespace gat::core
