// gat batch pf dc CASE --profile FILE: a study per hour of a load profile, in chunks.
// Every batch command is the same three steps: name the inputs, set the parameters, run_batch.
#include <memory>

#include "batch_options.hpp"
#include "cli.hpp"
#include "gat/io/case_loader.hpp"

namespace gat::cli {

namespace {

struct PfBatch {
  std::string case_name;
  std::string profile;
  BatchFlags flags;
};

void add_pf_dc(CLI::App* pf) {
  auto o = std::make_shared<PfBatch>();
  auto* cmd = pf->add_subcommand("dc", "DC power flow for every hour of a load profile");
  cmd->add_option("case", o->case_name, "Case name (case118), .m file")->required();
  cmd->add_option("--profile", o->profile, "Load profile: CSV or Parquet with columns hour,scale")
      ->required();
  add_batch_flags(cmd, o->flags, /*hours=*/true, /*contingencies=*/false);
  cmd->callback([o] {
    exec::StudySpec spec;
    spec.command = "batch pf dc";
    spec.inputs = {exec::input_file("case", io::resolve_case(o->case_name)),
                   exec::input_file("profile", o->profile)};
    run_batch(spec, o->flags, {{"hour", 24}}, "hour");
  });
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

void add_batch_command(CLI::App& app) {
  auto* batch = app.add_subcommand("batch", "Batch studies over a profile, in chunks that resume");
  batch->require_subcommand(1);
  auto* pf = batch->add_subcommand("pf", "Power flow for every hour of a load profile");
  pf->require_subcommand(1);
  add_pf_dc(pf);
  add_noop(batch);
}

}  // namespace gat::cli
