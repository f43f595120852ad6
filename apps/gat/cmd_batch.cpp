// gat batch pf CASE --profile FILE      AC power flow for every hour of a load profile
// gat batch pf dc CASE --profile FILE   DC power flow for every hour
// Every batch command is the same three steps: name the inputs, set the parameters (the
// StudySpec), hand it to run_batch, which plans, runs, records and resumes it in chunks.
#include <memory>
#include <sstream>

#include "batch_options.hpp"
#include "cli.hpp"
#include "gat/io/case_loader.hpp"

namespace gat::cli {

namespace {

struct AcBatch {
  std::string case_name;
  std::string profile;
  bool q_limits = false;
  std::string algorithm = "nr";
  std::string fdpf_variant = "xb";
  double tol = 1e-8;
  int max_iter = 0;
  std::string tables = "status,bus,branch";
  int block_hours = 24;
  bool cold = false;
  BatchFlags flags;
};

nlohmann::json ac_params(const AcBatch& a) {
  std::vector<std::string> tables;
  std::stringstream in(a.tables);
  for (std::string t; std::getline(in, t, ',');) {
    if (t != "status" && t != "bus" && t != "branch") {
      throw UsageError("--tables: unknown table '" + t + "' (status, bus, branch)");
    }
    tables.push_back(t);
  }
  return {{"algorithm", a.algorithm == "fdpf" ? "fd" + a.fdpf_variant : "nr"},
          {"tol_pu", a.tol},
          {"max_iter", a.max_iter},
          {"q_limits", a.q_limits ? 1 : 0},
          {"block_hours", a.block_hours},
          {"warm_start", !a.cold},
          {"tables", tables}};
}

void add_ac_options(CLI::App* cmd, AcBatch& a) {
  cmd->add_option("--profile", a.profile,
                  "Load profile, .parquet or .csv (docs/schemas/batch_pf.md)");
  cmd->add_flag("--q-limits", a.q_limits, "Enforce generator Q limits every hour");
  cmd->add_option("--algorithm", a.algorithm, "nr (default) or fdpf")
      ->check(CLI::IsMember({"nr", "fdpf"}));
  cmd->add_option("--fdpf-variant", a.fdpf_variant, "xb (default) or bx")
      ->check(CLI::IsMember({"xb", "bx"}));
  cmd->add_option("--tol", a.tol, "Convergence tolerance, p.u. (1e-8)")->check(CLI::PositiveNumber);
  cmd->add_option("--max-iter", a.max_iter, "Iteration limit per hour")->check(CLI::PositiveNumber);
  cmd->add_option("--tables", a.tables, "Tables to write: status,bus,branch (default: all)");
  cmd->add_option("--block-hours", a.block_hours,
                  "Hours solved in sequence with warm start (24); chunks replay the start of "
                  "a block they begin inside, so results do not depend on --chunk-hours")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--cold", a.cold, "Start every hour from the case instead of the previous hour");
  add_batch_flags(cmd, a.flags, /*hours=*/true, /*contingencies=*/false);
}

struct DcBatch {
  std::string case_name;
  std::string profile;
  BatchFlags flags;
};

CLI::App* add_pf_dc(CLI::App* pf) {
  auto o = std::make_shared<DcBatch>();
  auto* cmd = pf->add_subcommand("dc", "DC power flow for every hour of a load profile");
  cmd->add_option("case", o->case_name, "Case name (case118), .m, .raw or .gat")->required();
  cmd->add_option("--profile", o->profile,
                  "Load profile, .parquet or .csv (docs/schemas/batch_pf.md)")
      ->required();
  add_batch_flags(cmd, o->flags, /*hours=*/true, /*contingencies=*/false);
  cmd->callback([o] {
    exec::StudySpec spec;
    spec.command = "batch pf dc";
    spec.inputs = {exec::input_file("case", io::resolve_case(o->case_name)),
                   exec::input_file("profile", o->profile)};
    run_batch(spec, o->flags, {{"hour", 24}}, "hour");
  });
  return cmd;
}

// Chunks that compute nothing, to measure what an executor costs (bench/).
void add_noop(CLI::App* batch) {
  struct Noop {
    std::int64_t items = 100, rows = 0;
    BatchFlags flags;
  };
  auto o = std::make_shared<Noop>();
  auto* cmd = batch->add_subcommand("noop", "Chunks that compute nothing (benchmarks)");
  cmd->group("");  // hidden from --help
  cmd->add_option("--items", o->items, "Items (the axis to chunk)");
  cmd->add_option("--rows", o->rows, "Rows each item writes (0: no files)");
  add_batch_flags(cmd, o->flags, false, false);
  cmd->add_option("--chunk-items", o->flags.chunk_hours, "Items per chunk");
  cmd->callback([o] {
    exec::StudySpec spec;
    spec.command = "batch noop";
    spec.params = {{"items", o->items}, {"rows", o->rows}};
    auto flags = o->flags;
    const std::int64_t per_chunk = flags.chunk_hours > 0 ? flags.chunk_hours : 1;
    flags.chunk_hours = 0;
    run_batch(spec, flags, {{"item", per_chunk}}, "none");
  });
}

}  // namespace

void add_nminus1_dc_batch(CLI::App* nminus1) {
  struct Options {
    std::string case_name, contingencies, profile, rating = "a";
    std::size_t top = 5;
    double threshold_pct = 100;
    bool no_prune = false;
    GpuOptions gpu;
    BatchFlags flags;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = nminus1->add_subcommand("dc", "DC screening with outage distribution factors");
  cmd->add_option("case", o->case_name, "Case name (case118), .m, .raw or .gat")->required();
  cmd->add_option(
      "--contingencies", o->contingencies,
      "CSV/Parquet list: branch_id, or from_bus,to_bus[,ckt]; optional contingency "
      "column groups rows into multi-element outages (default: every in-service branch)");
  cmd->add_option(
      "--profile", o->profile,
      "CSV/Parquet load profile (docs/schemas/batch_pf.md; default: the case as one hour)");
  cmd->add_option("--top", o->top, "Worst contingencies kept per monitored branch and hour");
  cmd->add_option("--rating", o->rating, "Branch rating to check: a, b or c")
      ->check(CLI::IsMember({"a", "b", "c"}));
  cmd->add_option("--threshold", o->threshold_pct,
                  "Keep post-contingency loadings above this % of rating");
  cmd->add_flag("--no-prune", o->no_prune, "Check every hour of every pair (no bound pruning)");
  add_gpu_options(cmd, o->gpu);
  add_batch_flags(cmd, o->flags, /*hours=*/true, /*contingencies=*/true);
  cmd->callback([o] {
    if (o->gpu.gpu) open_gpu(o->gpu);  // fail now, with the reason, if there is no device
    exec::StudySpec spec;
    spec.command = "nminus1 dc";
    spec.inputs = {exec::input_file("case", io::resolve_case(o->case_name))};
    if (!o->profile.empty()) spec.inputs.push_back(exec::input_file("profile", o->profile));
    if (!o->contingencies.empty()) {
      spec.inputs.push_back(exec::input_file("contingencies", o->contingencies));
    }
    spec.params = {{"rating", o->rating},
                   {"top", o->top},
                   {"threshold_pct", o->threshold_pct},
                   {"prune", !o->no_prune}};
    if (o->gpu.gpu) spec.params["gpu_precision"] = o->gpu.precision;
    // On a GPU, one chunk holds every contingency: the device wants large blocks.
    run_batch(spec, o->flags, {{"contingency", o->gpu.gpu ? (1 << 30) : 512}}, "hour");
  });
}

void add_batch_command(CLI::App& app) {
  auto* batch =
      app.add_subcommand("batch", "Studies over the hours of a profile, in chunks that resume");
  batch->require_subcommand(1);
  auto a = std::make_shared<AcBatch>();
  auto* pf = batch->add_subcommand("pf", "AC power flow for every hour of a load profile (dc: DC)");
  pf->add_option("case", a->case_name, "Case name (case118), .m, .raw or .gat");
  add_ac_options(pf, *a);
  auto* dc = add_pf_dc(pf);
  pf->require_subcommand(0, 1);
  pf->callback([a, pf, dc] {
    if (pf->got_subcommand(dc)) return;
    if (a->case_name.empty() || a->profile.empty()) {
      throw UsageError("gat batch pf needs a case and --profile FILE (or: gat batch pf dc ...)");
    }
    exec::StudySpec spec;
    spec.command = "batch pf";
    spec.inputs = {exec::input_file("case", io::resolve_case(a->case_name)),
                   exec::input_file("profile", a->profile)};
    spec.params = ac_params(*a);
    run_batch(spec, a->flags, {{"hour", a->block_hours}}, "hour");
  });
  add_noop(batch);
  add_batch_mismatch_command(batch);
}

}  // namespace gat::cli
