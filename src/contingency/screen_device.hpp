// The device path of screen_dc (accel::Device::screen_dc does the work), and the pieces of
// the CPU path it shares.
#pragma once

#include <span>
#include <vector>

#include "gat/contingency/dc_screen.hpp"
#include "gat/sens/dc_model.hpp"

namespace gat::contingency::detail {

// Status of every outage before screening: not in service, islanding (graph bridges and
// splitting sets), or to be screened. Throws UsageError for an empty or out-of-range outage.
std::vector<ContingencySummary> classify(const sens::DcModel& model,
                                         std::span<const Outage> outages);

DcScreenResult screen_dc_device(const core::Network& net, const core::Topology& topo,
                                std::span<const Outage> outages, std::span<const double> p_bus,
                                std::size_t n_hours, const DcScreenOptions& options);

}  // namespace gat::contingency::detail
