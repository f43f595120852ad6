// Running a study's chunks and keeping its record: start, resume, retry.
//
//   run_study      plans the study; a new run gets a record with every chunk pending. The same
//                  study (same id) run before into the same output folder is continued like
//                  resume_run (nothing runs if it is complete); into another folder, a
//                  finished one's tables are copied there (nothing is computed) and an
//                  unfinished one is an error naming it. RunOptions::force runs it again from
//                  the start instead, into whichever folder.
//   resume_run     verifies the SHA-256 of every done chunk's files (re-running any that do
//                  not match), then runs every chunk not done.
//   retry_failed   re-runs failed chunks, with exponential back-off and jitter between
//                  rounds, until they are done or have been attempted max_attempts times.
//
// The record is updated atomically after every chunk; the output folder gets _SUCCESS only
// once every chunk is done.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "gat/exec/chunk_spec.hpp"
#include "gat/exec/executor.hpp"
#include "gat/exec/progress.hpp"

namespace gat::runs {

struct RunOptions {
  exec::ExecutorOptions executor;
  exec::LogFormat log_format = exec::LogFormat::kJson;
  std::filesystem::path runs_dir = "runs";
  // Run the study again from the start even if it ran before (see run_study).
  bool force = false;
};

struct RetryOptions {
  int max_attempts = 3;    // attempts in all, counting the first run
  double backoff_s = 1.0;  // before the first retry; doubles each round
  double backoff_max_s = 60.0;
};

struct RunSummary {
  std::string run_id;
  std::filesystem::path run_dir;
  std::filesystem::path out_dir;
  std::int64_t total = 0;
  std::int64_t done = 0;
  std::int64_t failed = 0;
  std::int64_t ran = 0;  // chunks run by this call
  double elapsed_s = 0;
  // Where elapsed_s went (a plain run or resume): the study's prepare() in this process (the
  // local executor's), the chunks, then the reduce and completion marker.
  double prepare_s = 0, chunks_s = 0, reduce_s = 0;
  bool already_complete = false;           // complete before this call: nothing ran
  std::filesystem::path reused_from = {};  // a finished run's folder its tables were copied from
  bool complete() const { return done == total; }
};

RunSummary run_study(const exec::StudySpec& spec, const RunOptions& options);
RunSummary resume_run(const std::string& run_id, const RunOptions& options);
RunSummary retry_failed(const std::string& run_id, const RunOptions& options,
                        const RetryOptions& retry);

// Writes dir/study.json and dir/chunk-<id>.json for every chunk, runs nothing. Returns the
// number of chunks.
std::size_t emit_chunk_specs(const exec::StudySpec& spec, const std::filesystem::path& dir);

// The marker a complete run leaves in its output folder.
inline constexpr const char* kSuccessMarker = "_SUCCESS";

}  // namespace gat::runs
