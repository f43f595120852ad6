// gat batch pf dc: a DC power flow for every hour of a load profile.
//
// Hour h scales every in-service load by scale[h]; generation stays as scheduled and each
// island's reference generator takes up the difference, as in `gat pf dc`. Axis: "hour" (rows
// of the profile). Tables (docs/schemas/batch_pf.md), rows ordered by hour, then element:
//   hour     one row per hour: status, totals, worst loading
//   branch   one row per hour and branch: flow and loading
//   bus      one row per hour and bus: angle and injection
#include <algorithm>
#include <cmath>
#include <numbers>

#include "gat/core/topology.hpp"
#include "gat/io/arrow/load_profile.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/dc_power_flow.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;
inline constexpr int kBatchPfSchemaVersion = 1;

// Columns of one table, filled hour by hour.
struct HourRows {
  std::vector<std::int64_t> hour;
  std::vector<double> scale, load_mw, gen_mw, max_loading_pct;
  std::vector<std::int32_t> islands_unsolved, n_overloads;
  std::vector<std::string> status, message;
};
struct BranchRows {
  std::vector<std::int64_t> hour, branch_id, from_bus, to_bus;
  std::vector<double> p_from_mw, loading_pct;
};
struct BusRows {
  std::vector<std::int64_t> hour, bus_id;
  std::vector<double> va_deg, p_inj_mw;
};

class BatchDcPfStudy final : public Study {
 public:
  explicit BatchDcPfStudy(const exec::StudySpec& spec)
      : net_(io::load_case(spec.input("case").path)),
        topo_(core::analyze_topology(net_)),
        profile_(io::read_load_profile(spec.input("profile").path)),
        run_id_(spec.run_id()) {}

  std::vector<exec::Axis> axes() const override {
    return {{"hour", static_cast<std::int64_t>(profile_.size())}};
  }

  std::vector<TableInfo> tables() const override {
    return {{"hour", "max_loading_pct"}, {"branch", "loading_pct"}, {"bus", ""}};
  }

  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override;

 private:
  void add_hour(std::size_t h, const core::Network& net, const pf::DcPfResult& r, HourRows& hours,
                BranchRows& branches, BusRows& buses) const;

  core::Network net_;
  core::Topology topo_;
  io::LoadProfile profile_;
  std::string run_id_;
};

void BatchDcPfStudy::add_hour(std::size_t h, const core::Network& net, const pf::DcPfResult& r,
                              HourRows& hours, BranchRows& branches, BusRows& buses) const {
  const double base = net.base_mva;
  const auto hour = profile_.hour[h];
  double load = 0, gen = 0, worst = NAN;
  std::int32_t over = 0, unsolved = 0;
  std::string message;
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    if (net.loads.in_service[l] && !std::isnan(r.va_rad[net.loads.bus[l]]))
      load += net.loads.p_pu[l] * base;
  }
  for (double p : r.gen_p_pu) gen += std::isnan(p) ? 0.0 : p * base;
  for (const auto& island : r.islands) {
    if (island.status == pf::IslandStatus::kSolved) continue;
    ++unsolved;
    if (message.empty()) message = island.message;
  }
  const auto& br = net.branches;
  for (std::size_t k = 0; k < br.size(); ++k) {
    const double p = r.pf_pu[k] * base;
    const double rate = br.rate_a_pu[k] * base;
    const double loading = rate > 0 && !std::isnan(p) ? 100.0 * std::abs(p) / rate : NAN;
    if (!std::isnan(loading)) {
      worst = std::isnan(worst) ? loading : std::max(worst, loading);
      over += loading > 100.0;
    }
    branches.hour.push_back(hour);
    branches.branch_id.push_back(br.id[k]);
    branches.from_bus.push_back(net.buses.id[br.from_bus[k]]);
    branches.to_bus.push_back(net.buses.id[br.to_bus[k]]);
    branches.p_from_mw.push_back(p);
    branches.loading_pct.push_back(loading);
  }
  for (std::size_t i = 0; i < net.n_buses(); ++i) {
    buses.hour.push_back(hour);
    buses.bus_id.push_back(net.buses.id[i]);
    buses.va_deg.push_back(r.va_rad[i] * kDeg);
    buses.p_inj_mw.push_back(r.p_inj_pu[i] * base);
  }
  hours.hour.push_back(hour);
  hours.scale.push_back(profile_.scale[h]);
  hours.status.emplace_back(unsolved ? "partial" : "solved");
  hours.islands_unsolved.push_back(unsolved);
  hours.load_mw.push_back(load);
  hours.gen_mw.push_back(gen);
  hours.max_loading_pct.push_back(worst);
  hours.n_overloads.push_back(over);
  hours.message.push_back(message);
}

std::vector<io::NamedTable> BatchDcPfStudy::run(const exec::ChunkSpec& chunk) const {
  const auto* range = chunk.range("hour");
  core::Network net = net_;  // this chunk's copy: only the loads change from hour to hour
  HourRows hours;
  BranchRows branches;
  BusRows buses;
  for (auto h = static_cast<std::size_t>(range->begin); h < static_cast<std::size_t>(range->end);
       ++h) {
    for (std::size_t l = 0; l < net.loads.size(); ++l) {
      net.loads.p_pu[l] = net_.loads.p_pu[l] * profile_.scale[h];
      net.loads.q_pu[l] = net_.loads.q_pu[l] * profile_.scale[h];
    }
    add_hour(h, net, pf::solve_dc_power_flow(net, topo_), hours, branches, buses);
  }

  io::TableBuilder hour(static_cast<std::int64_t>(hours.hour.size()));
  hour.add_constant("run_id", run_id_)
      .add("hour", hours.hour)
      .add("scale", hours.scale)
      .add("status", hours.status)
      .add("islands_unsolved", hours.islands_unsolved)
      .add("load_mw", hours.load_mw)
      .add("gen_mw", hours.gen_mw)
      .add("max_loading_pct", hours.max_loading_pct)
      .add("n_overloads", hours.n_overloads)
      .add("message", hours.message);
  io::TableBuilder branch(static_cast<std::int64_t>(branches.hour.size()));
  branch.add_constant("run_id", run_id_)
      .add("hour", branches.hour)
      .add("branch_id", branches.branch_id)
      .add("from_bus", branches.from_bus)
      .add("to_bus", branches.to_bus)
      .add("p_from_mw", branches.p_from_mw)
      .add("loading_pct", branches.loading_pct);
  io::TableBuilder bus(static_cast<std::int64_t>(buses.hour.size()));
  bus.add_constant("run_id", run_id_)
      .add("hour", buses.hour)
      .add("bus_id", buses.bus_id)
      .add("va_deg", buses.va_deg)
      .add("p_inj_mw", buses.p_inj_mw);
  return {{"hour", hour.finish("batch_pf_hour", kBatchPfSchemaVersion)},
          {"branch", branch.finish("batch_pf_branch", kBatchPfSchemaVersion)},
          {"bus", bus.finish("batch_pf_bus", kBatchPfSchemaVersion)}};
}

}  // namespace

std::unique_ptr<Study> open_batch_pf_dc(const exec::StudySpec& spec) {
  return std::make_unique<BatchDcPfStudy>(spec);
}

}  // namespace gat::runs
