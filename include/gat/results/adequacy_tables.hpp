// The adequacy studies' tables (schemas: docs/schemas/adequacy.md).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gat/adequacy/capacity_sample.hpp"
#include "gat/adequacy/elcc.hpp"
#include "gat/adequacy/estimate.hpp"
#include "gat/adequacy/fixed_sum.hpp"
#include "gat/io/arrow/table.hpp"

namespace gat::results {

inline constexpr int kAdequacySchemaVersion = 1;

// "adequacy_indices": one row per method and index.
struct IndexRows {
  std::vector<std::string> method, index, unit;
  std::vector<double> value, std_error, ci95_low, ci95_high, cov;
  std::vector<std::int64_t> samples;
  std::vector<bool> sampled;
  void add(const std::string& method, const std::string& index, double value,
           const std::string& unit);  // exact: no error, no samples
  void add(const std::string& method, const std::string& index, const adequacy::Estimate& e,
           const std::string& unit);
  io::NamedTable table(const std::string& run_id) const;
};

// "adequacy_elcc": one row per method.
struct ElccRows {
  std::vector<std::string> method, of;
  std::vector<double> elcc, se, low, high, without, with;
  std::vector<std::int64_t> years;
  std::vector<bool> sampled;
  // years: sampled years (0 and not sampled for the exact COPT method).
  void add(const std::string& method, const std::string& of, const adequacy::ElccResult& e,
           std::int64_t years, bool sampled);
  io::NamedTable table(const std::string& run_id) const;
};

// "adequacy_years": every method's sampled years [first, first + n), in method order.
io::NamedTable adequacy_years_table(const std::vector<std::string>& methods,
                                    const std::vector<adequacy::YearIndices>& years,
                                    std::size_t first, const std::string& run_id);

// "adequacy_scenarios": scenarios [first, first + n) of a capacity check.
io::NamedTable adequacy_scenarios_table(std::int64_t first, std::span<const std::int32_t> lol_hours,
                                        std::span<const double> unserved_mwh,
                                        const std::string& run_id);

// "adequacy_hours": each hour's loss-of-load scenarios and mean unserved energy over
// n_scenarios (the sums exact, FixedSum).
io::NamedTable adequacy_hours_table(std::span<const std::int32_t> hours,
                                    std::span<const double> load_mw,
                                    const std::vector<std::int64_t>& lol,
                                    const std::vector<adequacy::FixedSum>& unserved,
                                    std::int64_t n_scenarios, const std::string& run_id);

}  // namespace gat::results
