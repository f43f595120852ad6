// gat run-chunk --chunk-spec FILE   one chunk, in this process: what every executor runs
// gat runs resume RUN               run what is not done (after checking what is)
// gat admin retry-failed RUN        re-run failed chunks with back-off
#include <oneapi/tbb/global_control.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "batch_options.hpp"
#include "cli.hpp"
#include "gat/build_info.hpp"
#include "gat/core/input_file.hpp"
#include "gat/exec/executor.hpp"
#include "gat/exec/fork_server.hpp"
#include "gat/runs/chunk_runner.hpp"
#include "gat/runs/run.hpp"

namespace gat::cli {

namespace {

// A child of the process executor dies with its parent rather than running on unwatched.
void follow_parent() {
  const char* parent = std::getenv("GAT_EXEC_PARENT_PID");
  if (!parent) return;
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != std::atoi(parent)) std::_Exit(1);  // the parent is gone already
}

void check_version(const exec::StudySpec& study, const std::string& file) {
  if (study.gat_version != build::kVersion) {
    throw UsageError(file + " was planned by gat " + study.gat_version + "; this is gat " +
                     build::kVersion + " (results could differ)");
  }
}

// Threads a chunk may use inside its process: $GAT_CHUNK_THREADS, else 1 under the process
// executor (its siblings take the other cores), else every core.
std::size_t chunk_threads() {
  if (const char* env = std::getenv("GAT_CHUNK_THREADS"); env && std::atoi(env) > 0) {
    return static_cast<std::size_t>(std::atoi(env));
  }
  if (std::getenv("GAT_EXEC_PARENT_PID")) return 1;
  return static_cast<std::size_t>(exec::default_workers());
}

// A spec file that cannot be read is an input error like any other (exit 1); one that reads
// but is not a valid spec is a bad argument of the command (exit 2).
exec::ChunkSpec read_spec(const std::string& file) {
  core::require_readable_file(file);
  try {
    return exec::read_chunk_spec(file);
  } catch (const InputError& e) {
    throw UsageError(e.what());
  }
}

// Runs a chunk (with the study already open, if it is this chunk's) and prints its result.
void run_and_report(const std::string& file, const runs::Study* open, const std::string& open_id) {
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism, chunk_threads());
  const auto chunk = read_spec(file);
  check_version(chunk.study, file);
  exec::ChunkResult result;
  try {
    std::unique_ptr<runs::Study> opened;
    if (!open || chunk.run_id != open_id)
      opened = runs::open_study(chunk.study), open = opened.get();
    result = runs::run_chunk(*open, chunk);
  } catch (const std::exception& e) {
    // The result document says why, for the parent; the exception says it on stderr.
    std::cout << exec::to_json(exec::failed_result(chunk, e.what())).dump() << std::endl;
    throw;
  }
  std::cout << exec::to_json(result).dump() << std::endl;
  if (!std::cout) throw Error("cannot write the chunk result to standard output");
}

// The process executor's fork server (exec/fork_server.hpp): the study is opened once here,
// and each chunk runs in a child forked from this single-threaded process.
void serve(const std::string& study_file) {
  follow_parent();
  const auto spec = exec::study_spec_from_json(exec::read_json_file(study_file), study_file);
  check_version(spec, study_file);
  const auto study = runs::open_study(spec);
  {
    // What the chunks share is prepared on the run's cores; then oneTBB's worker threads are
    // joined, so that each child forked next starts a pool of its own instead of inheriting
    // one whose threads it does not have.
    tbb::task_scheduler_handle pool{tbb::attach{}};
    {
      const char* workers = std::getenv("GAT_EXEC_WORKERS");
      const tbb::global_control cores(tbb::global_control::max_allowed_parallelism,
                                      workers && std::atoi(workers) > 0
                                          ? static_cast<std::size_t>(std::atoi(workers))
                                          : static_cast<std::size_t>(exec::default_workers()));
      study->prepare();
    }
    if (!tbb::finalize(pool, std::nothrow))
      throw Error("fork server: oneTBB's worker threads did not stop; cannot fork safely");
  }
  const auto run_id = spec.run_id();
  exec::serve_forks(3, [&](const std::string& file) {
    try {
      run_and_report(file, study.get(), run_id);
      return 0;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "gat: error: %s\n", e.what());
      return 1;
    }
  });
}

}  // namespace

void add_run_chunk_command(CLI::App& app) {
  struct Options {
    std::string file, serve;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("run-chunk",
                                 "Run one chunk of a study from its spec; print its result (JSON)");
  cmd->add_option("--chunk-spec", o->file,
                  "Chunk spec (JSON), from an executor or --emit-chunk-specs");
  // The fork server's entry, internal: hidden, so checked here rather than by the parser,
  // whose help would list it as an empty "Excludes:".
  cmd->add_option("--serve", o->serve, "")->group("");
  cmd->footer(R"(Examples:
  gat run-chunk --chunk-spec specs/chunk-00000.json
                                              one chunk of the specs --emit-chunk-specs wrote)");
  cmd->callback([o] {
    if (!o->serve.empty() && !o->file.empty())
      throw UsageError("run-chunk takes --chunk-spec or --serve, not both");
    if (!o->serve.empty()) return serve(o->serve);
    if (o->file.empty()) throw UsageError("run-chunk needs --chunk-spec FILE");
    follow_parent();
    run_and_report(o->file, nullptr, "");
  });
}

void add_resume_command(CLI::App* runs_cmd) {
  struct Resume {
    std::string run;
    ExecFlags flags;
  };
  auto o = std::make_shared<Resume>();
  auto* cmd = runs_cmd->add_subcommand(
      "resume", "Run every chunk not done; re-run done chunks whose files fail their checksum");
  cmd->add_option("run", o->run, "Run id (or a unique prefix)")->required();
  add_exec_flags(cmd, o->flags);
  cmd->footer(R"(Examples:
  gat runs resume 1aa1                        run what is not done of run 1aa1...
  gat runs resume 1aa1 --executor process --max-procs 4
                                              the same, in child processes)");
  cmd->callback([o] {
    const auto options = run_options(o->flags);
    const auto summary = runs::resume_run(o->run, options);
    report_run(summary, "gat runs resume");
    check_whole(runs::RunStore(options.runs_dir).load(summary.run_id));
  });
}

void add_admin_command(CLI::App& app) {
  struct Retry {
    std::string run;
    ExecFlags flags;
    runs::RetryOptions retry;
  };
  auto o = std::make_shared<Retry>();
  auto* admin = app.add_subcommand("admin", "Maintenance of runs");
  admin->require_subcommand(1);
  admin->footer(R"(Examples:
  gat admin retry-failed 1aa1 --max-attempts 3
                                              failed chunks of run 1aa1..., three attempts in all)");
  auto* cmd = admin->add_subcommand(
      "retry-failed", "Re-run failed chunks, with exponential back-off and jitter between rounds");
  cmd->add_option("run", o->run, "Run id (or a unique prefix)")->required();
  cmd->add_option("--max-attempts", o->retry.max_attempts,
                  "Attempts per chunk in all, counting the first run")
      ->check(positive_number());
  cmd->add_option("--backoff", o->retry.backoff_s,
                  "Seconds before the first retry (doubles each round)")
      ->check(non_negative_number());
  cmd->add_option("--backoff-max", o->retry.backoff_max_s, "Longest wait between rounds, seconds")
      ->check(non_negative_number());
  add_exec_flags(cmd, o->flags);
  cmd->footer(R"(Examples:
  gat admin retry-failed 1aa1 --max-attempts 3
                                              failed chunks of run 1aa1..., three attempts in all)");
  cmd->callback([o] {
    const auto options = run_options(o->flags);
    const auto summary = runs::retry_failed(o->run, options, o->retry);
    report_run(summary, "gat admin retry-failed");
    check_whole(runs::RunStore(options.runs_dir).load(summary.run_id));
  });
}

}  // namespace gat::cli
