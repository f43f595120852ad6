// Options every batch command shares (executor, run store, chunking, output layout) and the
// one call that plans, emits or runs a study from them. A batch command builds a StudySpec
// (command, inputs, parameters) and hands it to run_batch; that is all it does.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "gat/exec/chunk_spec.hpp"
#include "gat/runs/run.hpp"
#include "gat/runs/run_store.hpp"

namespace gat::cli {

struct ExecFlags {
  std::string executor = "local";
  std::string threads = "auto";
  std::string max_procs = "auto";
  double max_runtime_s = 0;
  std::string launch = "fork-server";
  std::string runs_dir;
  std::string log_format = "auto";
};

// --executor, --threads, --max-procs, --max-runtime-per-chunk, --runs-dir, --log-format
void add_exec_flags(CLI::App* cmd, ExecFlags& flags);
runs::RunOptions run_options(const ExecFlags& flags);

struct BatchFlags {
  ExecFlags exec;
  std::string out;  // default: <runs dir>/<run id>/out
  std::string format = "parquet";
  std::string partitions;  // "hour", "contingency", "hour,contingency" or "none"
  std::int64_t chunk_hours = 0;
  std::int64_t chunk_contingencies = 0;
  std::string emit_dir;
};

// The flags above plus --out, --format, --out-partitions, --chunk-hours,
// --chunk-contingencies (only those the study has axes for) and --emit-chunk-specs.
void add_batch_flags(CLI::App* cmd, BatchFlags& flags, bool hours, bool contingencies);

// Fills in the spec's chunk sizes (flags, else `default_chunks`), output layout (one file per
// chunk and table unless --out-partitions) and gat version; then writes the chunk specs
// (--emit-chunk-specs) or runs the study, and prints a summary. Throws PartialResult when some
// chunks failed. `highlights`, when given, prints what a complete run found (read from its tables).
void run_batch(exec::StudySpec spec, const BatchFlags& flags,
               const std::map<std::string, std::int64_t>& default_chunks,
               const std::function<void(const runs::RunRecord&)>& highlights = {});

// gat nminus1 dc: registered on the nminus1 command by cmd_nminus1.cpp, defined in
// cmd_batch.cpp with the other batch studies.
void add_nminus1_dc_batch(CLI::App* nminus1);
// --min-increase-pct and --all-violations of nminus1 dc and ac (contingency::ViolationFilter),
// defined in cmd_nminus1.cpp.
void add_violation_filter_options(CLI::App* cmd, double& min_increase_pct, bool& all_violations);

// Prints what a run call did and where its results are; PartialResult when incomplete.
void report_run(const runs::RunSummary& summary, const std::string& what);

}  // namespace gat::cli
