// gat batch pf dc: a DC power flow for every hour of a load profile.
//
// Hour h takes its loads and generator set-points from the profile (core::Scenario, format in
// docs/schemas/batch_pf.md); each island's reference generator takes up the difference, as in
// `gat pf dc`. B' is factorized once per chunk (pf::DcPowerFlow) and solved for every hour:
//   P_h = Σ gen set-points_h − load_h − G_sh   per bus (Scenario::dc_bus_injections).
// Axis "hour" (hours in profile order). Tables, rows ordered by hour, then element:
//   hour_status  one row per hour: status, totals, worst loading
//   branch       one row per hour and branch: flow and loading
//   bus          one row per hour and bus: angle and injection
#include <algorithm>
#include <cmath>
#include <numbers>

#include "gat/core/topology.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/dc_power_flow.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;
constexpr int kBatchPfDcSchemaVersion = 1;

struct HourRows {
  std::vector<std::int64_t> hour;
  std::vector<double> load_mw, gen_mw, max_loading_pct;
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
        profile_(io::read_scenario(spec.input("profile").path, net_)),
        run_id_(spec.run_id()) {}

  std::vector<exec::Axis> axes() const override {
    return {{"hour", static_cast<std::int64_t>(profile_.n_hours())}};
  }
  std::vector<TableInfo> tables() const override {
    return {{"hour_status", "max_loading_pct"}, {"branch", "loading_pct"}, {"bus", ""}};
  }
  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override;

 private:
  void add_hour(std::int64_t hour, const std::vector<double>& load, const pf::DcPfResult& r,
                HourRows& hours, BranchRows& branches, BusRows& buses) const;

  core::Network net_;
  core::Topology topo_;
  core::Scenario profile_;
  std::string run_id_;
};

void BatchDcPfStudy::add_hour(std::int64_t hour, const std::vector<double>& load,
                              const pf::DcPfResult& r, HourRows& hours, BranchRows& branches,
                              BusRows& buses) const {
  const double base = net_.base_mva;
  double load_mw = 0, gen_mw = 0, worst = NAN;
  std::int32_t over = 0, unsolved = 0;
  std::string message;
  const auto shunt_g = profile_.shunt_g_pu();
  for (std::size_t i = 0; i < net_.n_buses(); ++i) {
    if (std::isnan(r.p_inj_pu[i])) continue;
    load_mw += load[i] * base;
    gen_mw += (r.p_inj_pu[i] + load[i] + shunt_g[i]) * base;  // what the generators supply
  }
  for (const auto& island : r.islands) {
    if (island.status == pf::IslandStatus::kSolved) continue;
    ++unsolved;
    if (message.empty()) message = island.message;
  }
  const auto& br = net_.branches;
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
    branches.from_bus.push_back(net_.buses.id[br.from_bus[k]]);
    branches.to_bus.push_back(net_.buses.id[br.to_bus[k]]);
    branches.p_from_mw.push_back(p);
    branches.loading_pct.push_back(loading);
  }
  for (std::size_t i = 0; i < net_.n_buses(); ++i) {
    buses.hour.push_back(hour);
    buses.bus_id.push_back(net_.buses.id[i]);
    buses.va_deg.push_back(r.va_rad[i] * kDeg);
    buses.p_inj_mw.push_back(r.p_inj_pu[i] * base);
  }
  hours.hour.push_back(hour);
  hours.status.emplace_back(unsolved ? "partial" : "solved");
  hours.islands_unsolved.push_back(unsolved);
  hours.load_mw.push_back(load_mw);
  hours.gen_mw.push_back(gen_mw);
  hours.max_loading_pct.push_back(worst);
  hours.n_overloads.push_back(over);
  hours.message.push_back(message);
}

std::vector<io::NamedTable> BatchDcPfStudy::run(const exec::ChunkSpec& chunk) const {
  const auto* range = chunk.range("hour");
  pf::DcPowerFlow dc(net_, topo_);  // one factorization for every hour of the chunk
  const auto nb = net_.n_buses();
  std::vector<double> load(nb), load_q(nb), p(nb);
  HourRows hours;
  BranchRows branches;
  BusRows buses;
  for (auto h = static_cast<std::size_t>(range->begin); h < static_cast<std::size_t>(range->end);
       ++h) {
    profile_.bus_loads(h, load, load_q);
    profile_.dc_bus_injections(h, p);
    add_hour(profile_.hour_id(h), load, dc.solve(p), hours, branches, buses);
  }

  io::TableBuilder status(static_cast<std::int64_t>(hours.hour.size()));
  status.add_constant("run_id", run_id_)
      .add("hour", hours.hour)
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
  return {{"hour_status", status.finish("dc_hour_status", kBatchPfDcSchemaVersion)},
          {"branch", branch.finish("dc_hour_branch", kBatchPfDcSchemaVersion)},
          {"bus", bus.finish("dc_hour_bus", kBatchPfDcSchemaVersion)}};
}

}  // namespace

StudyType batch_pf_dc_study() {
  return {
      .command = "batch pf dc",
      .summary = "DC power flow for every hour of a load profile",
      .inputs = {case_input(), profile_input(true)},
      .axes = {fixed_axis("hour", "--chunk-hours", "Hours per chunk", 24)},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<BatchDcPfStudy>(spec);
      },
      .examples = R"(Examples:
  gat batch pf dc case118 --profile hours.csv -o out/
                                              one DC power flow per hour, in resumable chunks
  gat batch pf dc case2383wp --profile year.parquet --executor process --max-procs 8
                                              the chunks in child processes)",
  };
}

}  // namespace gat::runs
