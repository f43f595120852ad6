// gat opf dc: the DC-OPF of a case (opf::DcOpf, as MATPOWER's rundcopf), or of every hour of a
// load profile (a rolling DC-OPF), as a study.
//
// Without --profile: one chunk, the case's DC-OPF; tables bus, summary, branch, gen, binding.
// With --profile (io::read_scenario): axis "hour". Hours are solved in blocks
// of --block-hours, in order in one model (opf::solve_rolling_dc_opf): a block's first hour
// from the base case's optimal basis, each next from the previous hour's, so HiGHS's dual
// simplex restarts warm. A chunk that begins inside a block first solves (and drops) the
// block's hours before it: an LP whose optimum is not unique (PEGASE cases price every
// generator alike) ends at the vertex its start leads to, so the start of every hour must not
// depend on --chunk-hours. The base case is solved once per process, by its first chunk: not
// in prepare(), as HiGHS's worker threads would not survive the fork server's fork (its
// children hang on them). Tables hour, bus, gen, branch, binding, each with an hour column
// (docs/schemas/opf.md); with --ac-recheck also ac_check (opf::AcRechecker: an AC power flow
// of each optimal hour's dispatch, and an AC-OPF of the hours that break an AC limit).
#include <mutex>
#include <optional>

#include "gat/core/error.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/opf/ac_recheck.hpp"
#include "gat/opf/rolling_dc_opf.hpp"
#include "gat/results/opf_tables.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

class OpfDcStudy final : public Study {
 public:
  explicit OpfDcStudy(const exec::StudySpec& spec)
      : net_(io::load_case(spec.input("case").path)),
        topo_(core::analyze_topology(net_)),
        run_id_(spec.run_id()) {
    options_.qp_solver = spec.params.at("qp_solver").get<std::string>();
    options_.solver_options = parse_solver_options(spec.params.at("solver_options"));
    block_hours_ = spec.params.at("block_hours").get<std::size_t>();
    ac_recheck_ = spec.params.at("ac_recheck").get<bool>();
    for (const auto& in : spec.inputs) {
      if (in.name == "profile") {
        hours_.emplace(io::read_scenario(in.path, net_));
        rolling_ = true;
      }
    }
    if (ac_recheck_ && !rolling_) throw UsageError("--ac-recheck checks the hours of a --profile");
  }

  std::vector<exec::Axis> axes() const override {
    return {{"hour", rolling_ ? static_cast<std::int64_t>(hours_->n_hours()) : 1}};
  }
  std::vector<TableInfo> tables() const override {
    if (rolling_) {
      std::vector<TableInfo> t = {{"hour", "objective_usd_per_h"},
                                  {"bus", "lmp_usd_per_mwh"},
                                  {"gen", "p_mw"},
                                  {"branch", ""},
                                  {"binding", "shadow_price"}};
      if (ac_recheck_) t.push_back({"ac_check", "max_loading_pct"});
      return t;
    }
    return {{"bus", "lmp_usd_per_mwh"},
            {"summary", ""},
            {"branch", "loading_pct"},
            {"gen", "p_mw"},
            {"binding", "shadow_price"}};
  }
  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override {
    if (!rolling_)
      return results::dc_opf_tables(net_, topo_, opf::solve_dc_opf(net_, topo_, options_), run_id_);
    const auto* range = chunk.range("hour");
    const auto begin = static_cast<std::size_t>(range->begin);
    const auto end = static_cast<std::size_t>(range->end);
    results::RollingDcOpfRecorder recorder(net_, end - begin);
    std::vector<opf::HourOutcome> outcomes;
    std::optional<opf::AcRechecker> rechecker;
    if (ac_recheck_) rechecker.emplace(net_, topo_);
    std::vector<std::int64_t> checked;
    std::vector<opf::AcRecheck> checks;
    const auto sink = [&](std::size_t index, const opf::DcOpfResult& r) {
      if (index < begin) return;  // replayed
      recorder.record(index - begin, r);
      if (!rechecker || r.status != opf::OpfStatus::kOptimal) return;
      checked.push_back(hours_->hour_id(index));
      checks.push_back(rechecker->check(*hours_, index, r));
    };
    // Each block the chunk touches, from the block's first hour (those before `begin` replayed).
    for (auto first = begin - begin % block_hours_; first < end; first += block_hours_) {
      const auto last = std::min(end, first + block_hours_);
      const auto solved = opf::solve_rolling_dc_opf(net_, topo_, *hours_, first, last - first,
                                                    options_, seed(), sink);
      const auto skip = begin > first ? begin - first : 0;
      outcomes.insert(outcomes.end(), solved.begin() + static_cast<std::ptrdiff_t>(skip),
                      solved.end());
    }
    auto tables = recorder.tables(outcomes, run_id_);
    if (rechecker) tables.push_back(results::ac_check_table(checked, checks, run_id_));
    return tables;
  }

 private:
  // The base case's basis every chunk starts from, solved once in this process.
  const opf::LpBasis& seed() const {
    std::call_once(seed_once_, [&] { seed_ = opf::rolling_seed_basis(net_, topo_, options_); });
    return seed_;
  }

  core::Network net_;
  core::Topology topo_;
  std::string run_id_;
  opf::DcOpfOptions options_;
  bool rolling_ = false;
  std::size_t block_hours_ = 24;
  bool ac_recheck_ = false;
  std::optional<core::Scenario> hours_;  // with --profile
  mutable std::once_flag seed_once_;
  mutable opf::LpBasis seed_;
};

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_solver_options(const nlohmann::json& list) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& item : list) {
    const auto s = item.get<std::string>();
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--solver-option expects key=value, got '" + s + "'");
    out.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return out;
}

Option solver_options_option(const std::string& solver) {
  return {.key = "solver_options",
          .flag = "--solver-option",
          .type = OptionType::kTextList,
          .default_value = nlohmann::json::array(),
          .help = "Options passed to " + solver +
                  " as key=value; repeatable, or several comma-separated"};
}

StudyType opf_dc_study() {
  return {
      .command = "opf dc",
      .summary = "DC-OPF (B-theta, HiGHS) with LMPs, as MATPOWER's rundcopf; --profile for hours",
      .inputs = {case_input(),
                 {"profile", "--profile", false,
                  "Hourly load profile, CSV or Parquet with columns hour, scale "
                  "(docs/schemas/opf.md): a rolling DC-OPF, one per hour"}},
      .options = {solver_options_option("HiGHS (Ipopt for hours it solves)"),
                  {.key = "qp_solver",
                   .flag = "--qp-solver",
                   .type = OptionType::kText,
                   .default_value = "highs",
                   .help = "Solver for quadratic costs: highs (active set, falls back to ipopt on "
                           "failure) or ipopt (interior point)",
                   .choices = {"highs", "ipopt"}},
                  {.key = "block_hours",
                   .flag = "--block-hours",
                   .type = OptionType::kInt,
                   .default_value = 24,
                   .unit = "h",
                   .help = "With --profile: hours solved in order in one model, each from the "
                           "previous hour's basis (a block's first from the base case's); chunks "
                           "replay the start of a block they begin inside, so results do not "
                           "depend on --chunk-hours",
                   .min = 1},
                  {.key = "ac_recheck",
                   .flag = "--ac-recheck",
                   .type = OptionType::kBool,
                   .default_value = false,
                   .help = "With --profile: an AC power flow of each hour's DC-OPF dispatch, "
                           "its limits checked, and an AC-OPF of the hours that break one "
                           "(table ac_check)"}},
      .axes = {{.name = "hour",
                .flag = "--chunk-hours",
                .help = "With --profile: hours per chunk (default: --block-hours)",
                .default_chunk =
                    [](const nlohmann::json& p) { return p.at("block_hours").get<std::int64_t>(); },
                .input = "profile"}},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<OpfDcStudy>(spec);
      },
      .highlights = opf_highlights,
      .incomplete = opf_incomplete,
      .examples = R"(Examples:
  gat opf dc case2869pegase -o out/           DC-OPF with LMPs (HiGHS)
  gat opf dc case118 --profile hours.csv -o out/
                                              rolling DC-OPF, one per hour, in chunks of 24 hours
  gat opf dc case118 --profile year.csv --executor process --max-procs 8
                                              the chunks in child processes)",
  };
}

}  // namespace gat::runs
