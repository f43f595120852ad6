// The run store: one folder per run, holding its record.
//
//   <runs dir>/<run id>/run.json     the record (schema: docs/schemas/runs.md)
//   <runs dir>/<run id>/lock         flock'ed by the process running it
//   <runs dir>/<run id>/chunks/      chunk specs handed to child processes
//
// The runs dir is --runs-dir, else $GAT_RUNS_DIR, else ./runs. The run id is the StudySpec's
// hash, so running the same study again finds its record and continues it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gat/exec/chunk_spec.hpp"
#include "gat/runs/study.hpp"

namespace gat::runs {

inline constexpr int kRunRecordVersion = 1;

struct ChunkRecord {
  std::int64_t index = 0;
  std::string id;
  std::vector<exec::Range> ranges;
  exec::ChunkState state = exec::ChunkState::kPending;
  int attempts = 0;
  std::string started;   // UTC, ISO 8601; empty until it first starts
  std::string finished;  // of the last attempt
  double duration_s = 0;
  std::int64_t rows = 0;
  std::vector<exec::OutputFile> outputs;
  std::string error;  // why the last attempt failed
  std::string stderr_tail;
  std::optional<int> exit_code;
  std::optional<int> signal;
};

struct RunRecord {
  std::string run_id;
  exec::StudySpec study;
  std::vector<TableInfo> tables;
  std::string created;
  std::string updated;
  std::vector<ChunkRecord> chunks;
  // Tables the study's reduce() wrote once every chunk was done (empty for most studies).
  std::vector<exec::OutputFile> reduced;
  std::string reduced_at;  // when; empty until then

  std::int64_t count(exec::ChunkState state) const;
  bool has_partial_tables() const;
  bool complete() const {
    return count(exec::ChunkState::kDone) == static_cast<std::int64_t>(chunks.size());
  }
  // The ChunkSpec of one chunk, rebuilt from the record.
  exec::ChunkSpec chunk_spec(std::size_t i) const;
  // Records an attempt's start / a result.
  void mark_started(std::size_t i);
  void apply(const exec::ChunkResult& result);
  // Records the columns a table's files hold, unless known already.
  void set_columns(const std::string& table, const std::vector<exec::Column>& columns);
};

nlohmann::json to_json(const RunRecord& record);
RunRecord run_record_from_json(const nlohmann::json& doc, const std::string& source);

// The run record of a freshly planned study: every chunk pending.
RunRecord new_run_record(const exec::StudySpec& spec, const std::vector<TableInfo>& tables,
                         const std::vector<exec::ChunkSpec>& chunks);

class RunStore {
 public:
  explicit RunStore(std::filesystem::path root);
  // --runs-dir if given, else $GAT_RUNS_DIR, else ./runs.
  static std::filesystem::path default_root(const std::string& flag);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path run_dir(const std::string& run_id) const { return root_ / run_id; }
  std::filesystem::path record_path(const std::string& run_id) const;
  bool exists(const std::string& run_id) const;

  // A full run id, or a unique prefix of one; UsageError when none or several match.
  std::string resolve(std::string_view id_or_prefix) const;
  RunRecord load(const std::string& run_id) const;
  // Atomic: write a temporary file, fsync, rename, fsync the folder.
  void save(const RunRecord& record) const;
  // Every run's record, most recently updated first (unreadable ones are skipped).
  std::vector<RunRecord> list() const;

 private:
  std::filesystem::path root_;
};

// An exclusive flock on a run's lock file, held while a process runs the run's chunks.
// Another process asking for it gets an Error naming the holder's pid.
class RunLock {
 public:
  RunLock(const std::filesystem::path& run_dir, const std::string& run_id);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

// Current time, UTC, ISO 8601 with milliseconds: "2026-11-29T15:53:53.123Z".
std::string utc_now();

}  // namespace gat::runs
