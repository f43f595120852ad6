// AC power flow over the hours of a load profile.
//
// Hours are cut into blocks of consecutive hours (a day by default). Each block is solved hour
// by hour, every hour starting from the previous hour's solution (the first from the base
// case's solution), and blocks run in parallel on oneTBB threads, each thread with its own
// solver workspace (Ybus, Jacobian pattern and KLU analysis built once per thread, KLU
// refactorization per Newton iteration). Block boundaries depend only on the hour's position
// in the profile, so results do not depend on the thread count, nor on which chunk of hours a
// call solves. Every hour gets a status row: a non-converged hour never loses the others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/scenario.hpp"
#include "gat/core/topology.hpp"
#include "gat/pf/ac_power_flow.hpp"

namespace gat::pf {

struct BatchOptions {
  AcPfOptions pf;
  int threads = 0;           // 0: every core oneTBB sees
  int block_hours = 24;      // hours solved in sequence with warm start
  bool warm_start = true;    // false: every hour starts from the case (or flat) start
  bool keep_bus = false;     // keep vm, va of every bus for every hour
  bool keep_branch = false;  // keep branch flows for every hour
};

struct HourResult {
  std::int64_t hour = 0;
  IslandStatus status = IslandStatus::kSolved;  // the first island that did not solve, if any
  int iterations = 0;
  double max_mismatch_pu = 0;
  double load_p_pu = 0, load_q_pu = 0;  // served load (buses in solved islands)
  double gen_p_pu = 0, gen_q_pu = 0;
  double losses_p_pu = 0, losses_q_pu = 0;
  double min_vm_pu = 0, max_vm_pu = 0;
  std::string message;  // why it did not solve

  bool converged() const { return status == IslandStatus::kSolved; }
};

struct BatchResult {
  std::vector<HourResult> hours;
  std::size_t n_buses = 0;
  std::size_t n_branches = 0;
  // Hour-major (hour k of this result, bus i at k·n_buses + i), when kept.
  std::vector<double> vm_pu, va_rad;
  std::vector<double> pf_pu, qf_pu, pt_pu, qt_pu;
  int threads = 0;  // threads actually used
};

// Solves hours [first, first + count) of the scenario (clipped to its length). A call that
// starts inside a block solves the block's earlier hours too (without recording them), so the
// results are those of a call over the whole profile.
BatchResult solve_batch(const core::Network& net, const core::Topology& topo,
                        const core::Scenario& scenario, const BatchOptions& options,
                        std::size_t first = 0,
                        std::size_t count = std::numeric_limits<std::size_t>::max());

}  // namespace gat::pf
