// gat batch pf: AC power flow for every hour of a load profile (pf::solve_batch), as a study.
//
// Axis "hour" (hours in profile order). A chunk solves its hours with solve_batch, which
// replays the earlier hours of a warm-start block that the chunk starts inside, so results do
// not depend on chunking. Parameters: batch_pf_ac_study() below.
// Tables: hour_status, bus, branch (docs/schemas/batch_pf.md).
#include <algorithm>

#include "gat/core/error.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/batch_power_flow.hpp"
#include "gat/results/batch_pf_tables.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

// Whether params.tables (default: all three) names this table.
bool wants(const nlohmann::json& p, const std::string& table) {
  const auto tables = p.at("tables").get<std::vector<std::string>>();
  return std::find(tables.begin(), tables.end(), table) != tables.end();
}

pf::BatchOptions batch_options(const nlohmann::json& p) {
  pf::BatchOptions o;
  if (p.at("algorithm") == "fdpf") {
    o.pf.algorithm = p.at("fdpf_variant") == "bx" ? pf::AcAlgorithm::kFastDecoupledBX
                                                  : pf::AcAlgorithm::kFastDecoupledXB;
  }
  o.pf.tol_pu = p.at("tol_pu").get<double>();
  o.pf.max_iter = p.at("max_iter").get<int>();
  o.pf.q_limits = p.at("q_limits").get<bool>() ? 1 : 0;
  o.block_hours = p.at("block_hours").get<int>();
  o.warm_start = p.at("warm_start").get<bool>();
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
        profile_(io::read_scenario(spec.input("profile").path, net_)),
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
    if (status_) out.push_back(results::batch_status_table(net_, r, run_id_));
    for (auto& t : results::batch_hour_tables(net_, r, run_id_)) out.push_back(std::move(t));
    return out;
  }

 private:
  core::Network net_;
  core::Topology topo_;
  core::Scenario profile_;
  pf::BatchOptions options_;
  bool status_;
  std::string run_id_;
};

}  // namespace

StudyType batch_pf_ac_study() {
  return {
      .command = "batch pf",
      .summary = "AC power flow for every hour of a load profile",
      .inputs = {case_input(), profile_input(true)},
      .options =
          join({{{.key = "q_limits",
                  .flag = "--q-limits",
                  .type = OptionType::kBool,
                  .default_value = false,
                  .help = "Enforce generator Q limits every hour"}},
                ac_solver_options(),
                {{.key = "tables",
                  .flag = "--tables",
                  .type = OptionType::kTextList,
                  .default_value = {"status", "bus", "branch"},
                  .help = "Tables to write",
                  .choices = {"status", "bus", "branch"}},
                 {.key = "block_hours",
                  .flag = "--block-hours",
                  .type = OptionType::kInt,
                  .default_value = 24,
                  .unit = "h",
                  .help = "Hours solved in sequence with warm start; chunks replay the start of a "
                          "block they begin inside, so results do not depend on --chunk-hours",
                  .min = 1},
                 {.key = "warm_start",
                  .flag = "--cold",
                  .type = OptionType::kBool,
                  .default_value = true,
                  .help = "Start every hour from the case instead of the previous hour",
                  .inverted = true}}}),
      .axes = {{"hour", "--chunk-hours", "Hours per chunk (default: --block-hours)",
                [](const nlohmann::json& p) { return p.at("block_hours").get<std::int64_t>(); }}},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<BatchAcPfStudy>(spec);
      },
      .highlights = batch_pf_highlights,
      .examples = R"(Examples:
  gat batch pf case2383wp --profile hours.parquet -o out/ --threads auto
                                              AC power flow for every hour of a load profile
  gat batch pf case118 --profile hours.csv --q-limits --tables status,bus -o out/
                                              Q limits enforced; bus and status tables only
  gat batch pf dc case118 --profile hours.csv -o out/
                                              DC power flow for every hour)",
  };
}

}  // namespace gat::runs
