#include "gat/io/arrow/bus_weights.hpp"

#include <string>

#include "gat/core/error.hpp"
#include "gat/io/arrow/table.hpp"
#include "io/arrow/columns.hpp"

namespace gat::io {

std::vector<double> read_bus_weights(const std::filesystem::path& file, const core::Network& net) {
  const auto table = read_table(file);
  const std::string name = file.string();
  const auto bus = detail::int_column(*table, "bus_id", name);
  const auto weight = detail::double_column(*table, "weight", name);
  std::vector<double> w(net.n_buses(), 0.0);
  for (std::size_t r = 0; r < bus.size(); ++r) {
    const auto it = net.bus_index.find(bus[r]);
    if (it == net.bus_index.end())
      throw InputError(name, r + 2, "no bus " + std::to_string(bus[r]));
    if (weight[r] < 0) throw InputError(name, r + 2, "negative slack weight");
    w[it->second] += weight[r];
  }
  return w;
}

}  // namespace gat::io
