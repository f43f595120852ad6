// gat batch pf: AC power flow for every hour of a load profile (pf::solve_batch), as a study.
//
// Axis "hour" (hours in profile order). A chunk solves its hours with solve_batch, which
// replays the earlier hours of a warm-start block that the chunk starts inside, so results do
// not depend on chunking. Parameters (StudySpec::params): algorithm (nr, fdxb, fdbx), tol_pu,
// max_iter, q_limits, block_hours, warm_start, tables (subset of status, bus, branch).
// Tables: hour_status, bus, branch (docs/schemas/batch_pf.md).
#include <algorithm>

#include "gat/core/error.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/batch_pf_tables.hpp"
#include "gat/io/arrow/load_profile.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/batch_power_flow.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

// Whether params.tables (default: all three) names this table.
bool wants(const nlohmann::json& p, const std::string& table) {
  const auto tables = p.value("tables", std::vector<std::string>{"status", "bus", "branch"});
  return std::find(tables.begin(), tables.end(), table) != tables.end();
}

pf::BatchOptions batch_options(const nlohmann::json& p) {
  pf::BatchOptions o;
  const auto algorithm = p.value("algorithm", "nr");
  if (algorithm == "fdxb")
    o.pf.algorithm = pf::AcAlgorithm::kFastDecoupledXB;
  else if (algorithm == "fdbx")
    o.pf.algorithm = pf::AcAlgorithm::kFastDecoupledBX;
  else if (algorithm != "nr")
    throw UsageError("batch pf: unknown algorithm '" + algorithm + "'");
  o.pf.tol_pu = p.value("tol_pu", 1e-8);
  o.pf.max_iter = p.value("max_iter", 0);
  o.pf.q_limits = p.value("q_limits", 0);
  o.block_hours = p.value("block_hours", 24);
  o.warm_start = p.value("warm_start", true);
  o.keep_bus = wants(p, "bus");
  o.keep_branch = wants(p, "branch");
  o.threads = 1;  // the executor runs chunks in parallel
  return o;
}

class BatchAcPfStudy final : public Study {
 public:
  explicit BatchAcPfStudy(const exec::StudySpec& spec)
      : net_(io::load_case(spec.input("case").path)),
        topo_(core::analyze_topology(net_)),
        profile_(io::read_load_profile(spec.input("profile").path, net_)),
        options_(batch_options(spec.params)),
        status_(wants(spec.params, "status")),
        run_id_(spec.run_id()) {}

  std::vector<exec::Axis> axes() const override {
    return {{"hour", static_cast<std::int64_t>(profile_.n_hours())}};
  }
  std::vector<TableInfo> tables() const override {
    std::vector<TableInfo> t;
    if (status_) t.push_back({"hour_status", "max_mismatch_mva"});
    if (options_.keep_bus) t.push_back({"bus", ""});
    if (options_.keep_branch) t.push_back({"branch", "p_from_mw"});
    return t;
  }
  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override {
    const auto* hours = chunk.range("hour");
    const auto r =
        pf::solve_batch(net_, topo_, profile_, options_, static_cast<std::size_t>(hours->begin),
                        static_cast<std::size_t>(hours->size()));
    std::vector<io::NamedTable> out;
    if (status_) out.push_back(io::batch_status_table(net_, r, run_id_));
    for (auto& t : io::batch_hour_tables(net_, r, run_id_)) out.push_back(std::move(t));
    return out;
  }

 private:
  core::Network net_;
  core::Topology topo_;
  pf::LoadProfile profile_;
  pf::BatchOptions options_;
  bool status_;
  std::string run_id_;
};

}  // namespace

std::unique_ptr<Study> open_batch_pf_ac(const exec::StudySpec& spec) {
  return std::make_unique<BatchAcPfStudy>(spec);
}

}  // namespace gat::runs
