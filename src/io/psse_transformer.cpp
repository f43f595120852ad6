// PSS/E transformers -> MATPOWER-style branches.
//
// PSS/E models winding k as an ideal transformer of complex ratio t_k (bus side) behind the
// series impedance, with the magnetizing admittance at the winding-one bus:
//
//   two-winding:    bus I --[t1:1]-- Z12 --[1:t2]-- bus J,   Ym at bus I
//   three-winding:  bus k --[t_k:1]-- Z_k -- star point,      k = 1, 2, 3
//
// Moving t2 across Z12 gives the MATPOWER branch I -> J with tap = t1 / t2, shift = ANG1 and
// impedance Z12 * t2^2 (MATPOWER's psse2mpc omits the t2^2, which matters only when t2 != 1).
// The star impedances are Z1 = (Z12 + Z31 - Z23) / 2 and its rotations.
//
// Codes (PSS/E Program Operation Manual, as the powsybl importer reads them):
//   CW  winding ratio   1: pu of bus base kV   2: kV            3: pu of NOMV
//         t = WINDV  |  WINDV / BASKV  |  WINDV * NOMV / BASKV      (NOMV = 0 means BASKV)
//   CZ  impedance       1: pu on system base   2: pu on SBASEij   3: load loss (W) and |Z|
//         Z_sys = Z_w * SBASE / SBASEij for 2 and 3; for 3, R_w = loss / (1e6 * SBASEij) and
//         X_w = sqrt(|Z|^2 - R_w^2)
//   CM  magnetizing     1: G, B in pu on system base
//                       2: no-load loss (W) and exciting current (pu on SBASE12 and NOMV1):
//         G = loss / (1e6 * SBASE) * (BASKV / NOMV1)^2,
//         B = -sqrt(Y^2 - G^2) with Y = I_exc * SBASE12 / SBASE * (BASKV / NOMV1)^2
// The magnetizing admittance becomes a shunt row at bus I, in service with winding one.
#include <cmath>
#include <complex>
#include <numbers>

#include "gat/core/error.hpp"
#include "io/psse_builder.hpp"

namespace gat::io::psse {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;

std::int64_t code(const Fields& f, std::size_t i, const char* name, std::int64_t max) {
  const std::int64_t c = f.integer(i, name, 1);
  if (c < 1 || c > max) {
    f.fail(std::string(name) + " must be 1.." + std::to_string(max) + ", got " + std::to_string(c));
  }
  return c;
}

// WINDV = 0 is no ratio at all; MATPOWER's save2psse writes it for branches whose MATPOWER
// ratio is 0 ("none", i.e. 1) and psse2mpc reads it back as such, so gat does the same, with a
// warning.
double winding_ratio(const Fields& w, std::int64_t cw, double bus_kv, ImportDiagnostics& diag) {
  double windv = w.number(0, "WINDV", 1.0);
  double nomv = w.number(1, "NOMV", 0.0);
  if (nomv == 0) nomv = bus_kv;
  if (cw != 1 && bus_kv <= 0) {
    w.fail("CW = " + std::to_string(cw) + " needs the bus base kV, which is 0");
  }
  if (windv == 0) {
    diag.warn("zero winding ratio", w.line(),
              "WINDV = 0 read as the nominal ratio (as MATPOWER does)");
    windv = cw == 1 ? 1.0 : cw == 2 ? bus_kv : bus_kv / nomv;
  }
  double t = cw == 1 ? windv : cw == 2 ? windv / bus_kv : windv * nomv / bus_kv;
  if (!(t > 0) || !std::isfinite(t)) {
    w.fail("winding ratio must be positive, got WINDV = " + w.text(0));
  }
  return t;
}

std::complex<double> impedance(const Fields& f, std::size_t i, std::int64_t cz, double sbase,
                               const char* name) {
  const double r = f.number(i, "R", 0.0), x = f.required_number(i + 1, name);
  if (cz == 1) return {r, x};
  const double sw = f.number(i + 2, "SBASE", sbase);
  if (!(sw > 0)) f.fail("winding MVA base must be positive, got " + f.text(i + 2));
  if (cz == 2) return std::complex<double>(r, x) * (sbase / sw);
  const double rw = r / (1e6 * sw);  // CZ = 3: load loss in W, |Z| in pu on sw
  if (x * x < rw * rw)
    f.fail(std::string(name) + ": |Z| is smaller than the resistance from the load loss");
  return std::complex<double>(rw, std::sqrt(x * x - rw * rw)) * (sbase / sw);
}

}  // namespace

void Builder::winding_notes(const Fields& w, int winding) {
  const auto cod = w.integer(layout_.w_cod, "COD", 0);
  if (cod != 0) {
    diag_.warn("transformer control", w.line(),
               "winding " + std::to_string(winding) + ": automatic adjustment COD = " +
                   std::to_string(cod) + " not modelled; ratio and angle fixed as given");
  }
  const auto tab = w.integer(layout_.w_tab, "TAB", 0);
  if (tab != 0) {
    diag_.warn("impedance correction", w.line(),
               "winding " + std::to_string(winding) + ": impedance correction table " +
                   std::to_string(tab) + " not applied");
  }
}

void Builder::magnetizing(const Fields& head, const Fields& winding1, double sbase12,
                          std::int32_t bus, bool in_service) {
  const double mag1 = head.number(7, "MAG1", 0), mag2 = head.number(8, "MAG2", 0);
  if (mag1 == 0 && mag2 == 0) return;
  double g = mag1, b = mag2;
  if (code(head, 6, "CM", 2) == 2) {
    const double bus_kv = net_.buses.base_kv[bus];
    const double nomv = winding1.number(1, "NOMV1", 0.0);
    const double k = nomv > 0 && bus_kv > 0 ? (bus_kv / nomv) * (bus_kv / nomv) : 1.0;
    g = mag1 / (1e6 * base_mva_) * k;
    const double y = mag2 * (sbase12 / base_mva_) * k;
    b = y * y >= g * g ? -std::sqrt(y * y - g * g) : 0.0;
  }
  add_shunt(bus, g, b, in_service);
}

void Builder::transformer(const std::vector<Record>& lines) {
  Fields head(lines[0], source_, "transformer");
  if (head.integer(2, "K", 0) == 0) {
    two_winding(lines, head);
  } else {
    three_winding(lines, head);
  }
}

void Builder::two_winding(const std::vector<Record>& lines, const Fields& head) {
  const std::int32_t bi = bus_of(head, 0, "winding 1 bus I"),
                     bj = bus_of(head, 1, "winding 2 bus J");
  const auto cw = code(head, 4, "CW", 3), cz = code(head, 5, "CZ", 3);
  Fields z(lines[1], source_, "transformer impedance line");
  Fields w1(lines[2], source_, "transformer winding 1 line");
  Fields w2(lines[3], source_, "transformer winding 2 line");
  const double t1 = winding_ratio(w1, cw, net_.buses.base_kv[bi], diag_);
  const double t2 = winding_ratio(w2, cw, net_.buses.base_kv[bj], diag_);
  const std::complex<double> z12 = impedance(z, 0, cz, base_mva_, "X1-2") * (t2 * t2);
  const bool on = head.integer(11, "STAT", 1) != 0;
  add_branch(bi, bj, z12.real(), z12.imag(), 0.0, ratings(w1, 3, kRate123), head.text(3, "1"), on);
  auto& br = net_.branches;
  br.tap_ratio.back() = t1 / t2;
  br.transformer.back() = 1;
  br.shift_rad.back() = w1.number(2, "ANG1", 0.0) * kDegToRad;
  magnetizing(head, w1, z.number(2, "SBASE1-2", base_mva_), bi, on);
  winding_notes(w1, 1);
}

std::int32_t Builder::add_star_bus(const Fields& head, const Fields& impedances,
                                   std::int32_t bus1) {
  if (next_star_number_ == 0) {  // psse2mpc: the next power of ten above every bus number
    std::int64_t max_number = 0;
    for (auto id : net_.buses.id) max_number = std::max(max_number, id);
    next_star_number_ = static_cast<std::int64_t>(std::pow(
                            10.0, std::ceil(std::log10(static_cast<double>(max_number) + 1)))) +
                        1;
  }
  auto& b = net_.buses;
  const auto row = static_cast<std::int32_t>(b.size());
  const std::int64_t number = next_star_number_++;
  net_.bus_index.emplace(number, row);
  b.id.push_back(number);
  std::string name = head.text(10);
  b.name.push_back(name.empty() ? "STAR " + head.text(0) + "-" + head.text(1) + "-" + head.text(2)
                                : name);
  b.base_kv.push_back(1.0);  // the star point has no voltage of its own (psse2mpc, powsybl)
  b.type.push_back(head.integer(11, "STAT", 1) == 0 ? core::BusType::kIsolated
                                                    : core::BusType::kPQ);
  b.area.push_back(b.area[bus1]);
  b.zone.push_back(b.zone[bus1]);
  b.vm_pu.push_back(impedances.number(9, "VMSTAR", 1.0));
  b.va_rad.push_back(impedances.number(10, "ANSTAR", 0.0) * kDegToRad);
  b.vmax_pu.push_back(1.1);
  b.vmin_pu.push_back(0.9);
  return row;
}

void Builder::three_winding(const std::vector<Record>& lines, const Fields& head) {
  const std::int32_t bus[3] = {bus_of(head, 0, "winding 1 bus I"),
                               bus_of(head, 1, "winding 2 bus J"),
                               bus_of(head, 2, "winding 3 bus K")};
  const auto cw = code(head, 4, "CW", 3), cz = code(head, 5, "CZ", 3);
  Fields z(lines[1], source_, "three-winding transformer impedance line");
  const std::complex<double> z12 = impedance(z, 0, cz, base_mva_, "X1-2");
  const std::complex<double> z23 = impedance(z, 3, cz, base_mva_, "X2-3");
  const std::complex<double> z31 = impedance(z, 6, cz, base_mva_, "X3-1");
  const std::complex<double> zk[3] = {(z12 + z31 - z23) / 2.0, (z12 + z23 - z31) / 2.0,
                                      (z31 + z23 - z12) / 2.0};
  const std::int64_t stat = head.integer(11, "STAT", 1);
  // STAT: 0 all out, 1 all in, 2 winding 2 out, 3 winding 3 out, 4 winding 1 out.
  const bool on[3] = {stat != 0 && stat != 4, stat != 0 && stat != 2, stat != 0 && stat != 3};
  const std::int32_t star = add_star_bus(head, z, bus[0]);
  static const char* kWinding[3] = {"transformer winding 1 line", "transformer winding 2 line",
                                    "transformer winding 3 line"};
  for (int k = 0; k < 3; ++k) {
    Fields w(lines[static_cast<std::size_t>(2 + k)], source_, kWinding[k]);
    add_branch(bus[k], star, zk[k].real(), zk[k].imag(), 0.0, ratings(w, 3, kRate123),
               head.text(3, "1"), on[k]);
    auto& br = net_.branches;
    br.tap_ratio.back() = winding_ratio(w, cw, net_.buses.base_kv[bus[k]], diag_);
    br.transformer.back() = 1;
    br.shift_rad.back() = w.number(2, "ANG", 0.0) * kDegToRad;
    winding_notes(w, k + 1);
    if (k == 0) magnetizing(head, w, z.number(2, "SBASE1-2", base_mva_), bus[0], on[0]);
  }
}

}  // namespace gat::io::psse
