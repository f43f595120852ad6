#include "gat/core/network.hpp"

#include "gat/core/error.hpp"

namespace gat::core {

std::int32_t Network::bus_at(std::int64_t external_id) const {
  auto it = bus_index.find(external_id);
  if (it == bus_index.end()) {
    throw ModelError("bus " + std::to_string(external_id), "no such bus in " + name);
  }
  return it->second;
}

std::string Network::describe_branch(std::size_t k) const {
  return "branch " + std::to_string(branches.id[k]) + " (" +
         std::to_string(buses.id[branches.from_bus[k]]) + "-" +
         std::to_string(buses.id[branches.to_bus[k]]) + ")";
}

void Network::index_buses() {
  bus_index.clear();
  bus_index.reserve(buses.size());
  for (std::size_t i = 0; i < buses.size(); ++i) {
    auto [it, inserted] = bus_index.emplace(buses.id[i], static_cast<std::int32_t>(i));
    if (!inserted) {
      throw ModelError("bus " + std::to_string(buses.id[i]),
                       "duplicate bus number (rows " + std::to_string(it->second + 1) + " and " +
                           std::to_string(i + 1) + ")");
    }
  }
}

}  // namespace gat::core
