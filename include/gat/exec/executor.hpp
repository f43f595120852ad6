// Executors run chunks; they do not know what a chunk computes.
//
//   local     a oneTBB work-stealing pool in this process; each chunk calls the in-process
//             chunk function. Fast, shares the loaded case; a crash takes the run down.
//   process   each chunk in a child process of its own, at most max_procs at once: forked by a
//             `gat run-chunk --serve` fork server, or `gat run-chunk --chunk-spec FILE` spawned
//             (ExecutorOptions::launch). A child that crashes, is killed or exceeds
//             max_runtime_s fails its chunk only, with the signal or exit code and the last
//             lines it wrote to stderr.
//
// Both are chosen by name at run time (make_executor), and both report every chunk's start
// and end through ChunkEvents, never two events at once.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gat/exec/chunk_spec.hpp"

namespace gat::exec {

struct ChunkEvents {
  std::function<void(const ChunkSpec&)> started;
  std::function<void(ChunkResult)> finished;
  // Asked before each chunk starts; once true, no further chunk starts (those running finish).
  std::function<bool()> cancelled;
};

// Runs one chunk in this process. May throw: the executor turns the exception into a failed
// ChunkResult.
using ChunkFunction = std::function<ChunkResult(const ChunkSpec&)>;

class Executor {
 public:
  virtual ~Executor() = default;
  virtual std::string_view name() const = 0;
  virtual int workers() const = 0;
  // Told of the study before it is planned, so that slow starts overlap with the planning:
  // the process executor's fork server reads the inputs while this process does.
  virtual void warm_up(const StudySpec& /*study*/) {}
  // Runs every chunk once and returns when all have finished. A failing chunk is a failed
  // ChunkResult, not an exception.
  virtual void run(const std::vector<ChunkSpec>& chunks, const ChunkEvents& events) = 0;
};

struct ExecutorOptions {
  std::string name = "local";      // local | process
  int workers = 0;                 // threads (local) or processes (process); 0 = all cores
  double max_runtime_s = 0;        // process: kill a child after this long; 0 = no limit
  std::filesystem::path spec_dir;  // process: where each chunk's spec file is written
  // process: the worker, as data: the command that runs one chunk (program first, no shell),
  // in which "{chunk_spec}" stands for the chunk spec file. It prints the ChunkResult JSON on
  // stdout and exits 0. The CLI makes it `gat run-chunk --chunk-spec {chunk_spec}`.
  std::vector<std::string> chunk_command;
  // process, fork-server launch: the command that starts a fork server for the run
  // (fork_server.hpp), "{study_spec}" standing for the study file; empty: spawn only.
  std::vector<std::string> serve_command;
  // process: how children start. "fork-server" (default): one fork server per run reads the
  // inputs once and forks a child per chunk; "spawn": chunk_command per chunk. Falls back to
  // spawn if the server fails.
  std::string launch = "fork-server";
};

// `command` with every `placeholder` in its words replaced by `value`.
std::vector<std::string> fill_command(std::vector<std::string> command,
                                      std::string_view placeholder, std::string_view value);

// Throws UsageError for an unknown name (listing the known ones).
std::unique_ptr<Executor> make_executor(const ExecutorOptions& options, ChunkFunction in_process);
std::vector<std::string> executor_names();

// The number of workers "auto" means here: the cores this process may run on.
int default_workers();

std::unique_ptr<Executor> make_local_executor(int threads, ChunkFunction fn);
std::unique_ptr<Executor> make_process_executor(const ExecutorOptions& options);

// A failed result for a chunk that did not produce one (exception, crash, timeout).
ChunkResult failed_result(const ChunkSpec& chunk, std::string error);

}  // namespace gat::exec
