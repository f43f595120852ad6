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

}  // namespace gat::io
