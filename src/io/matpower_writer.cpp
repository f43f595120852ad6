#include "gat/io/matpower_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <numbers>

#include "gat/build_info.hpp"
#include "gat/core/error.hpp"

namespace gat::io {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;

void append(std::string& out, double v) {
  if (std::isinf(v)) {
    out += v > 0 ? "Inf" : "-Inf";
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

std::string text(double v) {
  std::string s;
  append(s, v);
  return s;
}

// The shortest decimal x with to_internal(x) == held: the inverse of a reader's unit
// conversion that survives the round trip bit for bit. center is the exact inverse (in long
// double); candidates are the doubles around it. A conversion such as mw / base_mva can map two
// neighbouring doubles to one value: a literal ("0.29") is then still found as the shortest,
// and between equally long ones (values a case file computed, e.g. kW / 1e3) the one nearest
// the exact inverse is taken, which is the original in about half of those rare ties.
template <typename ToInternal>
std::string preimage(double held, long double center, ToInternal to_internal) {
  const auto guess = static_cast<double>(center);
  if (!std::isfinite(guess)) return text(guess);
  if (held == 0) return "0";  // +0 and -0 read back as equal; "-0" only looks odd
  std::string best;
  long double best_distance = 0;
  double x = guess;
  for (int k = 0; k < 3; ++k) x = std::nextafter(x, -INFINITY);
  for (int k = 0; k < 7; ++k, x = std::nextafter(x, INFINITY)) {
    if (to_internal(x) != held) continue;
    std::string s = text(x);
    const long double distance = std::fabs(static_cast<long double>(x) - center);
    if (best.empty() || s.size() < best.size() ||
        (s.size() == best.size() && distance < best_distance)) {
      best = std::move(s);
      best_distance = distance;
    }
  }
  return best.empty() ? text(guess) : best;
}

class Writer {
 public:
  explicit Writer(const core::Network& net) : net_(net), base_(net.base_mva) {}
  std::string run(std::string_view function_name);

 private:
  void mw(double pu) {  // the reader stores mw / base_mva
    out_ +=
        preimage(pu, static_cast<long double>(pu) * base_, [this](double x) { return x / base_; });
  }
  void deg(double rad) {  // the reader stores deg * (pi / 180)
    out_ += preimage(rad, static_cast<long double>(rad) / kDegToRad,
                     [](double x) { return x * kDegToRad; });
  }
  void num(double v) { append(out_, v); }
  void sep() { out_ += '\t'; }
  void header(std::string_view function_name);
  void buses();
  void gens();
  void branches();
  void gen_costs();
  void bus_names();

  const core::Network& net_;
  double base_;
  std::string out_;
};

void Writer::header(std::string_view function_name) {
  std::size_t loads_out = 0, shunts_out = 0, remote = 0;
  for (auto s : net_.loads.in_service) loads_out += s ? 0 : 1;
  for (auto s : net_.shunts.in_service) shunts_out += s ? 0 : 1;
  for (std::size_t k = 0; k < net_.gens.reg_bus.size(); ++k) {
    remote += net_.gens.reg_bus[k] != net_.gens.bus[k] ? 1 : 0;
  }
  out_ += "function mpc = " + std::string(function_name) + "\n";
  out_ += "%" + std::string(function_name) + "  " + net_.name + ", written by gat " +
          build::kVersion + " from " + net_.source + "\n";
  out_ += "%   " + std::to_string(net_.n_buses()) + " buses, " + std::to_string(net_.n_branches()) +
          " branches, " + std::to_string(net_.n_gens()) + " generators";
  if (net_.frequency_hz > 0) out_ += ", " + text(net_.frequency_hz) + " Hz";
  out_ += ".\n";
  out_ += "%   Loads and shunts are summed per bus (in service only): " +
          std::to_string(net_.loads.size()) + " loads (" + std::to_string(loads_out) +
          " out of service, not written), " + std::to_string(net_.shunts.size()) + " shunts (" +
          std::to_string(shunts_out) + " out of service, not written).\n";
  if (remote > 0) {
    out_ += "%   " + std::to_string(remote) +
            " generators regulate a remote bus; MATPOWER holds Vg at the generator's own bus.\n";
  }
  out_ += "\n%% MATPOWER Case Format : Version 2\nmpc.version = '2';\n\n";
  out_ += "%%-----  Power Flow Data  -----%%\n%% system MVA base\nmpc.baseMVA = ";
  num(base_);
  out_ += ";\n";
}

void Writer::buses() {
  const std::size_t n = net_.n_buses();
  std::vector<double> pd(n, 0.0), qd(n, 0.0), gs(n, 0.0), bs(n, 0.0);
  for (std::size_t k = 0; k < net_.loads.size(); ++k) {
    if (!net_.loads.in_service[k]) continue;
    pd[net_.loads.bus[k]] += net_.loads.p_pu[k];
    qd[net_.loads.bus[k]] += net_.loads.q_pu[k];
  }
  for (std::size_t k = 0; k < net_.shunts.size(); ++k) {
    if (!net_.shunts.in_service[k]) continue;
    gs[net_.shunts.bus[k]] += net_.shunts.g_pu[k];
    bs[net_.shunts.bus[k]] += net_.shunts.b_pu[k];
  }
  const auto& b = net_.buses;
  out_ += "\n%% bus data\n%\tbus_i\ttype\tPd\tQd\tGs\tBs\tarea\tVm\tVa\tbaseKV\tzone\tVmax\tVmin\n";
  out_ += "mpc.bus = [\n";
  for (std::size_t i = 0; i < n; ++i) {
    out_ += '\t';
    out_ += std::to_string(b.id[i]) + '\t' + std::to_string(static_cast<int>(b.type[i]));
    sep(), mw(pd[i]), sep(), mw(qd[i]), sep(), mw(gs[i]), sep(), mw(bs[i]), sep();
    out_ += std::to_string(b.area[i]);
    sep(), num(b.vm_pu[i]), sep(), deg(b.va_rad[i]), sep(), num(b.base_kv[i]), sep();
    out_ += std::to_string(b.zone[i]);
    sep(), num(b.vmax_pu[i]), sep(), num(b.vmin_pu[i]);
    out_ += ";\n";
  }
  out_ += "];\n";
}

void Writer::gens() {
  const auto& g = net_.gens;
  out_ +=
      "\n%% generator data\n%\tbus\tPg\tQg\tQmax\tQmin\tVg\tmBase\tstatus\tPmax\tPmin\tPc1\tPc2"
      "\tQc1min\tQc1max\tQc2min\tQc2max\tramp_agc\tramp_10\tramp_30\tramp_q\tapf\n";
  out_ += "mpc.gen = [\n";
  for (std::size_t k = 0; k < g.size(); ++k) {
    out_ += '\t';
    out_ += std::to_string(net_.buses.id[g.bus[k]]);
    sep(), mw(g.pg_pu[k]), sep(), mw(g.qg_pu[k]), sep(), mw(g.qmax_pu[k]), sep(), mw(g.qmin_pu[k]);
    sep(), num(g.vg_pu[k]), sep(), num(g.mbase_mva[k]), sep();
    out_ += g.in_service[k] ? '1' : '0';
    sep(), mw(g.pmax_pu[k]), sep(), mw(g.pmin_pu[k]);
    for (const auto* v : {&g.pc1_mw, &g.pc2_mw, &g.qc1min_mvar, &g.qc1max_mvar, &g.qc2min_mvar,
                          &g.qc2max_mvar, &g.ramp_agc, &g.ramp_10, &g.ramp_30, &g.ramp_q, &g.apf}) {
      sep(), num((*v)[k]);
    }
    out_ += ";\n";
  }
  out_ += "];\n";
}

void Writer::branches() {
  const auto& br = net_.branches;
  out_ +=
      "\n%% branch data\n%\tfbus\ttbus\tr\tx\tb\trateA\trateB\trateC\tratio\tangle\tstatus"
      "\tangmin\tangmax\n";
  out_ += "mpc.branch = [\n";
  for (std::size_t k = 0; k < br.size(); ++k) {
    out_ += '\t';
    out_ += std::to_string(net_.buses.id[br.from_bus[k]]) + '\t' +
            std::to_string(net_.buses.id[br.to_bus[k]]);
    sep(), num(br.r_pu[k]), sep(), num(br.x_pu[k]), sep(), num(br.b_pu[k]);
    sep(), mw(br.rate_a_pu[k]), sep(), mw(br.rate_b_pu[k]), sep(), mw(br.rate_c_pu[k]), sep();
    num(br.transformer[k] ? br.tap_ratio[k] : 0.0);
    sep(), deg(br.shift_rad[k]), sep();
    out_ += br.in_service[k] ? '1' : '0';
    sep(), deg(br.angmin_rad[k]), sep(), deg(br.angmax_rad[k]);
    out_ += ";\n";
  }
  out_ += "];\n";
}

// Rows are padded with zeros to the widest (a MATLAB matrix is rectangular).
void Writer::gen_costs() {
  const auto& c = net_.gen_costs;
  if (c.size() == 0) return;
  std::size_t width = 0;
  for (std::size_t k = 0; k < c.size(); ++k) width = std::max(width, c.count(k));
  out_ +=
      "\n%%-----  OPF Data  -----%%\n%% generator cost data\n"
      "%\t1\tstartup\tshutdown\tn\tx1\ty1\t...\txn\tyn\n"
      "%\t2\tstartup\tshutdown\tn\tc(n-1)\t...\tc0\n";
  out_ += "mpc.gencost = [\n";
  for (std::size_t k = 0; k < c.size(); ++k) {
    const bool linear = c.model[k] == core::CostModel::kPiecewiseLinear;
    out_ += '\t';
    out_ += linear ? '1' : '2';
    sep(), num(c.startup[k]), sep(), num(c.shutdown[k]), sep();
    out_ += std::to_string(linear ? c.count(k) / 2 : c.count(k));
    for (std::size_t j = 0; j < width; ++j) {
      sep(), num(j < c.count(k) ? c.data[c.offset[k] + j] : 0.0);
    }
    out_ += ";\n";
  }
  out_ += "];\n";
}

void Writer::bus_names() {
  const auto& names = net_.buses.name;
  if (std::all_of(names.begin(), names.end(), [](const auto& s) { return s.empty(); })) return;
  out_ += "\n%% bus names\nmpc.bus_name = {\n";
  for (const auto& name : names) {
    out_ += "\t'";
    for (char ch : name) {
      out_ += ch;
      if (ch == '\'') out_ += '\'';  // MATLAB escapes a quote by doubling it
    }
    out_ += "';\n";
  }
  out_ += "};\n";
}

std::string Writer::run(std::string_view function_name) {
  out_.reserve(256 * (net_.n_buses() + net_.n_branches() + net_.n_gens()) + 4096);
  header(function_name);
  buses();
  gens();
  branches();
  gen_costs();
  bus_names();
  return std::move(out_);
}

std::string function_name_for(const std::filesystem::path& file) {
  std::string name = file.stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  }
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) name = "case_" + name;
  return name;
}

}  // namespace

std::string format_matpower(const core::Network& net, std::string_view function_name) {
  return Writer(net).run(function_name);
}

void write_matpower(const core::Network& net, const std::filesystem::path& file) {
  const std::string text = format_matpower(net, function_name_for(file));
  const auto temp =
      file.parent_path() / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(temp, ec);
      throw Error("cannot write " + file.string() + " (disk full or not writable?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, file, ec);
  if (ec) throw Error("cannot write " + file.string() + ": " + ec.message());
}

}  // namespace gat::io
