#include "gat/io/arrow/adequacy_year_table.hpp"

#include <cmath>
#include <vector>

namespace gat::io {

NamedTable adequacy_year_table(const std::string& method, std::span<const double> lol_hours,
                               std::span<const double> unserved_mwh, std::span<const double> events,
                               const std::string& run_id) {
  const std::size_t n = lol_hours.size();
  std::vector<std::int64_t> year(n), lol(n), event_count(n, 0);
  std::vector<bool> has_events(n, !events.empty());
  for (std::size_t y = 0; y < n; ++y) {
    year[y] = static_cast<std::int64_t>(y);
    lol[y] = std::llround(lol_hours[y]);
    if (!events.empty()) event_count[y] = std::llround(events[y]);
  }
  auto table = TableBuilder(static_cast<std::int64_t>(n))
                   .add_constant("method", method)
                   .add("year", year)
                   .add("lol_hours", lol)
                   .add("unserved_mwh", unserved_mwh)
                   .add("events", event_count, has_events)
                   .add_constant("run_id", run_id)
                   .finish("adequacy_years", kAdequacyYearsSchemaVersion);
  return {"adequacy_years", table};
}

}  // namespace gat::io
