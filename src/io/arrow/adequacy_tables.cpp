#include "gat/io/arrow/adequacy_tables.hpp"

#include "gat/core/error.hpp"
#include "io/arrow/columns.hpp"

namespace gat::io {

void read_forced_outage_rates(const std::filesystem::path& file, const core::Network& net,
                              adequacy::Units& units) {
  const auto table = read_table(file);
  const std::string name = file.string();
  const auto gen = detail::int_column(*table, "gen", name);
  const auto rate = detail::double_column(*table, "for", name);
  std::vector<std::int32_t> unit_of(net.n_gens(), -1);
  for (std::size_t u = 0; u < units.size(); ++u)
    unit_of[units.gen[u]] = static_cast<std::int32_t>(u);
  for (std::size_t r = 0; r < gen.size(); ++r) {
    const std::size_t line = r + 2;  // CSV: the header is line 1
    if (gen[r] < 1 || static_cast<std::size_t>(gen[r]) > net.n_gens())
      throw InputError(name, line, "no generator " + std::to_string(gen[r]) + " in the case");
    const auto u = unit_of[static_cast<std::size_t>(gen[r] - 1)];
    if (u < 0)
      throw InputError(
          name, line,
          "generator " + std::to_string(gen[r]) + " is not a unit (out of service or no P_max)");
    if (!(rate[r] >= 0.0 && rate[r] <= 1.0))
      throw InputError(name, line, "forced outage rate must lie in [0, 1]");
    units.forced_outage_rate[u] = rate[r];
  }
}

std::vector<NamedTable> adequacy_tables(std::span<const std::int32_t> hours,
                                        std::span<const double> load_mw,
                                        const adequacy::CapacityResult& result,
                                        std::size_t n_scenarios, const std::string& run_id) {
  const auto& raw = result.raw;
  const std::size_t nh = hours.size();
  const double ns = static_cast<double>(std::max<std::size_t>(1, n_scenarios));
  std::vector<std::int64_t> lol(nh);
  std::vector<double> lolp(nh), eue(nh);
  for (std::size_t h = 0; h < nh; ++h) {
    lol[h] = raw.hour_lol_count[h];
    lolp[h] = raw.hour_lol_count[h] / ns;
    eue[h] = raw.hour_unserved_mwh[h] / ns;
  }
  std::vector<std::int32_t> hour_labels(hours.begin(), hours.end());
  auto by_hour = TableBuilder(static_cast<std::int64_t>(nh))
                     .add("hour", std::span<const std::int32_t>(hour_labels))
                     .add("load_mw", load_mw)
                     .add("lol_scenarios", lol)
                     .add("lolp", lolp)
                     .add("unserved_mwh_mean", eue)
                     .add_constant("run_id", run_id)
                     .finish("adequacy_hours", kAdequacySchemaVersion);
  const std::size_t n = raw.scenario_lol_hours.size();
  std::vector<std::int64_t> scenario(n), lol_hours(n);
  for (std::size_t s = 0; s < n; ++s) {
    scenario[s] = static_cast<std::int64_t>(s);
    lol_hours[s] = raw.scenario_lol_hours[s];
  }
  auto by_scenario = TableBuilder(static_cast<std::int64_t>(n))
                         .add("scenario", scenario)
                         .add("lol_hours", lol_hours)
                         .add("unserved_mwh", raw.scenario_unserved_mwh)
                         .add_constant("run_id", run_id)
                         .finish("adequacy_scenarios", kAdequacySchemaVersion);
  return {{"adequacy_hours", by_hour}, {"adequacy_scenarios", by_scenario}};
}

}  // namespace gat::io
