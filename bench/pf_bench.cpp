// gat_pf_bench: times gat's AC power flow the way bench/bench_pf.py times its peers, and prints
// one JSON object on stdout.
//
//   gat_pf_bench CASE [--start flat|case] [--repeat N] [--hours H --threads T] [--tol 1e-8]
//
// single solve: the case read once (not timed), then per repeat
//   setup_s   building the solver: Ybus, island matrices, Jacobian pattern, KLU analysis
//   solve_s   one solve on a built solver (what a peer's repeated solve call costs)
// batch (--hours H): H hours of loads and generator set-points scaled by a smooth
// daily/seasonal profile, solved with
// gat::pf::solve_batch on T threads, warm start hour to hour; batch_s is the wall clock of the
// whole batch (solver setup per thread included).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/ac_power_flow.hpp"
#include "gat/pf/batch_power_flow.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Process CPU seconds: steadier than the wall clock on a shared machine.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Args {
  std::string case_name;
  std::string start = "flat";
  int repeat = 10;
  int hours = 0;
  int threads = 1;
  double tol = 1e-8;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "gat_pf_bench: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--start") {
      a.start = next();
    } else if (arg == "--repeat") {
      a.repeat = std::stoi(next());
    } else if (arg == "--hours") {
      a.hours = std::stoi(next());
    } else if (arg == "--threads") {
      a.threads = std::stoi(next());
    } else if (arg == "--tol") {
      a.tol = std::stod(next());
    } else if (a.case_name.empty()) {
      a.case_name = arg;
    } else {
      std::fprintf(stderr, "gat_pf_bench: unexpected argument %s\n", arg.c_str());
      std::exit(2);
    }
  }
  if (a.case_name.empty()) {
    std::fprintf(stderr,
                 "usage: gat_pf_bench CASE [--start flat|case] [--repeat N] "
                 "[--hours H --threads T] [--tol TOL]\n");
    std::exit(2);
  }
  return a;
}

// A year of hourly scale factors for loads and generation: daily and seasonal cycles between
// 0.94 and 1.04 (case13659pegase, the most stressed case, fails to converge above about 1.05).
std::vector<double> load_scale_profile(int hours) {
  std::vector<double> scale(static_cast<std::size_t>(hours));
  constexpr double kPi = 3.14159265358979323846;
  for (int h = 0; h < hours; ++h) {
    const double day = std::sin(2 * kPi * ((h % 24) - 9) / 24.0);
    const double season = std::cos(2 * kPi * h / 8760.0);
    scale[static_cast<std::size_t>(h)] = 0.99 + 0.04 * day + 0.01 * season;
  }
  return scale;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? NAN : v[v.size() / 2];
}

void print_list(const char* name, const std::vector<double>& v) {
  std::printf("\"%s\": [", name);
  for (std::size_t i = 0; i < v.size(); ++i) std::printf("%s%.9g", i ? ", " : "", v[i]);
  std::printf("]");
}

}  // namespace

int main(int argc, char** argv) {
  const auto args = parse(argc, argv);
  const auto net = gat::io::load_case(args.case_name);
  const auto topo = gat::core::analyze_topology(net);
  gat::pf::AcPfOptions options;
  options.tol_pu = args.tol;
  options.start = args.start == "case" ? gat::pf::StartPoint::kCase : gat::pf::StartPoint::kFlat;

  std::vector<double> setup_s, solve_s, setup_cpu_s, solve_cpu_s;
  gat::pf::AcPfResult result;
  for (int r = 0; r < args.repeat; ++r) {
    auto t0 = Clock::now();
    double c0 = cpu_seconds();
    gat::pf::AcPowerFlow pf(net, topo, options);
    setup_s.push_back(seconds_since(t0));
    setup_cpu_s.push_back(cpu_seconds() - c0);
    t0 = Clock::now();
    c0 = cpu_seconds();
    pf.solve(result);
    solve_s.push_back(seconds_since(t0));
    solve_cpu_s.push_back(cpu_seconds() - c0);
  }
  // Repeated solves on one built solver (KLU numeric factorization reused as well).
  std::vector<double> resolve_s, resolve_cpu_s;
  {
    gat::pf::AcPowerFlow pf(net, topo, options);
    for (int r = 0; r < args.repeat; ++r) {
      const auto t0 = Clock::now();
      const double c0 = cpu_seconds();
      pf.solve(result);
      resolve_s.push_back(seconds_since(t0));
      resolve_cpu_s.push_back(cpu_seconds() - c0);
    }
  }

  std::printf("{\"case\": \"%s\", \"buses\": %zu, \"start\": \"%s\", \"tol\": %g, ",
              net.name.c_str(), net.n_buses(), args.start.c_str(), args.tol);
  std::printf("\"converged\": %s, \"iterations\": %d, ", result.all_solved() ? "true" : "false",
              result.iterations);
  print_list("setup_s", setup_s);
  std::printf(", ");
  print_list("solve_s", solve_s);
  std::printf(", ");
  print_list("resolve_s", resolve_s);
  for (auto [name, v] :
       {std::pair{"setup_cpu_s", &setup_cpu_s}, std::pair{"solve_cpu_s", &solve_cpu_s},
        std::pair{"resolve_cpu_s", &resolve_cpu_s}}) {
    std::printf(", ");
    print_list(name, *v);
  }
  std::printf(", \"best_solve_s\": %.9g, \"median_solve_s\": %.9g",
              *std::min_element(solve_s.begin(), solve_s.end()), median(solve_s));

  if (args.hours > 0) {
    gat::core::Scenario profile(net);
    const auto scale = load_scale_profile(args.hours);
    // Loads and generator set-points follow the profile together, so the slack takes the
    // change in losses, not the whole change in load.
    for (int h = 0; h < args.hours; ++h) {
      const double s = scale[static_cast<std::size_t>(h)];
      profile.add_hour(h, s, s);
    }
    gat::pf::BatchOptions batch;
    batch.pf = options;
    batch.threads = args.threads;
    const auto t0 = Clock::now();
    const double c0 = cpu_seconds();
    const auto out = gat::pf::solve_batch(net, topo, profile, batch);
    const double batch_s = seconds_since(t0);
    const double batch_cpu_s = cpu_seconds() - c0;
    std::size_t converged = 0;
    long iterations = 0;
    for (const auto& h : out.hours) {
      converged += h.converged();
      iterations += h.iterations;
    }
    std::printf(
        ", \"hours\": %d, \"threads\": %d, \"batch_s\": %.9g, \"batch_cpu_s\": %.9g, "
        "\"hours_converged\": %zu, \"mean_iterations\": %.3f",
        args.hours, args.threads, batch_s, batch_cpu_s, converged,
        static_cast<double>(iterations) / args.hours);
  }
  std::printf("}\n");
  return 0;
}
