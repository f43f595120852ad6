#include "io/matpower_network.hpp"

#include <charconv>
#include <cmath>
#include <numbers>
#include <string_view>
#include <unordered_map>

#include "gat/core/error.hpp"

namespace gat::io {

namespace {

using matlab::Field;
using matlab::FieldKind;
using matlab::Workspace;

constexpr double kDegToRad = std::numbers::pi / 180.0;
// Bus numbers are integers stored as doubles; beyond 2^53 they would no longer be exact.
constexpr double kMaxBusNumber = 9007199254740992.0;
constexpr double kMaxInt32 = 2147483647.0;

// MATPOWER column positions (MATPOWER's 1-based numbers minus one; see idx_bus.m, idx_brch.m,
// idx_gen.m, idx_cost.m).
namespace bus_col {
constexpr std::size_t kBusI = 0, kType = 1, kPd = 2, kQd = 3, kGs = 4, kBs = 5, kArea = 6, kVm = 7,
                      kVa = 8, kBaseKv = 9, kZone = 10, kVmax = 11, kVmin = 12;
constexpr std::size_t kCount = 13;
}  // namespace bus_col
namespace branch_col {
constexpr std::size_t kFrom = 0, kTo = 1, kR = 2, kX = 3, kB = 4, kRateA = 5, kRateB = 6,
                      kRateC = 7, kTap = 8, kShift = 9, kStatus = 10, kAngMin = 11, kAngMax = 12;
constexpr std::size_t kCount = 11;  // angmin/angmax (12, 13) are optional
}  // namespace branch_col
namespace gen_col {
constexpr std::size_t kBus = 0, kPg = 1, kQg = 2, kQmax = 3, kQmin = 4, kVg = 5, kMbase = 6,
                      kStatus = 7, kPmax = 8, kPmin = 9, kPc1 = 10;
constexpr std::size_t kCount = 10;  // columns 11-21 are optional (old cases stop at 10)
}  // namespace gen_col
namespace cost_col {
constexpr std::size_t kModel = 0, kStartup = 1, kShutdown = 2, kN = 3, kData = 4;
}  // namespace cost_col

std::string format_number(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::string("?");
}

bool is_integer(double v) {
  return std::isfinite(v) && v == std::floor(v);
}

// One MATPOWER matrix with the name and source lines needed to report a bad row.
class Table {
 public:
  Table(const Field& field, std::string name, const std::string& source)
      : field_(field), name_(std::move(name)), source_(source) {}

  std::size_t rows() const { return field_.numbers.rows(); }
  std::size_t cols() const { return field_.numbers.cols(); }
  double at(std::size_t r, std::size_t c) const { return field_.numbers(r, c); }
  double at_or(std::size_t r, std::size_t c, double fallback) const {
    return c < cols() ? at(r, c) : fallback;
  }
  std::size_t line(std::size_t r) const {
    return r < field_.row_lines.size() ? field_.row_lines[r] : field_.line;
  }

  [[noreturn]] void fail(std::size_t r, const std::string& message) const {
    throw InputError(source_, line(r), name_ + " row " + std::to_string(r + 1) + ": " + message);
  }
  // A value that must be a finite number (infinities are meaningless there).
  double finite(std::size_t r, std::size_t c, std::string_view what) const {
    double v = at(r, c);
    if (!std::isfinite(v)) {
      fail(r, std::string(what) + " (column " + std::to_string(c + 1) + ") must be finite, got " +
                  format_number(v));
    }
    return v;
  }
  // An integer code (area, zone) that must fit an int32.
  std::int32_t code(std::size_t r, std::size_t c, std::string_view what) const {
    double v = at(r, c);
    if (!is_integer(v) || std::abs(v) > kMaxInt32) {
      fail(r, std::string(what) + " (column " + std::to_string(c + 1) +
                  ") must be an integer, got " + format_number(v));
    }
    return static_cast<std::int32_t>(v);
  }
  void reject_nan() const {
    for (std::size_t r = 0; r < rows(); ++r) {
      for (std::size_t c = 0; c < cols(); ++c) {
        if (std::isnan(at(r, c))) fail(r, "column " + std::to_string(c + 1) + " is NaN");
      }
    }
  }

 private:
  const Field& field_;
  std::string name_;
  const std::string& source_;
};

class NetworkBuilder {
 public:
  NetworkBuilder(const Workspace& ws, const std::string& source) : ws_(ws), source_(source) {}
  core::Network build();

 private:
  const Field* numeric(std::string_view name, bool required) const;
  Table table(std::string_view name, std::size_t min_cols) const;
  double base_mva() const;
  void buses(const Table& t);
  void index_buses(const Table& t);
  void bus_names();
  void loads_and_shunts(const Table& t);
  void branches(const Table& t);
  void gens(const Table& t);
  void gen_costs(const Table& t);
  std::int32_t bus_of(const Table& t, std::size_t r, std::size_t c, std::string_view role) const;
  double pu(double mw) const { return mw / net_.base_mva; }

  const Workspace& ws_;
  const std::string& source_;
  core::Network net_;
};

core::Network NetworkBuilder::build() {
  net_.base_mva = base_mva();
  Table bus = table("bus", bus_col::kCount);
  if (bus.rows() == 0) throw InputError(source_, numeric("bus", true)->line, "mpc.bus is empty");
  Table branch = table("branch", branch_col::kCount);
  Table gen = table("gen", gen_col::kCount);
  buses(bus);
  index_buses(bus);
  bus_names();
  loads_and_shunts(bus);
  branches(branch);
  gens(gen);
  if (numeric("gencost", false) != nullptr) gen_costs(table("gencost", cost_col::kData));
  return std::move(net_);
}

const Field* NetworkBuilder::numeric(std::string_view name, bool required) const {
  const Field* f = ws_.field(name);
  std::string what = ws_.struct_name + "." + std::string(name);
  if (f == nullptr) {
    if (required) throw InputError(source_, 0, "missing " + what);
    return nullptr;
  }
  if (f->kind != FieldKind::kNumeric) {
    throw InputError(source_, f->line, what + " must be a numeric matrix");
  }
  return f;
}

// A required matrix; an empty one (`[]`) is allowed and has no rows.
Table NetworkBuilder::table(std::string_view name, std::size_t min_cols) const {
  const Field* f = numeric(name, true);
  std::string what = ws_.struct_name + "." + std::string(name);
  if (!f->numbers.empty() && f->numbers.cols() < min_cols) {
    throw InputError(source_, f->line,
                     what + " has " + std::to_string(f->numbers.cols()) +
                         " columns; MATPOWER needs at least " + std::to_string(min_cols));
  }
  Table t(*f, what, source_);
  t.reject_nan();
  return t;
}

double NetworkBuilder::base_mva() const {
  const Field* f = numeric("baseMVA", true);
  if (!f->numbers.is_scalar()) {
    throw InputError(source_, f->line, "mpc.baseMVA must be a scalar, got " + f->numbers.shape());
  }
  double v = f->numbers[0];
  if (!std::isfinite(v) || v <= 0) {
    throw InputError(source_, f->line,
                     "mpc.baseMVA must be a positive number, got " + format_number(v));
  }
  return v;
}

void NetworkBuilder::buses(const Table& t) {
  using namespace bus_col;
  auto& b = net_.buses;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    double id = t.at(r, kBusI);
    if (!is_integer(id) || id < 1 || id >= kMaxBusNumber) {
      t.fail(r, "bus number must be a positive integer, got " + format_number(id));
    }
    double type = t.at(r, kType);
    if (type != 1 && type != 2 && type != 3 && type != 4) {
      t.fail(r, "invalid bus type " + format_number(type) +
                    " (expected 1 PQ, 2 PV, 3 reference or 4 isolated)");
    }
    b.id.push_back(static_cast<std::int64_t>(id));
    b.type.push_back(static_cast<core::BusType>(static_cast<int>(type)));
    b.vm_pu.push_back(t.finite(r, kVm, "Vm"));
    b.va_rad.push_back(t.finite(r, kVa, "Va") * kDegToRad);
    b.base_kv.push_back(t.finite(r, kBaseKv, "baseKV"));
    b.area.push_back(t.code(r, kArea, "area"));
    b.zone.push_back(t.code(r, kZone, "zone"));
    b.vmax_pu.push_back(t.at(r, kVmax));
    b.vmin_pu.push_back(t.at(r, kVmin));
  }
}

// Indexes bus numbers; on a duplicate, names the line of the second occurrence.
void NetworkBuilder::index_buses(const Table& t) {
  try {
    net_.index_buses();
  } catch (const ModelError&) {
    std::unordered_map<std::int64_t, std::size_t> first_row;
    for (std::size_t r = 0; r < net_.buses.size(); ++r) {
      auto [it, inserted] = first_row.emplace(net_.buses.id[r], r);
      if (!inserted) {
        t.fail(r, "duplicate bus number " + std::to_string(net_.buses.id[r]) + " (first in row " +
                      std::to_string(it->second + 1) + ", line " +
                      std::to_string(t.line(it->second)) + ")");
      }
    }
    throw;
  }
}

void NetworkBuilder::bus_names() {
  auto& names = net_.buses.name;
  const Field* f = ws_.field("bus_name");
  if (f == nullptr || f->kind != FieldKind::kStrings || f->strings.empty()) {
    names.assign(net_.n_buses(), std::string());
    return;
  }
  if (f->strings.size() != net_.n_buses()) {
    throw InputError(source_, f->line,
                     ws_.struct_name + ".bus_name has " + std::to_string(f->strings.size()) +
                         " names for " + std::to_string(net_.n_buses()) + " buses");
  }
  names = f->strings;
}

// MATPOWER puts one load (Pd, Qd) and one shunt (Gs, Bs) on every bus; gat keeps only those
// that are there. MATPOWER has no load or shunt status, so all are in service.
void NetworkBuilder::loads_and_shunts(const Table& t) {
  using namespace bus_col;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    auto bus = static_cast<std::int32_t>(r);
    double pd = t.finite(r, kPd, "Pd"), qd = t.finite(r, kQd, "Qd");
    double gs = t.finite(r, kGs, "Gs"), bs = t.finite(r, kBs, "Bs");
    if (pd != 0 || qd != 0) {
      net_.loads.bus.push_back(bus);
      net_.loads.p_pu.push_back(pu(pd));
      net_.loads.q_pu.push_back(pu(qd));
      net_.loads.in_service.push_back(1);
    }
    if (gs != 0 || bs != 0) {
      net_.shunts.bus.push_back(bus);
      net_.shunts.g_pu.push_back(pu(gs));
      net_.shunts.b_pu.push_back(pu(bs));
      net_.shunts.in_service.push_back(1);
    }
  }
}

std::int32_t NetworkBuilder::bus_of(const Table& t, std::size_t r, std::size_t c,
                                    std::string_view role) const {
  double v = t.at(r, c);
  if (is_integer(v) && v >= 1 && v < kMaxBusNumber) {
    auto it = net_.bus_index.find(static_cast<std::int64_t>(v));
    if (it != net_.bus_index.end()) return it->second;
  }
  t.fail(r, std::string(role) + " " + format_number(v) + " is not a bus in " + ws_.struct_name +
                ".bus");
}

void NetworkBuilder::branches(const Table& t) {
  using namespace branch_col;
  auto& br = net_.branches;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    br.id.push_back(static_cast<std::int64_t>(r + 1));
    br.from_bus.push_back(bus_of(t, r, kFrom, "from bus"));
    br.to_bus.push_back(bus_of(t, r, kTo, "to bus"));
    br.r_pu.push_back(t.finite(r, kR, "r"));
    br.x_pu.push_back(t.finite(r, kX, "x"));
    br.b_pu.push_back(t.finite(r, kB, "b"));
    br.rate_a_pu.push_back(pu(t.at(r, kRateA)));
    br.rate_b_pu.push_back(pu(t.at(r, kRateB)));
    br.rate_c_pu.push_back(pu(t.at(r, kRateC)));
    double tap = t.finite(r, kTap, "ratio");
    br.tap_ratio.push_back(tap == 0 ? 1.0 : tap);  // MATPOWER: ratio 0 means a line
    br.transformer.push_back(tap == 0 ? 0 : 1);
    br.shift_rad.push_back(t.finite(r, kShift, "angle") * kDegToRad);
    br.in_service.push_back(t.finite(r, kStatus, "status") > 0 ? 1 : 0);
    br.angmin_rad.push_back(t.at_or(r, kAngMin, -360.0) * kDegToRad);
    br.angmax_rad.push_back(t.at_or(r, kAngMax, 360.0) * kDegToRad);
  }
}

void NetworkBuilder::gens(const Table& t) {
  using namespace gen_col;
  auto& g = net_.gens;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    g.bus.push_back(bus_of(t, r, kBus, "generator bus"));
    g.pg_pu.push_back(pu(t.finite(r, kPg, "Pg")));
    g.qg_pu.push_back(pu(t.finite(r, kQg, "Qg")));
    g.qmax_pu.push_back(pu(t.at(r, kQmax)));  // +-Inf is MATPOWER's "no limit"
    g.qmin_pu.push_back(pu(t.at(r, kQmin)));
    g.vg_pu.push_back(t.finite(r, kVg, "Vg"));
    g.mbase_mva.push_back(t.finite(r, kMbase, "mBase"));
    g.in_service.push_back(t.finite(r, kStatus, "status") > 0 ? 1 : 0);
    g.pmax_pu.push_back(pu(t.at(r, kPmax)));
    g.pmin_pu.push_back(pu(t.at(r, kPmin)));
    // Columns 11-21 in case files are PC1..APF (the MU_* columns come after them, at 22-25).
    std::vector<double>* extras[] = {&g.pc1_mw,      &g.pc2_mw,      &g.qc1min_mvar, &g.qc1max_mvar,
                                     &g.qc2min_mvar, &g.qc2max_mvar, &g.ramp_agc,    &g.ramp_10,
                                     &g.ramp_30,     &g.ramp_q,      &g.apf};
    for (std::size_t k = 0; k < std::size(extras); ++k) {
      extras[k]->push_back(t.at_or(r, kPc1 + k, 0.0));
    }
  }
}

// One row per generator (active power), optionally a second block (reactive power).
//   model 2 (polynomial):       n coefficients, highest order first
//   model 1 (piecewise linear): n points x1 y1 ... xn yn
// Rows are padded with zeros to the widest row, so trailing zeros are allowed; anything else
// past the row's own data means n is wrong.
void NetworkBuilder::gen_costs(const Table& t) {
  using namespace cost_col;
  std::size_t ng = net_.n_gens();
  if (t.rows() != 0 && t.rows() != ng && t.rows() != 2 * ng) {
    t.fail(t.rows() - 1, "mpc.gencost has " + std::to_string(t.rows()) + " rows; expected " +
                             std::to_string(ng) + " or " + std::to_string(2 * ng) +
                             " (one or two per generator)");
  }
  auto& c = net_.gen_costs;
  c.offset.push_back(0);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    double model = t.at(r, kModel);
    if (model != 1 && model != 2) {
      t.fail(r, "cost model " + format_number(model) +
                    " is neither 1 (piecewise linear) nor 2 (polynomial)");
    }
    double n = t.at(r, kN);
    bool linear = model == 1;
    if (!is_integer(n) || n < 0) {
      t.fail(r, "n (column 4) must be a non-negative integer, got " + format_number(n));
    }
    if (linear && n < 2)
      t.fail(r, "a piecewise linear cost needs at least 2 points, n = " + format_number(n));
    double needed = static_cast<double>(kData) + n * (linear ? 2 : 1);
    if (needed > static_cast<double>(t.cols())) {
      t.fail(r, "n = " + format_number(n) + " needs " + format_number(needed) + " columns (" +
                    (linear ? "4 + 2n" : "4 + n") + "); the matrix has " +
                    std::to_string(t.cols()));
    }
    std::size_t count = static_cast<std::size_t>(n) * (linear ? 2 : 1);
    for (std::size_t k = kData + count; k < t.cols(); ++k) {
      if (t.at(r, k) != 0) {
        t.fail(r, "column " + std::to_string(k + 1) +
                      " holds data beyond the n = " + format_number(n) + " the row declares");
      }
    }
    c.model.push_back(linear ? core::CostModel::kPiecewiseLinear : core::CostModel::kPolynomial);
    c.startup.push_back(t.finite(r, kStartup, "startup cost"));
    c.shutdown.push_back(t.finite(r, kShutdown, "shutdown cost"));
    for (std::size_t k = kData; k < kData + count; ++k) {
      c.data.push_back(t.finite(r, k, "cost data"));
    }
    c.offset.push_back(c.data.size());
  }
}

}  // namespace

core::Network build_matpower_network(const Workspace& ws, const std::string& source) {
  return NetworkBuilder(ws, source).build();
}

}  // namespace gat::io
