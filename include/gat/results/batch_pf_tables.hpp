// Batch power-flow results as tables with an `hour` column (schemas: docs/schemas/batch_pf.md,
// batch pf dc's in its "gat batch pf dc" section).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/io/arrow/table.hpp"
#include "gat/pf/batch_power_flow.hpp"
#include "gat/pf/dc_power_flow.hpp"

namespace gat::results {

using io::NamedTable;

inline constexpr int kBatchPfSchemaVersion = 1;
inline constexpr int kBatchPfDcSchemaVersion = 1;

// "hour_status": one row per hour (converged, iterations, mismatch, totals, voltage range).
NamedTable batch_status_table(const core::Network& net, const pf::BatchResult& result,
                              const std::string& run_id);

// "bus" (vm, va) and "branch" (flows) rows for every hour and element, as far as the result
// kept them.
std::vector<NamedTable> batch_hour_tables(const core::Network& net, const pf::BatchResult& result,
                                          const std::string& run_id);

// gat batch pf dc: "hour_status", "branch" and "bus" of DC power flows, an hour at a time.
class DcHourRecorder {
 public:
  // shunt_g: each bus's shunt conductance (p.u.), what a DC power flow's injection leaves out.
  DcHourRecorder(const core::Network& net, std::span<const double> shunt_g);
  // Hour `hour`'s solution, its per-bus load (p.u.) as solved.
  void record(std::int64_t hour, std::span<const double> load, const pf::DcPfResult& r);
  std::vector<NamedTable> tables(const std::string& run_id) const;

 private:
  const core::Network& net_;
  std::span<const double> shunt_g_;
  struct Hours {
    std::vector<std::int64_t> hour;
    std::vector<double> load_mw, gen_mw, max_loading_pct;
    std::vector<std::int32_t> islands_unsolved, n_overloads;
    std::vector<std::string> status, message;
  } hours_;
  struct Branches {
    std::vector<std::int64_t> hour, branch_id, from_bus, to_bus;
    std::vector<double> p_from_mw, loading_pct;
  } branches_;
  struct Buses {
    std::vector<std::int64_t> hour, bus_id;
    std::vector<double> va_deg, p_inj_mw;
  } buses_;
};

}  // namespace gat::results
