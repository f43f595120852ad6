// The AC post-check of a rolling DC-OPF ("forecast → DC-OPF → post-checks"): what the DC
// model left out, checked hour by hour on the hour's own load.
//
//   1. An AC power flow (Newton, pf::AcPowerFlow) of the DC-OPF's dispatch: every in-service
//      load's P and Q times the hour's scale (constant power factor), generator P at the
//      DC-OPF's dispatch, voltages at the generators' set-points; the reference generator
//      takes up the losses the DC model has not.
//   2. Limits: branch apparent power at either end against rate_a, bus voltages against
//      [Vmin, Vmax], generator P (the reference generator's) and Q against their limits.
//   3. An hour whose power flow does not converge, or breaks a limit, gets an AC-OPF of its
//      load (opf::solve_ac_opf): the dispatch that meets every AC limit, and its cost.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/scenario.hpp"
#include "gat/core/topology.hpp"
#include "gat/opf/ac_opf.hpp"
#include "gat/opf/dc_opf.hpp"
#include "gat/pf/ac_power_flow.hpp"

namespace gat::opf {

struct AcRecheck {
  bool pf_converged = false;
  // Of the power flow; NaN when it did not converge.
  double max_loading_pct = 0.0;  // largest branch apparent power over rate_a, either end
  std::int32_t n_overloads = 0;  // branches above rate_a
  double min_vm_pu = 0.0, max_vm_pu = 0.0;
  std::int32_t n_voltage_violations = 0;  // buses outside [Vmin, Vmax]
  std::int32_t n_gen_violations = 0;      // generators outside their P or Q limits
  bool violated() const;                  // not converged, or any limit broken
  // The AC-OPF of a violated hour (not run otherwise).
  bool ac_opf_run = false;
  OpfStatus ac_opf_status = OpfStatus::kNotConverged;
  std::string ac_opf_message;
  double ac_opf_objective = 0.0;  // $/h
};

// Checks the hours of one network, one after another (not thread-safe: one per thread).
class AcRechecker {
 public:
  AcRechecker(const core::Network& net, const core::Topology& topo, AcOpfOptions ac_opf = {});
  // Hour h of the scenario (its loads per bus), dispatched as `dc` (an optimal DC-OPF). The
  // AC-OPF of a violated hour scales each bus's loads to the hour's P and Q: UsageError for an
  // hour that puts load on a bus without one in the case.
  AcRecheck check(const core::Scenario& scenario, std::size_t h, const DcOpfResult& dc);

 private:
  const core::Network& net_;
  const core::Topology& topo_;
  AcOpfOptions ac_opf_;
  pf::AcPowerFlow pf_;
};

}  // namespace gat::opf
