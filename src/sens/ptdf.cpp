#include "gat/sens/ptdf.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>

#include <array>
#include <numeric>

#include "gat/core/error.hpp"
#include "gat/sens/accel_problems.hpp"

namespace gat::sens {

namespace {

constexpr std::size_t kBlock = 32;  // right-hand sides per solve

std::vector<std::int32_t> all_branches(const DcModel& model) {
  std::vector<std::int32_t> rows(model.n_branches());
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

// The same columns solved on a device, written column-major as DenseMatrix holds them.
DenseMatrix device_columns(const DcModel& model, std::span<const std::int32_t> buses,
                           accel::Device& device, accel::Precision precision) {
  const auto rows = gather_rows(model, all_branches(model));
  const auto rhs = injection_columns(model, buses);
  DenseMatrix h(rows.b.size(), buses.size());
  device.branch_flows(
      {&model.factored(), buses.size(), rhs.pos, rhs.value, rows.view(), {}, precision}, h.values,
      {});
  return h;
}

// Reference-slack PTDF columns: H(:, j) = B_f B'_r⁻¹ e_bus[j].
DenseMatrix reference_slack_columns(const DcModel& model, std::span<const std::int32_t> buses,
                                    accel::Device* device, accel::Precision precision) {
  if (device != nullptr) return device_columns(model, buses, *device, precision);
  const auto rows = all_branches(model);
  const std::size_t nl = rows.size();
  DenseMatrix h(nl, buses.size());
  tbb::enumerable_thread_specific<DcModel::Solver> solvers([&] { return DcModel::Solver(model); });
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, buses.size(), kBlock), [&](const auto& r) {
    auto& solver = solvers.local();
    const std::size_t c = r.size();
    std::vector<double> block(nl * c);
    solver.bus_injections(buses.subspan(r.begin(), c), rows, block, c);
    for (std::size_t j = 0; j < c; ++j) {
      auto col = h.col(r.begin() + j);
      for (std::size_t l = 0; l < nl; ++l) col[l] = block[l * c + j];
    }
  });
  return h;
}

void check_slack(const DcModel& model, const SlackSpec& slack) {
  if (slack.bus && (*slack.bus < 0 || static_cast<std::size_t>(*slack.bus) >= model.n_buses())) {
    throw UsageError("PTDF: slack bus index out of range");
  }
  if (slack.bus && !model.energized(static_cast<std::size_t>(*slack.bus))) {
    throw UsageError("PTDF: the slack bus is not in an energized island");
  }
  if (!slack.weights.empty() && slack.weights.size() != model.n_buses()) {
    throw UsageError("PTDF: slack weights need one value per bus");
  }
  if (slack.bus && !slack.weights.empty()) {
    throw UsageError("PTDF: give a slack bus or slack weights, not both");
  }
}

// v_I = H · w_I / Σ w_I for every island I with positive total weight.
std::vector<std::vector<double>> distributed_shift(const DcModel& model,
                                                   const std::vector<double>& w) {
  const auto island = model.bus_island();
  std::int32_t n_islands = 0;
  for (auto i : island) n_islands = std::max(n_islands, i + 1);
  std::vector<double> total(static_cast<std::size_t>(n_islands), 0.0);
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (model.energized(i)) total[island[i]] += w[i];
  }
  std::vector<std::vector<double>> shift(static_cast<std::size_t>(n_islands));
  DcModel::Solver solver(model);
  const auto rows = all_branches(model);
  for (std::int32_t k = 0; k < n_islands; ++k) {
    if (total[k] == 0.0) continue;
    std::vector<double> p(model.n_buses(), 0.0);
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (model.energized(i) && island[i] == k) p[i] = w[i] / total[k];
    }
    shift[k].resize(rows.size());
    solver.injections(p, 1, rows, shift[k], 1);
  }
  return shift;
}

}  // namespace

DenseMatrix ptdf_columns(const DcModel& model, std::span<const std::int32_t> buses,
                         const SlackSpec& slack, accel::Device* device,
                         accel::Precision precision) {
  check_slack(model, slack);
  for (auto b : buses) {
    if (b < 0 || static_cast<std::size_t>(b) >= model.n_buses())
      throw UsageError("PTDF: bus index out of range");
  }
  auto h = reference_slack_columns(model, buses, device, precision);
  const auto island = model.bus_island();
  if (slack.bus) {
    const std::int32_t s = *slack.bus;
    const std::array<std::int32_t, 1> one{s};
    const auto hs = reference_slack_columns(model, one, nullptr, precision);
    for (std::size_t j = 0; j < buses.size(); ++j) {
      if (!model.energized(buses[j]) || island[buses[j]] != island[s]) continue;
      auto col = h.col(j);
      for (std::size_t l = 0; l < h.rows; ++l) col[l] -= hs(l, 0);
    }
  } else if (!slack.weights.empty()) {
    const auto shift = distributed_shift(model, slack.weights);
    for (std::size_t j = 0; j < buses.size(); ++j) {
      if (!model.energized(buses[j])) continue;
      const auto& v = shift[island[buses[j]]];
      if (v.empty()) continue;
      auto col = h.col(j);
      for (std::size_t l = 0; l < h.rows; ++l) col[l] -= v[l];
    }
  }
  return h;
}

DenseMatrix ptdf(const DcModel& model, const SlackSpec& slack, accel::Device* device,
                 accel::Precision precision) {
  std::vector<std::int32_t> buses(model.n_buses());
  std::iota(buses.begin(), buses.end(), 0);
  return ptdf_columns(model, buses, slack, device, precision);
}

}  // namespace gat::sens
