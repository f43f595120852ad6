// DC-OPF over the hours of a scenario (core::Scenario: each hour's load per bus; its generator
// set-points are not used, the OPF dispatches), hour by hour. Hours are independent (no ramping or
// storage links them), so a caller may cut them into ranges of consecutive hours solved anywhere
// (the study `gat opf dc --profile` makes each range a chunk of its run). Within a range one LP
// model is kept and each hour only changes the balance rows' bounds, so HiGHS restarts the dual
// simplex from the previous hour's basis; a range's first hour starts from the base case's optimal
// basis (rolling_seed_basis). Quadratic costs (a QP) are solved from scratch every hour; hours
// that Ipopt solves (qp_solver "ipopt", or HiGHS's QP fallback) run one at a time in the
// process, as MUMPS inside Ipopt is not re-entrant.
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

struct HourOutcome {
  std::int64_t hour = 0;
  double load_scale = 1.0;
  OpfStatus status = OpfStatus::kNotConverged;
  std::string message;
  std::string solver;  // DcOpfResult::solver
  double objective = 0.0;
  std::int64_t iterations = 0;
  bool hot_started = false;
  std::size_t n_binding = 0;
};

// The base case's optimal basis, from which every range of hours starts; empty for a QP (HiGHS
// has no basis to offer) or when the base case is not optimal.
LpBasis rolling_seed_basis(const core::Network& net, const core::Topology& topo,
                           const DcOpfOptions& options);

// Receives each hour's full result, in hour order, with the hour's index in the scenario.
using HourSink = std::function<void(std::size_t index, const DcOpfResult& result)>;

// Solves the scenario's hours [first, first + count) in order on the calling thread, one
// model, starting from `seed`.
std::vector<HourOutcome> solve_rolling_dc_opf(const core::Network& net, const core::Topology& topo,
                                              const core::Scenario& scenario, std::size_t first,
                                              std::size_t count, const DcOpfOptions& options,
                                              const LpBasis& seed, const HourSink& sink = {});

}  // namespace gat::opf
