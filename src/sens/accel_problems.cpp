#include "gat/sens/accel_problems.hpp"

namespace gat::sens {

namespace {

// As DcModel::Solver::add: row u of the right-hand side goes to its pivotal position, scaled.
void put(SparseColumns& c, std::size_t entry, const linalg::FactoredSolver& lu,
         std::int32_t unknown, double value) {
  if (unknown < 0) return;
  const auto k = lu.rhs_position(unknown);
  c.pos[entry] = k;
  c.value[entry] = value * lu.rhs_scale(k);
}

}  // namespace

SparseColumns injection_columns(const DcModel& model, std::span<const std::int32_t> buses) {
  SparseColumns c{std::vector<std::int32_t>(2 * buses.size(), -1),
                  std::vector<double>(2 * buses.size(), 0.0)};
  for (std::size_t j = 0; j < buses.size(); ++j)
    put(c, 2 * j, model.factored(), model.unknown(static_cast<std::size_t>(buses[j])), 1.0);
  return c;
}

SparseColumns transfer_columns(const DcModel& model, std::span<const std::int32_t> branches) {
  SparseColumns c{std::vector<std::int32_t>(2 * branches.size(), -1),
                  std::vector<double>(2 * branches.size(), 0.0)};
  for (std::size_t j = 0; j < branches.size(); ++j) {
    const auto k = static_cast<std::size_t>(branches[j]);
    if (!model.active(k)) continue;
    put(c, 2 * j, model.factored(), model.unknown(static_cast<std::size_t>(model.from_bus(k))),
        1.0);
    put(c, 2 * j + 1, model.factored(), model.unknown(static_cast<std::size_t>(model.to_bus(k))),
        -1.0);
  }
  return c;
}

GatherRows gather_rows(const DcModel& model, std::span<const std::int32_t> branches) {
  GatherRows r;
  r.b.reserve(branches.size());
  for (auto k : branches) {
    r.b.push_back(model.susceptance()[k]);
    r.from.push_back(model.from_row(k));
    r.to.push_back(model.to_row(k));
  }
  return r;
}

}  // namespace gat::sens
