// Power-flow results as tables (schemas: docs/schemas/pf.md).
#pragma once

#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/table.hpp"
#include "gat/pf/ac_power_flow.hpp"
#include "gat/pf/dc_power_flow.hpp"

namespace gat::results {

using io::NamedTable;

inline constexpr int kPfSchemaVersion = 1;

// Tables "bus", "branch", "gen" and "island" of a DC power flow.
std::vector<NamedTable> dc_pf_tables(const core::Network& net, const core::Topology& topo,
                                     const pf::DcPfResult& result, const std::string& run_id);

// Tables "bus", "branch", "gen" and "island" of an AC power flow: the DC columns plus
// reactive power, shunts, losses, MVA loading and iteration counts.
std::vector<NamedTable> ac_pf_tables(const core::Network& net, const core::Topology& topo,
                                     const pf::AcPfResult& result, const std::string& run_id);

}  // namespace gat::results
