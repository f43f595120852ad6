// gat batch pf CASE --profile FILE      AC power flow for every hour of a load profile
// gat batch pf dc CASE --profile FILE   DC power flow for every hour
// Every batch command is the same three steps: name the inputs, set the parameters (the
// StudySpec), hand it to run_batch, which plans, runs, records and resumes it in chunks.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>

#include "batch_options.hpp"
#include "cli.hpp"
#include "gat/core/error.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/runs/result_tables.hpp"

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
  auto* algorithm = cmd->add_option("--algorithm", a.algorithm, "nr (default) or fdpf")
                        ->check(CLI::IsMember({"nr", "fdpf"}));
  only_with(cmd->add_option("--fdpf-variant", a.fdpf_variant, "xb (default) or bx")
                ->check(CLI::IsMember({"xb", "bx"})),
            algorithm, "fdpf");
  cmd->add_option("--tol", a.tol, "Convergence tolerance, p.u. (1e-8)")->check(positive_number());
  cmd->add_option("--max-iter", a.max_iter, "Iteration limit per hour")->check(positive_number());
  cmd->add_option("--tables", a.tables, "Tables to write: status,bus,branch (default: all)");
  cmd->add_option("--block-hours", a.block_hours,
                  "Hours solved in sequence with warm start (24); chunks replay the start of "
                  "a block they begin inside, so results do not depend on --chunk-hours")
      ->check(positive_number());
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
  add_case_argument(cmd, o->case_name);
  cmd->add_option("--profile", o->profile,
                  "Load profile, .parquet or .csv (docs/schemas/batch_pf.md)")
      ->required();
  add_batch_flags(cmd, o->flags, /*hours=*/true, /*contingencies=*/false);
  cmd->footer(R"(Examples:
  gat batch pf dc case118 --profile hours.csv -o out/
                                              one DC power flow per hour, in resumable chunks
  gat batch pf dc case2383wp --profile year.parquet --executor process --max-procs 8
                                              the chunks in child processes)");
  cmd->callback([o] {
    exec::StudySpec spec;
    spec.command = "batch pf dc";
    spec.inputs = {exec::input_file("case", io::resolve_case(o->case_name)),
                   exec::input_file("profile", o->profile)};
    run_batch(spec, o->flags, {{"hour", 24}});
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
    run_batch(spec, flags, {{"item", per_chunk}});
  });
}

}  // namespace

namespace {

template <typename A>
const A& column(const arrow::Table& t, const std::string& name) {
  const auto& array = *t.GetColumnByName(name)->chunk(0);
  if (array.type_id() != A::TypeClass::type_id)
    throw Error("table column '" + name + "' has type " + array.type()->ToString());
  return static_cast<const A&>(array);
}

// An integer column whichever width it came back with (partition columns are read as int64).
std::int64_t int_at(const arrow::Table& t, const std::string& name, std::int64_t row) {
  const auto& array = *t.GetColumnByName(name)->chunk(0);
  if (array.type_id() == arrow::Type::INT32)
    return static_cast<const arrow::Int32Array&>(array).Value(row);
  return column<arrow::Int64Array>(t, name).Value(row);
}

// What a finished nminus1 dc run found: contingencies by status, violations, the worst 10.
void print_nminus1_highlights(const runs::RunRecord& r) {
  const auto& params = r.study.params;
  const bool all = params.value("all_violations", false);
  if (auto t = runs::read_result_table(r, "contingencies")) {
    t = t->CombineChunks().ValueOrDie();
    std::map<std::string, std::int64_t> by_status;
    std::int64_t with_violations = 0;
    const auto& status = column<arrow::StringArray>(*t, "status");
    const auto& n = column<arrow::Int64Array>(*t, "n_violations");
    for (std::int64_t i = 0; i < t->num_rows(); ++i) {
      ++by_status[std::string(status.GetView(i))];
      with_violations += n.Value(i) > 0;
    }
    std::string text;
    for (const auto& [name, count] : by_status)
      text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + name;
    std::printf("  contingencies  %lld: %s; %lld with violations%s\n",
                static_cast<long long>(t->num_rows()), text.c_str(),
                static_cast<long long>(with_violations), all ? "" : " (new or worse)");
  }
  const auto base = runs::read_result_table(r, "base_violations");
  std::printf(
      "  pre-contingency  %lld branch-hours above the limit before any outage "
      "(table base_violations)\n",
      static_cast<long long>(base ? base->num_rows() : 0));
  auto v = runs::read_result_table(r, "violations");
  const auto n_violations = static_cast<long long>(v ? v->num_rows() : 0);
  if (all) {
    std::printf("  violations     %lld post-contingency (every one: --all-violations)\n",
                n_violations);
  } else {
    std::printf(
        "  violations     %lld post-contingency, new or worse by more than %g %% of the "
        "pre-contingency loading\n",
        n_violations, params.value("min_increase_pct", 1.0));
  }
  if (!v || v->num_rows() == 0) return;
  v = runs::top_rows(v, "loading_pct", 10)->CombineChunks().ValueOrDie();
  std::printf("  worst %lld (all: gat runs show %s --table violations --top N)\n",
              static_cast<long long>(v->num_rows()), r.run_id.c_str());
  std::printf("    %-14s %8s %7s %7s %6s %9s %9s %8s %8s\n", "outage", "branch", "from", "to",
              "hour", "pre MW", "post MW", "rate", "loading");
  const auto& outage = column<arrow::StringArray>(*v, "outage");
  const auto& branch = column<arrow::Int64Array>(*v, "branch_id");
  const auto& from = column<arrow::Int64Array>(*v, "from_bus");
  const auto& to = column<arrow::Int64Array>(*v, "to_bus");
  const auto& pre = column<arrow::DoubleArray>(*v, "pre_mw");
  const auto& post = column<arrow::DoubleArray>(*v, "post_mw");
  const auto& rate = column<arrow::DoubleArray>(*v, "rate_mva");
  const auto& loading = column<arrow::DoubleArray>(*v, "loading_pct");
  for (std::int64_t i = 0; i < v->num_rows(); ++i) {
    std::printf("    %-14s %8lld %7lld %7lld %6lld %9.1f %9.1f %8.1f %7.1f%%\n",
                std::string(outage.GetView(i)).c_str(), static_cast<long long>(branch.Value(i)),
                static_cast<long long>(from.Value(i)), static_cast<long long>(to.Value(i)),
                static_cast<long long>(int_at(*v, "hour", i)), pre.Value(i), post.Value(i),
                rate.Value(i), loading.Value(i));
  }
}

// What a finished AC batch found, from its hour_status table.
void print_batch_pf_highlights(const runs::RunRecord& r) {
  auto t = runs::read_result_table(r, "hour_status");
  if (!t || t->num_rows() == 0) return;
  t = t->CombineChunks().ValueOrDie();
  const auto& converged = column<arrow::BooleanArray>(*t, "converged");
  const auto& iterations = column<arrow::Int32Array>(*t, "iterations");
  const auto& losses = column<arrow::DoubleArray>(*t, "losses_mw");
  const auto& vmin = column<arrow::DoubleArray>(*t, "min_vm_pu");
  std::int64_t ok = 0, low_row = -1, max_it = 0;
  double sum_it = 0, loss_lo = INFINITY, loss_hi = -INFINITY;
  for (std::int64_t i = 0; i < t->num_rows(); ++i) {
    sum_it += iterations.Value(i);
    max_it = std::max<std::int64_t>(max_it, iterations.Value(i));
    if (!converged.Value(i)) continue;
    ++ok;
    loss_lo = std::min(loss_lo, losses.Value(i));
    loss_hi = std::max(loss_hi, losses.Value(i));
    if (low_row < 0 || vmin.Value(i) < vmin.Value(low_row)) low_row = i;
  }
  const auto n = t->num_rows();
  std::printf("  hours          %lld, %lld converged%s\n", static_cast<long long>(n),
              static_cast<long long>(ok), ok < n ? " (see the status column of hour_status)" : "");
  std::printf("  iterations     %.2f per hour on average, %lld at most\n",
              sum_it / static_cast<double>(n), static_cast<long long>(max_it));
  if (ok == 0) return;
  std::printf("  losses         %.1f .. %.1f MW\n", loss_lo, loss_hi);
  std::printf("  voltages       lowest %.4f p.u. (hour %lld)\n", vmin.Value(low_row),
              static_cast<long long>(int_at(*t, "hour", low_row)));
}

}  // namespace

void add_nminus1_dc_batch(CLI::App* nminus1) {
  struct Options {
    std::string case_name, contingencies, profile, rating = "a";
    std::size_t top = 5;
    double threshold_pct = 100;
    bool no_prune = false;
    double min_increase_pct = 1;
    bool all_violations = false;
    GpuOptions gpu;
    BatchFlags flags;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = nminus1->add_subcommand("dc", "DC screening with outage distribution factors");
  add_case_argument(cmd, o->case_name);
  cmd->footer(R"(Examples:
  gat nminus1 dc case_ACTIVSg10k -o out/      N-1 DC screening of every branch
  gat nminus1 dc case118 --profile hours.csv --contingencies n2.csv -o out/
                                              listed outages (N-2 too) in every hour
  gat nminus1 dc case13659pegase --gpu -o out/
                                              the same screen, fused on a CUDA GPU)");
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
  add_violation_filter_options(cmd, o->min_increase_pct, o->all_violations);
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
                   {"prune", !o->no_prune},
                   {"min_increase_pct", o->min_increase_pct},
                   {"all_violations", o->all_violations}};
    if (o->gpu.gpu) spec.params["gpu_precision"] = o->gpu.precision;
    // On a GPU, one chunk holds every contingency: the device wants large blocks.
    run_batch(spec, o->flags, {{"contingency", o->gpu.gpu ? (1 << 30) : 512}},
              print_nminus1_highlights);
  });
}

void add_batch_command(CLI::App& app) {
  auto* batch =
      app.add_subcommand("batch", "Studies over the hours of a profile, in chunks that resume");
  batch->require_subcommand(1);
  batch->footer(R"(Examples:
  gat batch pf case2383wp --profile hours.parquet -o out/
                                              AC power flow for every hour of a load profile
  gat batch pf dc case118 --profile hours.csv --executor process --max-procs 8
                                              DC power flow per hour, in child processes
  gat batch mismatch case2383wp --profile hours.csv -o out/
                                              which hours the base case already solves)");
  auto a = std::make_shared<AcBatch>();
  auto* pf = batch->add_subcommand("pf", "AC power flow for every hour of a load profile (dc: DC)");
  add_case_argument(pf, a->case_name)->required(false);  // not with `batch pf dc`
  add_ac_options(pf, *a);
  pf->footer(R"(Examples:
  gat batch pf case2383wp --profile hours.parquet -o out/ --threads auto
                                              AC power flow for every hour of a load profile
  gat batch pf case118 --profile hours.csv --q-limits --tables status,bus -o out/
                                              Q limits enforced; bus and status tables only
  gat batch pf dc case118 --profile hours.csv -o out/
                                              DC power flow for every hour)");
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
    run_batch(spec, a->flags, {{"hour", a->block_hours}}, print_batch_pf_highlights);
  });
  add_noop(batch);
  add_batch_mismatch_command(batch);
}

}  // namespace gat::cli
