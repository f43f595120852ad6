// Times gat's N-1 screening the way bench/nminus1.py times its peers; one JSON line on stdout.
//
//   gat_nminus1_bench CASE [--hours H] [--threads N] [--no-prune] [--new-or-worse] [--repeat R]
//                     [--ac N]
//
// DC: every in-service branch as a single outage, every rated branch monitored (rate A), H
// hours of a load profile (a daily sine around the case's load: scale 0.8 … 1.05, generation
// following), threshold 100 %. Times the screen (B' model, base flows, LODF tiles + fused
// check) after the case is loaded; best of R. Every violation is kept, as the peers of
// nminus1.py count them; --new-or-worse keeps gat's default report instead (new, or worse by
// more than 1 %: violation_filter.hpp), as `gat nminus1 dc` and nminus1_numpy.py do.
// --ac N: AC verification of the first N non-islanding outages (hour 0), timed per contingency.
#include <oneapi/tbb/global_control.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "gat/contingency/ac_verify.hpp"
#include "gat/contingency/dc_screen.hpp"
#include "gat/core/error.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"

namespace {

// CPU time of the whole process (every thread), seconds.
double process_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Args {
  std::string case_name;
  int hours = 1, threads = 0, repeat = 1, ac = 0;
  bool prune = true;
  bool all_violations = true;
};

Args parse(int argc, char** argv) {
  Args a;
  a.case_name = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string s = argv[i];
    auto next = [&] { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
    if (s == "--hours")
      a.hours = std::max(1, next());
    else if (s == "--threads")
      a.threads = next();
    else if (s == "--repeat")
      a.repeat = std::max(1, next());
    else if (s == "--ac")
      a.ac = next();
    else if (s == "--no-prune")
      a.prune = false;
    else if (s == "--new-or-worse")
      a.all_violations = false;
    else
      throw gat::UsageError("unknown argument " + s);
  }
  return a;
}

gat::core::Scenario daily_profile(const gat::core::Network& net, int hours) {
  gat::core::Scenario p(net);
  for (int h = 0; h < hours; ++h) {
    const double scale = 0.925 + 0.125 * std::sin(2 * std::numbers::pi * (h % 24 - 6) / 24.0);
    p.add_hour(h, scale, scale);
  }
  return p;
}

void ac_bench(const gat::core::Network& net, const gat::core::Topology& topo,
              const std::vector<gat::contingency::Outage>& outages, int n) {
  std::vector<gat::contingency::AcCase> cases;
  for (std::size_t c = 0; c < outages.size() && static_cast<int>(cases.size()) < n; ++c) {
    cases.push_back({static_cast<std::int32_t>(c), 0});
  }
  const double c0 = process_cpu_s();
  const auto r =
      gat::contingency::verify_ac(net, topo, outages, gat::core::Scenario::case_hour(net), cases);
  const double cpu = process_cpu_s() - c0;
  std::size_t converged = 0, solved = 0;
  for (const auto& o : r.outcomes) {
    converged += o.status == gat::contingency::AcStatus::kConverged;
    solved += o.status != gat::contingency::AcStatus::kIslanding;
  }
  std::printf(
      ",\"ac\":{\"cases\":%zu,\"solved\":%zu,\"converged\":%zu,\"base_s\":%.6f,"
      "\"contingencies_s\":%.6f,\"cpu_s\":%.6f,\"threads\":%d}",
      cases.size(), solved, converged, r.base.seconds, r.seconds_contingencies, cpu, r.threads);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: gat_nminus1_bench CASE [--hours H] [--threads N] [--no-prune] "
                 "[--new-or-worse] [--repeat R] [--ac N]\n");
    return 2;
  }
  try {
    const auto a = parse(argc, argv);
    std::unique_ptr<tbb::global_control> limit;
    if (a.threads > 0) {
      limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                    static_cast<std::size_t>(a.threads));
    }
    auto t0 = std::chrono::steady_clock::now();
    const auto net = gat::io::load_case(a.case_name);
    const double load_s = seconds_since(t0);
    const auto topo = gat::core::analyze_topology(net);
    const auto outages = gat::contingency::all_branch_outages(net);
    const auto p = gat::contingency::hourly_injections(daily_profile(net, a.hours));
    gat::contingency::DcScreenOptions options;
    options.prune = a.prune;
    options.report.all = a.all_violations;
    gat::contingency::DcScreenResult best;
    double best_s = 1e300, best_cpu = 1e300;
    for (int r = 0; r < a.repeat; ++r) {
      t0 = std::chrono::steady_clock::now();
      const double c0 = process_cpu_s();
      auto result = gat::contingency::screen_dc(net, topo, outages, p, a.hours, options);
      const double s = seconds_since(t0);
      best_cpu = std::min(best_cpu, process_cpu_s() - c0);
      if (s < best_s) {
        best_s = s;
        best = std::move(result);
      }
    }
    const auto& st = best.stats;
    std::printf(
        "{\"peer\":\"gat\",\"case\":\"%s\",\"hours\":%d,\"threads\":%d,\"prune\":%s,"
        "\"load_s\":%.6f,\"screen_s\":%.6f,\"screen_cpu_s\":%.6f,\"model_s\":%.6f,\"base_s\":%.6f,"
        "\"lodf_check_s\":%.6f,\"thread_s_lodf\":%.6f,\"thread_s_check\":%.6f,"
        "\"contingencies\":%zu,\"screened\":%zu,\"islanding\":%zu,\"monitored\":%zu,"
        "\"buses\":%zu,\"branches\":%zu,\"violations\":%zu,\"pairs_total\":%llu,"
        "\"pairs_checked\":%llu",
        net.name.c_str(), a.hours,
        static_cast<int>(
            tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism)),
        a.prune ? "true" : "false", load_s, best_s, best_cpu, st.seconds_model, st.seconds_base,
        st.seconds_screen, st.thread_seconds_lodf, st.thread_seconds_check, outages.size(),
        st.n_screened, st.n_islanding, st.n_monitored, net.n_buses(), net.n_branches(),
        best.violations.size(), static_cast<unsigned long long>(st.pairs_total),
        static_cast<unsigned long long>(st.pairs_checked));
    if (a.ac > 0) ac_bench(net, topo, outages, a.ac);
    std::printf("}\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gat_nminus1_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
