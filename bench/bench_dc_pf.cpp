// Times gat's DC power flow on one case the way bench/dc_pf.py times the peers: case load
// once, then the solve (topology + B' assembly + KLU + flows) repeated. Prints one JSON line.
//   bench_dc_pf CASE [REPEAT]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gat/core/error.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/dc_power_flow.hpp"

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_dc_pf CASE [REPEAT]\n");
    return 2;
  }
  const int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 20;
  try {
    auto t0 = std::chrono::steady_clock::now();
    const auto net = gat::io::load_case(argv[1]);
    const double load_s = seconds_since(t0);
    // Cold: topology, B' assembly, KLU analyze + factor, solve, flows, from scratch each time.
    std::vector<double> solve_s, resolve_s;
    double checksum = 0;
    for (int i = 0; i < repeat; ++i) {
      t0 = std::chrono::steady_clock::now();
      const auto topo = gat::core::analyze_topology(net);
      const auto result = gat::pf::solve_dc_power_flow(net, topo);
      solve_s.push_back(seconds_since(t0));
      if (!result.all_solved()) throw gat::Error("DC power flow did not solve every island");
      checksum = result.pf_pu.empty() ? 0 : result.pf_pu.front();
    }
    // Warm: another injection pattern on the kept factorization (what an hour of a batch costs).
    const auto topo = gat::core::analyze_topology(net);
    gat::pf::DcPowerFlow dc(net, topo);
    for (int i = 0; i < repeat; ++i) {
      t0 = std::chrono::steady_clock::now();
      const auto result = dc.solve();
      resolve_s.push_back(seconds_since(t0));
    }
    std::sort(solve_s.begin(), solve_s.end());
    std::sort(resolve_s.begin(), resolve_s.end());
    std::printf(
        "{\"case\":\"%s\",\"buses\":%zu,\"load_s\":%.6f,\"solve_median_s\":%.6f,"
        "\"solve_min_s\":%.6f,\"resolve_min_s\":%.6f,\"repeat\":%d,\"pf0\":%.9g}\n",
        net.name.c_str(), net.n_buses(), load_s, solve_s[solve_s.size() / 2], solve_s[0],
        resolve_s[0], repeat, checksum);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_dc_pf: %s\n", e.what());
    return 1;
  }
  return 0;
}
