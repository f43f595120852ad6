// gat run-chunk --chunk-spec FILE   one chunk, in this process: what every executor runs
// gat runs resume RUN               run what is not done (after checking what is)
// gat admin retry-failed RUN        re-run failed chunks with back-off
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "batch_options.hpp"
#include "cli.hpp"
#include "gat/build_info.hpp"
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

void run_chunk_command(const std::string& file) {
  follow_parent();
  const auto chunk = exec::read_chunk_spec(file);
  if (chunk.study.gat_version != build::kVersion) {
    throw UsageError(file + " was planned by gat " + chunk.study.gat_version + "; this is gat " +
                     build::kVersion + " (results could differ)");
  }
  exec::ChunkResult result;
  try {
    const auto study = runs::open_study(chunk.study);
    result = runs::run_chunk(*study, chunk);
  } catch (const std::exception& e) {
    // The result document says why, for the parent; the exception says it on stderr.
    std::cout << exec::to_json(exec::failed_result(chunk, e.what())).dump() << std::endl;
    throw;
  }
  std::cout << exec::to_json(result).dump() << std::endl;
  if (!std::cout) throw Error("cannot write the chunk result to standard output");
}

}  // namespace

void add_run_chunk_command(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("run-chunk",
                                 "Run one chunk of a study from its spec; print its result (JSON)");
  cmd->add_option("--chunk-spec", *file,
                  "Chunk spec (JSON), from an executor or --emit-chunk-specs")
      ->required();
  cmd->callback([file] { run_chunk_command(*file); });
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
  cmd->callback(
      [o] { report_run(runs::resume_run(o->run, run_options(o->flags)), "gat runs resume"); });
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
  auto* cmd = admin->add_subcommand(
      "retry-failed", "Re-run failed chunks, with exponential back-off and jitter between rounds");
  cmd->add_option("run", o->run, "Run id (or a unique prefix)")->required();
  cmd->add_option("--max-attempts", o->retry.max_attempts,
                  "Attempts per chunk in all, counting the first run")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--backoff", o->retry.backoff_s,
                  "Seconds before the first retry (doubles each round)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--backoff-max", o->retry.backoff_max_s, "Longest wait between rounds, seconds")
      ->check(CLI::NonNegativeNumber);
  add_exec_flags(cmd, o->flags);
  cmd->callback([o] {
    report_run(runs::retry_failed(o->run, run_options(o->flags), o->retry),
               "gat admin retry-failed");
  });
}

}  // namespace gat::cli
