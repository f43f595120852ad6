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
#include "gat/core/topology.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/dc_power_flow.hpp"
#include "gat/results/batch_pf_tables.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

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
  core::Network net_;
  core::Topology topo_;
  core::Scenario profile_;
  std::string run_id_;
};

std::vector<io::NamedTable> BatchDcPfStudy::run(const exec::ChunkSpec& chunk) const {
  const auto* range = chunk.range("hour");
  pf::DcPowerFlow dc(net_, topo_);  // one factorization for every hour of the chunk
  const auto nb = net_.n_buses();
  std::vector<double> load(nb), load_q(nb), p(nb);
  results::DcHourRecorder recorder(net_, profile_.shunt_g_pu());
  for (auto h = static_cast<std::size_t>(range->begin); h < static_cast<std::size_t>(range->end);
       ++h) {
    profile_.bus_loads(h, load, load_q);
    profile_.dc_bus_injections(h, p);
    recorder.record(profile_.hour_id(h), load, dc.solve(p));
  }
  return recorder.tables(run_id_);
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
