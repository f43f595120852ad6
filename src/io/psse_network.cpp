// PSS/E records other than transformers (psse_transformer.cpp) -> core::Network rows.
#include <cmath>
#include <limits>
#include <numbers>

#include "gat/core/error.hpp"
#include "io/psse_builder.hpp"

namespace gat::io::psse {

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr double kDegToRad = std::numbers::pi / 180.0;
// PSS/E's zero-impedance threshold (THRSHZ default): a branch with r = x = 0 gets this x.
constexpr double kZeroImpedanceX = 1e-4;

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

Layout Layout::for_revision(int revision) {
  if (revision >= 34) {
    return Layout{.rev35 = true,
                  .load_dgenp = 14,
                  .load_dgenq = 15,
                  .load_dgenm = 16,
                  .gen_mbase = 9,
                  .gen_stat = 15,
                  .gen_pt = 17,
                  .gen_pb = 18,
                  .gen_wmod = 28,
                  .br_rate = 7,
                  .br_gi = 19,
                  .br_st = 23,
                  .w_cod = 15,
                  .w_tab = 23,
                  .sw_modsw = 2,
                  .sw_stat = 4,
                  .sw_binit = 11};
  }
  return Layout{.rev35 = false,
                .load_dgenp = kNone,
                .load_dgenq = kNone,
                .load_dgenm = kNone,
                .gen_mbase = 8,
                .gen_stat = 14,
                .gen_pt = 16,
                .gen_pb = 17,
                .gen_wmod = 26,
                .br_rate = 6,
                .br_gi = 9,
                .br_st = 13,
                .w_cod = 6,
                .w_tab = 13,
                .sw_modsw = 1,
                .sw_stat = 3,
                .sw_binit = 9};
}

Builder::Builder(const std::string& source, int revision, double base_mva,
                 ImportDiagnostics& diagnostics)
    : source_(source),
      revision_(revision),
      layout_(Layout::for_revision(revision)),
      diag_(diagnostics),
      base_mva_(base_mva) {
  net_.base_mva = base_mva;
}

double Builder::limit(const Fields& f, std::size_t i, std::string_view name, double fallback,
                      Bound bound) {
  const double v = f.limit(i, name, fallback, bound);
  if (std::isinf(v)) {
    diag_.note("unbounded limit", f.line(),
               std::string(f.kind()) + ": " + std::string(name) + " (field " +
                   std::to_string(i + 1) + ") is " + (v > 0 ? "+Inf" : "-Inf") +
                   ": no limit, kept as unbounded");
  }
  return v;
}

std::array<double, 3> Builder::ratings(const Fields& f, std::size_t i,
                                       const std::array<const char*, 3>& names) {
  return {limit(f, i, names[0], 0, Bound::kUpper), limit(f, i + 1, names[1], 0, Bound::kUpper),
          limit(f, i + 2, names[2], 0, Bound::kUpper)};
}

std::int32_t Builder::bus_of(const Fields& f, std::size_t i, std::string_view name) const {
  const std::int64_t number = std::abs(f.required_integer(i, name));  // < 0: metered end
  auto it = net_.bus_index.find(number);
  if (it == net_.bus_index.end()) {
    f.fail(std::string(name) + " " + std::to_string(number) + " is not in the bus data");
  }
  return it->second;
}

// I, 'NAME', BASKV, IDE, AREA, ZONE, OWNER, VM, VA, NVHI, NVLO, EVHI, EVLO
void Builder::bus(const Record& r) {
  Fields f(r, source_, "bus");
  const std::int64_t number = f.required_integer(0, "I");
  if (number < 1 || number > 999999)
    f.fail("bus number must be 1..999999, got " + std::to_string(number));
  const std::int64_t ide = f.integer(3, "IDE", 1);
  if (ide < 1 || ide > 4) {
    f.fail("bus type IDE must be 1 (load), 2 (generator), 3 (swing) or 4 (isolated), got " +
           std::to_string(ide));
  }
  auto [it, inserted] = bus_line_.emplace(number, r.line);
  if (!inserted) {
    f.fail("duplicate bus number " + std::to_string(number) + " (first at line " +
           std::to_string(it->second) + ")");
  }
  auto& b = net_.buses;
  net_.bus_index.emplace(number, static_cast<std::int32_t>(b.size()));
  b.id.push_back(number);
  b.name.push_back(f.text(1));
  b.base_kv.push_back(f.number(2, "BASKV", 0.0));
  b.type.push_back(static_cast<core::BusType>(ide));
  b.area.push_back(static_cast<std::int32_t>(f.integer(4, "AREA", 1)));
  b.zone.push_back(static_cast<std::int32_t>(f.integer(5, "ZONE", 1)));
  b.vm_pu.push_back(f.number(7, "VM", 1.0));
  b.va_rad.push_back(f.number(8, "VA", 0.0) * kDegToRad);
  b.vmax_pu.push_back(limit(f, 9, "NVHI", 1.1, Bound::kUpper));
  b.vmin_pu.push_back(limit(f, 10, "NVLO", 0.9, Bound::kLower));
}

// I, ID, STATUS, AREA, ZONE, PL, QL, IP, IQ, YP, YQ, OWNER, SCALE, INTRPT[, DGENP, DGENQ, DGENM]
void Builder::load(const Record& r) {
  Fields f(r, source_, "load");
  const std::int32_t bus = bus_of(f, 0, "load bus");
  const std::string id = f.text(1, "1");
  const double vm = net_.buses.vm_pu[bus];
  const double pl = f.number(5, "PL", 0), ql = f.number(6, "QL", 0);
  const double ip = f.number(7, "IP", 0), iq = f.number(8, "IQ", 0);
  const double yp = f.number(9, "YP", 0), yq = f.number(10, "YQ", 0);
  // psse2mpc: constant current scales with Vm, constant admittance with Vm^2 (YQ > 0 is
  // inductive, so it enters Q with a minus sign).
  double p = pl + ip * vm + yp * vm * vm;
  double q = ql + iq * vm - yq * vm * vm;
  const std::string what = "load '" + id + "' at bus " + std::to_string(net_.buses.id[bus]);
  if (ip != 0 || iq != 0 || yp != 0 || yq != 0) {
    diag_.warn("load model converted", r.line,
               what +
                   ": constant-current/admittance parts converted to constant power at the "
                   "initial Vm = " +
                   fmt(vm) + " pu (as MATPOWER psse2mpc)");
  }
  if (layout_.load_dgenm != kNone && f.integer(layout_.load_dgenm, "DGENM", 0) != 0) {
    const double dp = f.number(layout_.load_dgenp, "DGENP", 0);
    const double dq = f.number(layout_.load_dgenq, "DGENQ", 0);
    p -= dp;
    q -= dq;
    diag_.warn("distributed generation netted", r.line,
               what + ": distributed generation " + fmt(dp) + " MW, " + fmt(dq) +
                   " MVAr subtracted from the load");
  }
  auto& l = net_.loads;
  l.bus.push_back(bus);
  l.load_id.push_back(id);
  l.p_pu.push_back(pu(p));
  l.q_pu.push_back(pu(q));
  l.in_service.push_back(f.integer(2, "STATUS", 1) != 0 ? 1 : 0);
}

void Builder::add_shunt(std::int32_t bus, double g_pu, double b_pu, bool in_service) {
  auto& s = net_.shunts;
  s.bus.push_back(bus);
  s.g_pu.push_back(g_pu);
  s.b_pu.push_back(b_pu);
  s.in_service.push_back(in_service ? 1 : 0);
}

// I, ID, STATUS, GL, BL
void Builder::fixed_shunt(const Record& r) {
  Fields f(r, source_, "fixed shunt");
  const std::int32_t bus = bus_of(f, 0, "shunt bus");
  add_shunt(bus, pu(f.number(3, "GL", 0)), pu(f.number(4, "BL", 0)),
            f.integer(2, "STATUS", 1) != 0);
}

// I, ID, PG, QG, QT, QB, VS, IREG, [NREG,] MBASE, ZR, ZX, RT, XT, GTAP, STAT, RMPCT, PT, PB,
// [BASLOD,] O1, F1, ... O4, F4, WMOD, WPF
void Builder::generator(const Record& r) {
  Fields f(r, source_, "generator");
  const std::int32_t bus = bus_of(f, 0, "generator bus");
  const std::int64_t ireg = f.integer(7, "IREG", 0);
  const std::int32_t reg = ireg == 0 ? bus : bus_of(f, 7, "regulated bus IREG");
  auto& g = net_.gens;
  g.bus.push_back(bus);
  g.machine_id.push_back(f.text(1, "1"));
  g.reg_bus.push_back(reg);
  g.pg_pu.push_back(pu(f.number(2, "PG", 0)));
  g.qg_pu.push_back(pu(f.number(3, "QG", 0)));
  g.qmax_pu.push_back(pu(limit(f, 4, "QT", 9999, Bound::kUpper)));
  g.qmin_pu.push_back(pu(limit(f, 5, "QB", -9999, Bound::kLower)));
  g.vg_pu.push_back(f.number(6, "VS", 1.0));
  g.mbase_mva.push_back(f.number(layout_.gen_mbase, "MBASE", base_mva_));
  g.in_service.push_back(f.integer(layout_.gen_stat, "STAT", 1) > 0 ? 1 : 0);
  g.pmax_pu.push_back(pu(limit(f, layout_.gen_pt, "PT", 9999, Bound::kUpper)));
  g.pmin_pu.push_back(pu(limit(f, layout_.gen_pb, "PB", -9999, Bound::kLower)));
  for (auto* v : {&g.pc1_mw, &g.pc2_mw, &g.qc1min_mvar, &g.qc1max_mvar, &g.qc2min_mvar,
                  &g.qc2max_mvar, &g.ramp_agc, &g.ramp_10, &g.ramp_30, &g.ramp_q, &g.apf}) {
    v->push_back(0.0);
  }
  const std::int64_t wmod = f.integer(layout_.gen_wmod, "WMOD", 0);
  if (wmod >= 2) {
    diag_.warn("wind machine control", r.line,
               "generator '" + g.machine_id.back() + "' at bus " +
                   std::to_string(net_.buses.id[bus]) + ": WMOD " + std::to_string(wmod) +
                   " (reactive power set by power factor) not modelled; QT/QB used");
  }
}

void Builder::add_branch(std::int32_t from, std::int32_t to, double r, double x, double b,
                         const std::array<double, 3>& rate_mva, std::string ckt, bool in_service) {
  auto& br = net_.branches;
  br.id.push_back(static_cast<std::int64_t>(br.size() + 1));
  br.from_bus.push_back(from);
  br.to_bus.push_back(to);
  br.r_pu.push_back(r);
  br.x_pu.push_back(x);
  br.b_pu.push_back(b);
  br.rate_a_pu.push_back(pu(rate_mva[0]));
  br.rate_b_pu.push_back(pu(rate_mva[1]));
  br.rate_c_pu.push_back(pu(rate_mva[2]));
  br.tap_ratio.push_back(1.0);
  br.transformer.push_back(0);
  br.shift_rad.push_back(0.0);
  br.in_service.push_back(in_service ? 1 : 0);
  br.angmin_rad.push_back(-360.0 * kDegToRad);  // psse2mpc's "no limit"
  br.angmax_rad.push_back(360.0 * kDegToRad);
  br.ckt.push_back(std::move(ckt));
}

// I, J, CKT, R, X, B, RATEA, RATEB, RATEC, GI, BI, GJ, BJ, ST, ...            (rev 33)
// I, J, CKT, R, X, B, 'NAME', RATE1, ..., RATE12, GI, BI, GJ, BJ, ST, ...   (rev 34/35)
void Builder::branch(const Record& r) {
  Fields f(r, source_, "branch");
  const std::int32_t from = bus_of(f, 0, "from bus I"), to = bus_of(f, 1, "to bus J");
  const std::string ckt = f.text(2, "1");
  double res = f.number(3, "R", 0), x = f.required_number(4, "X");
  if (res == 0 && x == 0) {
    diag_.warn("zero impedance branch", r.line,
               "branch " + std::to_string(net_.buses.id[from]) + "-" +
                   std::to_string(net_.buses.id[to]) + " '" + ckt +
                   "' has R = X = 0; X set to PSS/E's threshold 0.0001 pu");
    x = kZeroImpedanceX;
  }
  const auto rate =
      ratings(f, layout_.br_rate, layout_.rev35 ? kRate123 : std::array{"RATEA", "RATEB", "RATEC"});
  const bool on = f.integer(layout_.br_st, "ST", 1) != 0;
  add_branch(from, to, res, x, f.number(5, "B", 0), rate, ckt, on);
  const std::size_t s = layout_.br_gi;
  const double gi = f.number(s, "GI", 0), bi = f.number(s + 1, "BI", 0);
  const double gj = f.number(s + 2, "GJ", 0), bj = f.number(s + 3, "BJ", 0);
  if (gi != 0 || bi != 0) add_shunt(from, gi, bi, on);  // already per unit
  if (gj != 0 || bj != 0) add_shunt(to, gj, bj, on);
}

// I, J, CKT, X, RATE1, ..., RATE12, STAT, NSTAT, MET, STYPE, 'NAME'   (rev 34/35)
void Builder::switching_device(const Record& r) {
  Fields f(r, source_, "system switching device");
  const std::int32_t from = bus_of(f, 0, "from bus I"), to = bus_of(f, 1, "to bus J");
  double x = f.number(3, "X", kZeroImpedanceX);
  if (x == 0) x = kZeroImpedanceX;
  add_branch(from, to, 0.0, x, 0.0, ratings(f, 4, kRate123), f.text(2, "1"),
             f.integer(16, "STAT", 1) != 0);
}

// I, ISW, PDES, PTOL, 'ARNAME'
void Builder::area(const Record& r) {
  Fields f(r, source_, "area");
  diag_.note("area data", r.line,
             "area " + f.text(0) + " '" + f.text(4) + "': name, swing bus " + f.text(1, "0") +
                 " and interchange target " + f.text(2, "0") +
                 " MW not kept (bus area numbers are)");
}

// I, 'NAME'
void Builder::zone_or_owner(const Record& r, const char* kind) {
  Fields f(r, source_, kind);
  diag_.note(std::string(kind) + " names", r.line,
             std::string(kind) + " " + f.text(0) + " '" + f.text(1) + "': name not kept");
}

// I, MODSW, ADJM, STAT, VSWHI, VSWLO, SWREM, RMPCT, 'RMIDNT', BINIT, N1, B1, ...   (rev 33)
// I, 'ID', MODSW, ADJM, STAT, VSWHI, VSWLO, SWREG, NREG, RMPCT, 'RMIDNT', BINIT, ... (34/35)
void Builder::switched_shunt(const Record& r) {
  Fields f(r, source_, "switched shunt");
  const std::int32_t bus = bus_of(f, 0, "switched shunt bus");
  const double binit = f.number(layout_.sw_binit, "BINIT", 0);
  add_shunt(bus, 0.0, pu(binit), f.integer(layout_.sw_stat, "STAT", 1) != 0);
  const std::int64_t modsw = f.integer(layout_.sw_modsw, "MODSW", 1);
  if (modsw != 0) {
    diag_.warn("switched shunt control", r.line,
               "switched shunt at bus " + std::to_string(net_.buses.id[bus]) + ": control mode " +
                   std::to_string(modsw) + " not modelled; fixed at BINIT = " + fmt(binit) +
                   " MVAr");
  }
}

core::Network Builder::finish() {
  diag_.note("ownership", 0, "ownership fields (O1..F4) and load SCALE/INTRPT flags are not kept");
  return std::move(net_);
}

}  // namespace gat::io::psse
