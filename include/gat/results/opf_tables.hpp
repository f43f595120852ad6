// Optimal power flow results as tables (schemas: docs/schemas/opf.md).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/table.hpp"
#include "gat/opf/ac_opf.hpp"
#include "gat/opf/ac_recheck.hpp"
#include "gat/opf/dc_opf.hpp"
#include "gat/opf/rolling_dc_opf.hpp"

namespace gat::results {

using io::NamedTable;

inline constexpr int kOpfSchemaVersion = 2;  // 2: no solve times; solver, notes

// Tables "summary", "bus", "branch", "gen" and "binding" of one DC-OPF.
std::vector<NamedTable> dc_opf_tables(const core::Network& net, const core::Topology& topo,
                                      const opf::DcOpfResult& result, const std::string& run_id);

// The same tables for an AC-OPF, with voltage magnitudes, reactive power and their prices.
std::vector<NamedTable> ac_opf_tables(const core::Network& net, const core::Topology& topo,
                                      const opf::AcOpfResult& result, const std::string& run_id);

// Collects a rolling DC-OPF hour by hour (record() may be called concurrently for different
// hours) and turns it into tables "hour", "bus", "gen", "branch" and "binding", each with an
// hour column.
class RollingDcOpfRecorder {
 public:
  RollingDcOpfRecorder(const core::Network& net, std::size_t n_hours);
  ~RollingDcOpfRecorder();
  void record(std::size_t index, const opf::DcOpfResult& result);
  std::vector<NamedTable> tables(std::span<const opf::HourOutcome> hours,
                                 const std::string& run_id) const;

 private:
  struct Hour;
  const core::Network& net_;
  std::vector<std::unique_ptr<Hour>> hours_;
};

// Table "ac_check" of a rolling DC-OPF run with --ac-recheck: one row per hour checked.
NamedTable ac_check_table(std::span<const std::int64_t> hours,
                          std::span<const opf::AcRecheck> checks, const std::string& run_id);

}  // namespace gat::results
