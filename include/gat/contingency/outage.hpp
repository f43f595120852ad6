// Contingencies and the hours they are screened in.
//
// A contingency is the simultaneous outage of one or more branches (N-1: one; N-2 and beyond:
// several). Hours are sets of bus injections, the hours of a core::Scenario.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/scenario.hpp"

namespace gat::contingency {

struct Outage {
  std::vector<std::int32_t> branches;  // dense branch indices
};

// "12" or "12+40": the branch ids (case rows) of an outage.
std::string describe(const core::Network& net, const Outage& outage);

// One single-branch outage per in-service branch whose both ends are energizable (not on an
// isolated bus), in case order.
std::vector<Outage> all_branch_outages(const core::Network& net);

enum class Rating : std::uint8_t { kA, kB, kC };
// "a" | "b" | "c"; throws UsageError otherwise.
Rating parse_rating(std::string_view name);
// The chosen rating of every branch, p.u. (0 = unlimited).
const std::vector<double>& ratings(const core::Network& net, Rating rating);

// The DC bus injections (p.u.: generation − load − shunt conductance,
// Scenario::dc_bus_injections), n_buses per hour, hour after hour, for every hour of a scenario
// (Scenario::case_hour: the case itself as one hour). Hours in parallel (oneTBB).
std::vector<double> hourly_injections(const core::Scenario& scenario);
// Those of hours [first, first + n) only, into p (n_buses per hour).
void hourly_injections(const core::Scenario& scenario, std::size_t first, std::size_t n,
                       std::span<double> p);

}  // namespace gat::contingency
