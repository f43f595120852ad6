#include "gat/results/sens_tables.hpp"

#include <cmath>
#include <limits>

#include "gat/core/error.hpp"
#include "io/arrow/columns.hpp"

namespace gat::results {

using namespace io;

NamedTable ptdf_table(const core::Network& net, const sens::DcModel& model,
                      const sens::DenseMatrix& ptdf, double min_abs, const std::string& run_id) {
  std::vector<std::int64_t> branch, bus;
  std::vector<double> value;
  for (std::size_t k = 0; k < net.n_branches(); ++k) {
    if (!model.active(k)) continue;
    for (std::size_t i = 0; i < net.n_buses(); ++i) {
      if (!model.energized(i)) continue;
      const double v = ptdf(k, i);
      if (min_abs > 0 && std::abs(v) < min_abs) continue;
      branch.push_back(net.branches.id[k]);
      bus.push_back(net.buses.id[i]);
      value.push_back(v);
    }
  }
  TableBuilder t(static_cast<std::int64_t>(value.size()));
  t.add_constant("run_id", run_id).add("branch_id", branch).add("bus_id", bus).add("ptdf", value);
  return {"ptdf", t.finish("ptdf", kSensSchemaVersion)};
}

std::vector<NamedTable> lodf_tables(const core::Network& net, const sens::DcModel& model,
                                    std::span<const std::int32_t> outages,
                                    const sens::LodfColumns& lodf, double min_abs,
                                    const std::string& run_id) {
  constexpr double kNull = std::numeric_limits<double>::quiet_NaN();  // written as null
  std::vector<std::int64_t> outage, branch, outage_id;
  std::vector<double> value;
  std::vector<bool> islanding;
  for (std::size_t j = 0; j < outages.size(); ++j) {
    const auto k = static_cast<std::size_t>(outages[j]);
    if (!model.active(k)) continue;
    const bool islands = lodf.islanding[j] != 0;
    outage_id.push_back(net.branches.id[k]);
    islanding.push_back(islands);
    for (std::size_t l = 0; l < net.n_branches(); ++l) {
      if (!model.active(l)) continue;
      const double v = islands ? (l == k ? -1.0 : kNull) : lodf.lodf(l, j);
      if (!islands && min_abs > 0 && std::abs(v) < min_abs) continue;
      outage.push_back(net.branches.id[k]);
      branch.push_back(net.branches.id[l]);
      value.push_back(v);
    }
  }
  TableBuilder t(static_cast<std::int64_t>(value.size()));
  t.add_constant("run_id", run_id)
      .add("outage_branch_id", outage)
      .add("branch_id", branch)
      .add("lodf", value);
  TableBuilder o(static_cast<std::int64_t>(outage_id.size()));
  o.add_constant("run_id", run_id).add("outage_branch_id", outage_id).add("islanding", islanding);
  return {{"lodf", t.finish("lodf", kSensSchemaVersion)},
          {"lodf_outages", o.finish("lodf_outages", kSensSchemaVersion)}};
}

}  // namespace gat::results
