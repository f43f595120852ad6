// Options every study command shares (executor, run store, output layout) and the one call
// that plans, emits or runs a study from them. study_command.cpp builds each study's StudySpec
// from its declaration and hands it to run_batch; that is all a command does.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <cstdio>
#include <functional>
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
  std::string emit_dir;
  std::string table;  // with --out -: the table printed
  bool force = false;
};

// The flags above plus --out, --format, --table, --out-partitions, --emit-chunk-specs and
// --force.
void add_batch_flags(CLI::App* cmd, BatchFlags& flags);

// Fills in the spec's output layout (one file per chunk and table unless --out-partitions)
// and gat version; then writes the chunk specs (--emit-chunk-specs) or runs the study, and
// prints a summary. Throws PartialResult when some chunks failed, or when the results of a
// complete run are not whole (check_whole). `highlights`, when given, says what a complete run
// found (read from its tables).
void run_batch(exec::StudySpec spec, const BatchFlags& flags,
               const std::function<std::string(const runs::RunRecord&)>& highlights = {});

// Throws PartialResult saying why, when the run's study finds its results not whole although
// every chunk is done (runs::StudyType::incomplete: an island not solved).
void check_whole(const runs::RunRecord& record);

// Prints what a run call did and where its results are; PartialResult when incomplete.
void report_run(const runs::RunSummary& summary, const std::string& what,
                std::FILE* stream = stdout);

}  // namespace gat::cli
