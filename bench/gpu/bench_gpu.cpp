// bench_gpu: the GPU back end next to the CPU path in one process, on one machine.
//
//   bench_gpu copy [GiB]                         device copy bandwidth (the roofline)
//   bench_gpu screen CASE PROFILE HOURS THRESHOLD_PCT PRECISIONS [cpu|nocpu] [prune|noprune]
//        N-1 DC screen of every branch: CPU (every core) vs GPU per precision (f64,auto,f32),
//        violation sets compared exactly, phase times, achieved bandwidth and check rate
//   bench_gpu sens CASE                          LODF (monitored × all branches): CPU vs GPU
//   bench_gpu mismatch CASE PROFILE              batched AC mismatch: CPU vs GPU f64/f32
//   bench_gpu capacity CASE SCENARIOS HOURS      capacity check: CPU vs GPU
// One line per measurement, "| ... |" Markdown rows for bench/RESULTS.md.
#include <oneapi/tbb/info.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

#include "gat/adequacy/capacity.hpp"
#include "gat/contingency/dc_screen.hpp"
#include "gat/core/error.hpp"
#include "gat/core/topology.hpp"
#include "gat/gpu/cuda.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/ac_power_flow.hpp"
#include "gat/pf/mismatch.hpp"
#include "gat/results/nminus1_tables.hpp"
#include "gat/sens/lodf.hpp"

namespace {

using gat::accel::Precision;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::unique_ptr<gat::accel::Device> device() {
  gat::gpu::register_cuda_backend();
  return gat::accel::open("cuda");
}

int bench_copy(double gib) {
  auto d = device();
  const auto bytes = static_cast<std::size_t>(gib * (1u << 30));
  const double gbs = gat::gpu::copy_bandwidth_gbs(bytes, 20);
  std::printf("copy %s: %.2f GiB device-to-device, %.0f GB/s (read + write, median of 20)\n",
              d->info().name.c_str(), gib, gbs);
  std::printf("| copy bandwidth | %s | %.2f GiB D2D | %.0f GB/s |\n", d->info().name.c_str(), gib,
              gbs);
  return 0;
}

struct Screen {
  gat::core::Network net;
  gat::core::Topology topo;
  std::vector<gat::contingency::Outage> outages;
  std::vector<double> p_bus;
  std::size_t hours;
};

Screen load_screen(const std::string& name, const std::string& profile_file, std::size_t hours) {
  Screen s{gat::io::load_case(name), {}, {}, {}, 0};
  s.topo = gat::core::analyze_topology(s.net);
  s.outages = gat::contingency::all_branch_outages(s.net);
  const auto profile = gat::io::read_scenario(profile_file, s.net);
  s.hours = std::min(hours, profile.n_hours());
  s.p_bus = gat::contingency::hourly_injections(profile);
  s.p_bus.resize(s.hours * s.net.n_buses());  // the first `hours` hours
  return s;
}

auto key(const gat::contingency::Violation& v) {
  return std::tie(v.hour, v.contingency, v.branch);
}

// Violations in one and not the other, and common ones whose flows differ.
struct Diff {
  std::size_t only_a = 0, only_b = 0, flow_differs = 0;
  bool identical() const { return only_a == 0 && only_b == 0 && flow_differs == 0; }
};
Diff compare(const std::vector<gat::contingency::Violation>& a,
             const std::vector<gat::contingency::Violation>& b) {
  Diff d;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && key(a[i]) < key(b[j]))) {
      ++d.only_a, ++i;
    } else if (i == a.size() || key(b[j]) < key(a[i])) {
      ++d.only_b, ++j;
    } else {
      d.flow_differs += a[i].post_pu != b[j].post_pu || a[i].pre_pu != b[j].pre_pu;
      ++i, ++j;
    }
  }
  return d;
}

int bench_screen(const std::string& name, const std::string& profile, std::size_t hours,
                 double threshold_pct, const std::string& precisions, bool with_cpu, bool prune) {
  auto dev = device();
  const double copy_gbs = gat::gpu::copy_bandwidth_gbs(std::size_t{2} << 30, 10);
  const auto s = load_screen(name, profile, hours);
  gat::contingency::DcScreenOptions o;
  o.threshold = threshold_pct / 100.0;
  o.prune = prune;
  o.report.all = true;  // every violation: the device's own top-K, as measured before
  const std::string label = name + (prune ? "" : " (no pruning)");
  std::printf("screen %s: %zu buses, %zu branches, %zu outages, %zu hours, threshold %.0f %%%s\n",
              name.c_str(), s.net.n_buses(), s.net.n_branches(), s.outages.size(), s.hours,
              threshold_pct, prune ? "" : ", no pruning");
  gat::contingency::DcScreenResult cpu;
  double t_cpu = 0;
  if (with_cpu) {
    const auto t0 = Clock::now();
    cpu = gat::contingency::screen_dc(s.net, s.topo, s.outages, s.p_bus, s.hours, o);
    t_cpu = since(t0);
    const auto& st = cpu.stats;
    std::printf(
        "  cpu  %d threads: %.3f s (model %.3f, base flows %.3f, LODF + check %.3f), "
        "%zu monitored, %zu screened, %zu violations, pairs checked %.4f %%\n",
        tbb::info::default_concurrency(), t_cpu, st.seconds_model, st.seconds_base,
        st.seconds_screen, st.n_monitored, st.n_screened, cpu.violations.size(),
        100.0 * static_cast<double>(st.pairs_checked) / std::max<double>(1, st.pairs_total));
    std::printf("| %s | %zu h | cpu %d threads | %.3f s | | %zu violations | |\n", label.c_str(),
                s.hours, tbb::info::default_concurrency(), t_cpu, cpu.violations.size());
  }
  std::string list = precisions + ",";
  for (std::size_t p = list.find(','); p != std::string::npos;
       list.erase(0, p + 1), p = list.find(',')) {
    const auto precision = gat::accel::parse_precision(list.substr(0, p));
    o.device = dev.get();
    o.precision = precision;
    gat::contingency::DcScreenResult gpu;
    double best = 1e300;
    for (int rep = 0; rep < 2; ++rep) {  // the first includes module load and allocation
      const auto t0 = Clock::now();
      gpu = gat::contingency::screen_dc(s.net, s.topo, s.outages, s.p_bus, s.hours, o);
      best = std::min(best, since(t0));
    }
    const auto& d = gpu.stats.device;
    const double gbs = static_cast<double>(d.bytes_moved) / d.seconds_screen / 1e9;
    const double checks = static_cast<double>(d.checks) / d.seconds_screen;
    std::string verdict = "no cpu run";
    if (with_cpu) {
      const auto diff = compare(cpu.violations, gpu.violations);
      verdict = diff.identical() ? "identical to cpu"
                : precision == Precision::kF32 && diff.only_a + diff.only_b < 100
                    ? "f32: " + std::to_string(diff.only_a + diff.only_b) + " set differences"
                    : "DIFFERS: " + std::to_string(diff.only_a) + " only cpu, " +
                          std::to_string(diff.only_b) + " only gpu, " +
                          std::to_string(diff.flow_differs) + " flows";
    }
    std::printf(
        "  gpu  %s: %.3f s total (model %.3f, setup %.3f; device: upload %.3f, flows %.3f, "
        "LODF %.3f, plan %.3f, screen %.3f, re-check %.3f, order %.3f, download %.3f), %zu hour "
        "chunks\n",
        std::string(gat::accel::to_string(precision)).c_str(), best, gpu.stats.seconds_model,
        gpu.stats.seconds_base, d.seconds_upload, d.seconds_flows, d.seconds_lodf, d.seconds_plan,
        d.seconds_screen, d.seconds_recheck, d.seconds_order, d.seconds_download, d.hour_chunks);
    std::printf(
        "       %zu violations (%s), %llu candidates; pairs checked %.4f %% (%.3g checks), %.3g "
        "checks/s "
        "(%.1f TFLOP/s at 2 per check), %.0f GB/s kernel traffic = %.0f %% of copy %.0f GB/s; "
        "speed-up %.1fx\n",
        gpu.violations.size(), verdict.c_str(), static_cast<unsigned long long>(d.candidates),
        100.0 * static_cast<double>(d.pairs_checked) / std::max<double>(1, d.pairs_total),
        static_cast<double>(d.checks), checks, 2 * checks / 1e12, gbs, 100 * gbs / copy_gbs,
        copy_gbs, with_cpu ? t_cpu / best : 0.0);
    std::printf(
        "| %s | %zu h | gpu %s | %.3f s | %.1fx | %zu violations, %s | screen %.4f s, %.3g "
        "checks/s, %.0f GB/s (%.0f %% of copy) |\n",
        label.c_str(), s.hours, std::string(gat::accel::to_string(precision)).c_str(), best,
        with_cpu ? t_cpu / best : 0.0, gpu.violations.size(), verdict.c_str(), d.seconds_screen,
        checks, gbs, 100 * gbs / copy_gbs);
    std::fflush(stdout);
  }
  return 0;
}

int bench_sens(const std::string& name) {
  auto dev = device();
  const auto net = gat::io::load_case(name);
  const auto topo = gat::core::analyze_topology(net);
  const gat::sens::DcModel model(net, topo);
  std::vector<std::int32_t> all(net.n_branches());
  std::iota(all.begin(), all.end(), 0);
  auto t0 = Clock::now();
  const auto cpu = gat::sens::lodf_columns(model, all, all);
  const double t_cpu = since(t0);
  gat::sens::lodf_columns(model, all, std::span(all).first(64), dev.get());  // warm-up
  t0 = Clock::now();
  const auto gpu = gat::sens::lodf_columns(model, all, all, dev.get());
  const double t_gpu = since(t0);
  const bool same = cpu.lodf.values == gpu.lodf.values;
  std::printf(
      "sens %s: full LODF %zu x %zu, cpu %.3f s, gpu %.3f s (incl. %.2f GB to the host), %s\n",
      name.c_str(), all.size(), all.size(), t_cpu, t_gpu,
      static_cast<double>(all.size() * all.size() * 8) / 1e9, same ? "identical" : "DIFFERS");
  std::printf("| %s | LODF %zu x %zu | cpu %.3f s | gpu %.3f s | %s |\n", name.c_str(), all.size(),
              all.size(), t_cpu, t_gpu, same ? "identical" : "DIFFERS");
  return same ? 0 : 1;
}

int bench_mismatch(const std::string& name, const std::string& profile_file) {
  auto dev = device();
  const auto net = gat::io::load_case(name);
  const auto topo = gat::core::analyze_topology(net);
  const auto profile = gat::io::read_scenario(profile_file, net);
  const auto r = gat::pf::solve_ac_power_flow(net, topo);
  const auto y = gat::pf::ybus_rows(gat::pf::build_ybus(net, topo));
  const std::size_t nb = net.n_buses(), nh = profile.n_hours();
  std::vector<double> vr(nb), vi(nb), p(nb * nh), q(nb * nh);
  std::vector<std::uint8_t> pc(nb), qc(nb);
  for (std::size_t i = 0; i < nb; ++i) {
    const double vm = std::isfinite(r.vm_pu[i]) ? r.vm_pu[i] : 1.0;
    const double va = std::isfinite(r.va_rad[i]) ? r.va_rad[i] : 0.0;
    vr[i] = vm * std::cos(va), vi[i] = vm * std::sin(va);
    pc[i] = r.bus_type[i] != gat::core::BusType::kRef && topo.bus_island[i] >= 0;
    qc[i] = r.bus_type[i] == gat::core::BusType::kPQ && topo.bus_island[i] >= 0;
  }
  for (std::size_t h = 0; h < nh; ++h) {
    profile.bus_injections(h, {p.data() + h * nb, nb}, {q.data() + h * nb, nb});
  }
  const gat::pf::MismatchInput in{nh, vr, vi, p, q, pc, qc, false};
  auto t0 = Clock::now();
  const auto cpu = gat::pf::power_mismatch(y, in);
  const double t_cpu = since(t0);
  for (auto precision : {Precision::kF64, Precision::kF32}) {
    gat::pf::power_mismatch(y, in, dev.get(), precision);  // warm-up
    t0 = Clock::now();
    const auto gpu = gat::pf::power_mismatch(y, in, dev.get(), precision);
    const double t_gpu = since(t0);
    double worst = 0;
    for (std::size_t h = 0; h < nh; ++h)
      worst = std::max(worst, std::abs(gpu.max_dp[h] - cpu.max_dp[h]));
    const bool same =
        gpu.max_dp == cpu.max_dp && gpu.max_dq == cpu.max_dq && gpu.worst_p_bus == cpu.worst_p_bus;
    std::printf(
        "mismatch %s %s: %zu hours, cpu %.4f s, gpu %.4f s (kernel %.4f s), %s, max |d max dP| "
        "%.3g p.u.\n",
        name.c_str(), std::string(gat::accel::to_string(precision)).c_str(), nh, t_cpu, t_gpu,
        gpu.seconds, same ? "identical" : "differs", worst);
    std::printf(
        "| %s | mismatch %zu h %s | cpu %.4f s | gpu %.4f s (kernel %.4f s) | %s, %.3g p.u. |\n",
        name.c_str(), nh, std::string(gat::accel::to_string(precision)).c_str(), t_cpu, t_gpu,
        gpu.seconds, same ? "identical" : "within tolerance?", worst);
  }
  return 0;
}

int bench_capacity(const std::string& name, std::size_t scenarios, std::size_t hours) {
  auto dev = device();
  const auto net = gat::io::load_case(name);
  const auto units = gat::adequacy::units_from_case(net);
  double installed = 0;
  for (double x : units.p_mw) installed += x;
  std::vector<double> load(hours);
  for (std::size_t h = 0; h < hours; ++h)
    load[h] =
        0.9 * installed * (0.75 + 0.25 * std::sin(3.14159 * static_cast<double>(h % 24) / 24));
  gat::adequacy::CapacityOptions o;
  o.seed = 7;
  o.n_scenarios = scenarios;
  auto t0 = Clock::now();
  const auto cpu = gat::adequacy::capacity_check(units, load, o);
  const double t_cpu = since(t0);
  o.device = dev.get();
  gat::adequacy::capacity_check(units, std::span(load).first(24), o);  // warm-up
  t0 = Clock::now();
  const auto gpu = gat::adequacy::capacity_check(units, load, o);
  const double t_gpu = since(t0);
  const bool same = cpu.raw.scenario_unserved_mwh == gpu.raw.scenario_unserved_mwh &&
                    cpu.raw.hour_unserved_mwh == gpu.raw.hour_unserved_mwh &&
                    cpu.raw.hour_lol_count == gpu.raw.hour_lol_count;
  const double draws = static_cast<double>(scenarios) * hours * units.size();
  std::printf(
      "capacity %s: %zu scenarios x %zu hours x %zu units, LOLE %.3f h, EUE %.1f MWh; "
      "cpu %.3f s, gpu %.3f s (kernels %.3f s, %.3g draws/s), %s\n",
      name.c_str(), scenarios, hours, units.size(), cpu.lole_hours, cpu.eue_mwh, t_cpu, t_gpu,
      gpu.raw.seconds, draws / gpu.raw.seconds, same ? "identical" : "DIFFERS");
  std::printf("| %s | capacity %zu x %zu x %zu | cpu %.3f s | gpu %.3f s | %.1fx | %s |\n",
              name.c_str(), scenarios, hours, units.size(), t_cpu, t_gpu, t_cpu / t_gpu,
              same ? "identical" : "DIFFERS");
  return same ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> a(argv + 1, argv + argc);
  try {
    if (!a.empty() && a[0] == "copy") return bench_copy(a.size() > 1 ? std::stod(a[1]) : 4.0);
    if (a.size() >= 6 && a[0] == "screen")
      return bench_screen(a[1], a[2], std::stoul(a[3]), std::stod(a[4]), a[5],
                          a.size() < 7 || a[6] != "nocpu", a.size() < 8 || a[7] != "noprune");
    if (a.size() >= 2 && a[0] == "sens") return bench_sens(a[1]);
    if (a.size() >= 3 && a[0] == "mismatch") return bench_mismatch(a[1], a[2]);
    if (a.size() >= 4 && a[0] == "capacity")
      return bench_capacity(a[1], std::stoul(a[2]), std::stoul(a[3]));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_gpu: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "usage: see the head of bench/gpu/bench_gpu.cpp\n");
  return 2;
}
