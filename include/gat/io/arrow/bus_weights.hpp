// Per-bus weights of a distributed slack (sens, pf).
#pragma once

#include <filesystem>
#include <vector>

#include "gat/core/network.hpp"

namespace gat::io {

// Distributed slack weights (CSV or Parquet with columns bus_id and weight): one value per
// bus of the case, 0 for buses the file does not name.
std::vector<double> read_bus_weights(const std::filesystem::path& file, const core::Network& net);

}  // namespace gat::io
