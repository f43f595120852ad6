// DC-OPF over the hours of a scenario (core::Scenario: each hour's load per bus; its generator
// set-points are not used, the OPF dispatches), hour by hour. Hours are independent (no ramping or
// storage links them), so they are split into chunks of consecutive hours that run in parallel
// (oneTBB); inside a chunk one LP model is kept and each hour only changes the balance rows'
// bounds, so HiGHS restarts the dual simplex from the previous hour's basis. Every chunk's first
// hour starts from the base case's optimal basis. Quadratic costs (a QP) are solved from scratch
// every hour; hours that Ipopt solves (--qp-solver ipopt, or HiGHS's QP fallback) run one at a
// time in the process, as MUMPS inside Ipopt is not re-entrant.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/scenario.hpp"
#include "gat/core/topology.hpp"
#include "gat/opf/dc_opf.hpp"

namespace gat::opf {

struct RollingDcOpfOptions {
  DcOpfOptions dc;
  std::size_t chunk_hours = 0;  // consecutive hours per chunk; 0 chooses (~4 chunks per thread)
  bool parallel = true;         // false: one chunk, in order, on the calling thread
};

struct HourOutcome {
  std::int64_t hour = 0;
  double load_scale = 1.0;  // the hour's system-wide load scale (Scenario::load_scale)
  OpfStatus status = OpfStatus::kNotConverged;
  std::string message;
  std::string solver;  // DcOpfResult::solver
  double objective = 0.0;
  std::int64_t iterations = 0;
  double solve_time_s = 0.0;
  bool hot_started = false;
  std::size_t n_binding = 0;
};

// Receives each hour's full result; called from worker threads (concurrently for different
// chunks, in hour order within a chunk), with the hour's index in the scenario.
using HourSink = std::function<void(std::size_t index, const DcOpfResult& result)>;

std::vector<HourOutcome> solve_rolling_dc_opf(const core::Network& net, const core::Topology& topo,
                                              const core::Scenario& scenario,
                                              const RollingDcOpfOptions& options,
                                              const HourSink& sink = {});

}  // namespace gat::opf
