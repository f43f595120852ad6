// Contingencies and the hours they are screened in.
//
// A contingency is the simultaneous outage of one or more branches (N-1: one; N-2 and beyond:
// several). Hours are sets of bus injections built from the case and a load profile.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gat/core/network.hpp"

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

// A load profile: hour labels and, per hour, either one scale factor for every load or the
// active load of some buses.
//   scale form:  load_h = scale_h · load (all loads, P and Q)
//   bus form:    load_h(bus) = p_mw given for (hour, bus), other buses as in the case
// In both forms generation follows load: every in-service generator's scheduled output is
// multiplied by total load_h / total case load, so an hour stays as balanced as the case;
// the reference bus takes up the rest. Shunts are network elements and are not scaled.
struct LoadProfile {
  std::vector<std::int32_t> hours;  // labels, one per hour
  std::vector<double> scale;        // scale form: one per hour; empty in the bus form
  // bus form: one row per (hour, bus) given; hour_row indexes `hours`
  std::vector<std::int32_t> hour_row;
  std::vector<std::int32_t> bus_row;  // dense bus index
  std::vector<double> p_mw_row;

  std::size_t n_hours() const { return hours.size(); }
};

// Bus injections (p.u.: generation − load − shunt conductance), n_buses per hour,
// hour after hour. An empty profile gives the case itself as one hour (label 0).
std::vector<double> hourly_injections(const core::Network& net, const LoadProfile& profile);

}  // namespace gat::contingency
