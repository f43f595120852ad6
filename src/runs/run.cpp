#include "gat/runs/run.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <thread>
#include <utility>

#include "gat/core/error.hpp"
#include "gat/exec/atomic_file.hpp"
#include "gat/exec/planner.hpp"
#include "gat/io/sha256.hpp"
#include "gat/runs/chunk_runner.hpp"
#include "gat/runs/result_tables.hpp"
#include "gat/runs/run_store.hpp"
#include "record_writer.hpp"

namespace gat::runs {

namespace fs = std::filesystem;
using exec::ChunkState;

namespace {

// Checks that the output folder can take files before anything is run or recorded.
void check_writable(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create output folder " + dir.string() + ": " + ec.message());
  exec::atomic_write_file(dir / ".gat-write-test", "");
  fs::remove(dir / ".gat-write-test", ec);
}

// A folder that already holds files of some other run would mix its rows into this one's.
void check_fresh_output(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  if (!fs::is_directory(dir, ec)) throw UsageError("output " + dir.string() + " is not a folder");
  if (!fs::is_empty(dir, ec)) {
    throw UsageError("output folder " + dir.string() +
                     " is not empty: a new run needs an empty one (choose another --out or remove "
                     "it); to continue an earlier run use gat runs resume");
  }
}

// Removes the completion marker and temporary files that a killed process left behind.
void prepare_output(const fs::path& dir) {
  std::error_code ec;
  fs::remove(dir / kSuccessMarker, ec);
  std::vector<fs::path> stale;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file() && exec::is_temporary_name(it->path().filename().string())) {
      stale.push_back(it->path());
    }
  }
  for (const auto& p : stale) fs::remove(p, ec);
}

void write_success(const RunRecord& record) {
  std::map<std::string, std::int64_t> rows;
  for (const auto& t : record.tables) rows[t.name] = 0;
  for (const auto& c : record.chunks) {
    for (const auto& o : c.outputs) {
      if (!o.path.starts_with(kPartialFolder)) rows[o.table] += o.rows;
    }
  }
  for (const auto& o : record.reduced) rows[o.table] += o.rows;
  const nlohmann::json doc = {{"run_id", record.run_id},
                              {"command", record.study.command},
                              {"chunks", record.chunks.size()},
                              {"rows", rows}};
  exec::atomic_write_file(fs::path(record.study.output.dir) / kSuccessMarker, doc.dump(2) + "\n");
}

// The done chunks whose files are missing or no longer match their SHA-256.
std::vector<std::size_t> damaged_chunks(const RunRecord& record) {
  const fs::path out = record.study.output.dir;
  std::vector<char> bad(record.chunks.size(), 0);
  tbb::parallel_for(std::size_t{0}, record.chunks.size(), [&](std::size_t i) {
    const auto& c = record.chunks[i];
    if (c.state != ChunkState::kDone) return;
    for (const auto& o : c.outputs) {
      try {
        if (io::sha256_file(out / o.path) != o.sha256) bad[i] = 1;
      } catch (const Error&) {
        bad[i] = 1;  // missing or unreadable
      }
    }
  });
  std::vector<std::size_t> out_of_date;
  for (std::size_t i = 0; i < bad.size(); ++i) {
    if (bad[i]) out_of_date.push_back(i);
  }
  return out_of_date;
}

bool files_intact(const RunRecord& record, const std::vector<exec::OutputFile>& files) {
  for (const auto& o : files) {
    try {
      if (io::sha256_file(fs::path(record.study.output.dir) / o.path) != o.sha256) return false;
    } catch (const Error&) {
      return false;
    }
  }
  return true;
}

void check_inputs(const exec::StudySpec& spec, const std::string& run_id) {
  for (const auto& in : spec.inputs) {
    if (io::sha256_file(in.path) != in.sha256) {
      throw Error("input " + in.path + " changed since run " + run_id +
                  " was planned; its results would no longer match (start a new run)");
    }
  }
}

// The executor of a run; the local one runs chunks of `local` (the study opened here).
std::unique_ptr<exec::Executor> make_run_executor(const RunOptions& options, const RunStore& store,
                                                  const std::string& run_id, const Study* local) {
  auto o = options.executor;
  o.spec_dir = store.run_dir(run_id) / "chunks";
  exec::ChunkFunction in_process;
  if (local) in_process = [local](const exec::ChunkSpec& c) { return run_chunk(*local, c); };
  return exec::make_executor(o, in_process);
}

class Session {
 public:
  // early: an executor made (and warmed up) before the study was planned, for the first
  // execute(); later ones make their own.
  Session(const RunOptions& options, RunRecord record,
          std::unique_ptr<exec::Executor> early = nullptr)
      : options_(options),
        store_(options.runs_dir),
        record_(std::move(record)),
        lock_(store_.run_dir(record_.run_id), record_.run_id),
        early_(std::move(early)) {}

  RunRecord& record() { return record_; }
  const RunStore& store() const { return store_; }

  // Chunks left running by a killed process, and done chunks whose files are damaged,
  // become pending again.
  std::vector<std::string> reconcile();
  RunSummary execute(const std::vector<std::size_t>& which, const Study* study);
  RunSummary summary(std::int64_t ran, double elapsed_s) const;

 private:
  const Study& open(const Study* given);
  // Once every chunk is done: the study's reduce step (if it has one and it is not done
  // yet), then the _SUCCESS marker.
  void finish(const Study* given);

  std::unique_ptr<Study> opened_;
  const RunOptions& options_;
  RunStore store_;
  RunRecord record_;
  RunLock lock_;
  std::unique_ptr<exec::Executor> early_;
};

std::vector<std::string> Session::reconcile() {
  std::vector<std::string> notes;
  for (auto& c : record_.chunks) {
    if (c.state == ChunkState::kRunning) {
      c.state = ChunkState::kPending;
      notes.push_back("chunk " + c.id + " was running when its run stopped; it will run again");
    }
  }
  for (auto i : damaged_chunks(record_)) {
    auto& c = record_.chunks[i];
    c.state = ChunkState::kPending;
    notes.push_back("chunk " + c.id + ": output files missing or checksum mismatch; re-running");
  }
  if (!record_.reduced_at.empty() && !files_intact(record_, record_.reduced)) {
    record_.reduced_at.clear();
    notes.push_back("reduced tables missing or checksum mismatch; reducing again");
  }
  return notes;
}

const Study& Session::open(const Study* given) {
  if (given) return *given;
  if (!opened_) opened_ = open_study(record_.study);
  return *opened_;
}

void Session::finish(const Study* given) {
  if (!record_.complete()) return;
  if (record_.has_partial_tables() && record_.reduced_at.empty()) {
    const auto tables = open(given).reduce(
        [&](const std::string& name) { return read_partial_table(record_, name); });
    std::vector<exec::OutputFile> files;
    for (const auto& t : tables) {
      for (auto& f : write_partitioned(t, record_.study.output, "part-reduce")) files.push_back(f);
      record_.set_columns(t.name, columns_of(*t.table->schema()));
    }
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    record_.reduced = std::move(files);
    record_.reduced_at = utc_now();
    store_.save(record_);
  }
  write_success(record_);
}

RunSummary Session::summary(std::int64_t ran, double elapsed_s) const {
  RunSummary s;
  s.run_id = record_.run_id;
  s.run_dir = store_.run_dir(record_.run_id);
  s.out_dir = record_.study.output.dir;
  s.total = static_cast<std::int64_t>(record_.chunks.size());
  s.done = record_.count(ChunkState::kDone);
  s.failed = record_.count(ChunkState::kFailed);
  s.ran = ran;
  s.elapsed_s = elapsed_s;
  return s;
}

RunSummary Session::execute(const std::vector<std::size_t>& which, const Study* study) {
  const auto t0 = std::chrono::steady_clock::now();
  check_writable(record_.study.output.dir);
  prepare_output(record_.study.output.dir);
  store_.save(record_);

  if (!which.empty()) record_.reduced_at.clear();  // chunks change: reduce again at the end
  const Study* local = nullptr;
  if (options_.executor.name == "local" && !which.empty()) local = &open(study);
  auto executor = std::move(early_);
  if (!executor) executor = make_run_executor(options_, store_, record_.run_id, local);
  auto lap = [mark = std::chrono::steady_clock::now()]() mutable {
    const auto now = std::chrono::steady_clock::now();
    return std::chrono::duration<double>(now - std::exchange(mark, now)).count();
  };
  if (local) local->prepare();
  const double prepare_s = lap();

  std::vector<exec::ChunkSpec> chunks;
  for (auto i : which) chunks.push_back(record_.chunk_spec(i));
  exec::Progress progress(options_.log_format, record_.run_id,
                          static_cast<std::int64_t>(record_.chunks.size()),
                          record_.count(ChunkState::kDone));
  progress.begin(executor->name(), executor->workers());
  {
    RecordWriter writer(store_, record_);
    exec::ChunkEvents events;
    events.started = [&](const exec::ChunkSpec& c) {
      writer.update([&](RunRecord& r) { r.mark_started(static_cast<std::size_t>(c.index)); });
    };
    events.finished = [&](exec::ChunkResult result) {
      progress.finished(result);
      writer.update([&](RunRecord& r) { r.apply(result); });
    };
    events.cancelled = [&] { return writer.failed(); };
    executor->run(chunks, events);
    progress.end();
    try {
      writer.flush();
    } catch (const Error& e) {
      throw Error(std::string("cannot update the run record (the last complete one is kept): ") +
                  e.what());
    }
  }
  const double chunks_s = lap();
  finish(study);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto s = summary(static_cast<std::int64_t>(chunks.size()), elapsed);
  s.prepare_s = prepare_s;
  s.chunks_s = chunks_s;
  s.reduce_s = lap();
  return s;
}

// N workers means N cores: reading the inputs, what the study shares, the chunks and the
// reduce use no more.
tbb::global_control limit_cores(const RunOptions& options) {
  const int n = options.executor.workers > 0 ? options.executor.workers : exec::default_workers();
  return tbb::global_control(tbb::global_control::max_allowed_parallelism,
                             static_cast<std::size_t>(n));
}

std::vector<std::size_t> not_done(const RunRecord& record) {
  std::vector<std::size_t> which;
  for (std::size_t i = 0; i < record.chunks.size(); ++i) {
    if (record.chunks[i].state != ChunkState::kDone) which.push_back(i);
  }
  return which;
}

RunSummary continue_run(Session& session, const Study* study, const RunOptions& options) {
  exec::Progress log(options.log_format, session.record().run_id, 0, 0);
  const bool was_complete = session.record().complete();
  const auto notes = session.reconcile();
  for (const auto& note : notes) log.note(note);
  auto summary = session.execute(not_done(session.record()), study);
  summary.already_complete = was_complete && notes.empty();
  return summary;
}

// Whether a run is complete and every file it recorded is still as written.
bool finished_intact(const RunRecord& record) {
  return record.complete() && damaged_chunks(record).empty() &&
         (!record.has_partial_tables() || !record.reduced_at.empty()) &&
         files_intact(record, record.reduced);
}

// A finished run's tables, copied into another output folder, which the record then names.
RunSummary reuse(const RunStore& store, RunRecord record, const fs::path& out) {
  const auto t0 = std::chrono::steady_clock::now();
  const RunLock lock(store.run_dir(record.run_id), record.run_id);
  check_fresh_output(out);
  check_writable(out);
  const fs::path from = record.study.output.dir;
  std::vector<const exec::OutputFile*> files;
  for (const auto& c : record.chunks) {
    for (const auto& o : c.outputs) files.push_back(&o);
  }
  for (const auto& o : record.reduced) files.push_back(&o);
  for (const auto* f : files) {
    std::error_code ec;
    fs::create_directories((out / f->path).parent_path(), ec);
    if (ec)
      throw Error("cannot create " + (out / f->path).parent_path().string() + ": " + ec.message());
    // Copied under a temporary name (which a later run removes if this one is killed), then
    // renamed: a folder never holds a part of a file.
    const auto target = out / f->path;
    const auto temporary = target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                                                   std::to_string(::getpid()) + "-0");
    fs::copy_file(from / f->path, temporary, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(temporary, target, ec);
    if (ec)
      throw Error("cannot copy " + (from / f->path).string() + " to " + target.string() + ": " +
                  ec.message());
  }
  record.study.output.dir = out.string();
  store.save(record);
  write_success(record);
  RunSummary s;
  s.run_id = record.run_id;
  s.run_dir = store.run_dir(record.run_id);
  s.out_dir = out;
  s.total = static_cast<std::int64_t>(record.chunks.size());
  s.done = s.total;
  s.reused_from = from;
  s.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return s;
}

}  // namespace

RunSummary run_study(const exec::StudySpec& spec, const RunOptions& options) {
  const auto cores = limit_cores(options);
  const RunStore store(options.runs_dir);
  const auto run_id = spec.run_id();
  std::optional<RunRecord> earlier;
  if (store.exists(run_id)) earlier = store.load(run_id);
  const bool same_folder = earlier && earlier->study.output.dir == spec.output.dir;
  if (earlier && !same_folder && !options.force) {
    // The same study, run before into another folder: its finished tables, copied; an
    // unfinished run there is named (it may be running or about to be resumed); a folder
    // that is gone (a temporary folder removed) holds nothing to keep: run it anew.
    if (finished_intact(*earlier)) return reuse(store, std::move(*earlier), spec.output.dir);
    std::error_code ec;
    if (fs::exists(earlier->study.output.dir, ec)) {
      throw UsageError("this study is run " + run_id +
                       ", not finished (or its files changed since), writing to " +
                       earlier->study.output.dir + ": continue it there with gat runs resume " +
                       run_id + ", or add --force to run it again into " + spec.output.dir);
    }
  }
  if (!same_folder) check_fresh_output(spec.output.dir);  // before anything is written
  // A process executor's fork server reads the inputs while this process does.
  std::unique_ptr<exec::Executor> early;
  if (options.executor.name != "local") {
    early = make_run_executor(options, store, run_id, nullptr);
    early->warm_up(spec);
  }
  const auto study = open_study(spec);
  const auto chunks = exec::plan_chunks(spec, study->axes());
  if (same_folder && !options.force) {
    Session session(options, std::move(*earlier), std::move(early));
    return continue_run(session, study.get(), options);
  }
  check_writable(spec.output.dir);
  Session session(options, new_run_record(spec, study->tables(), chunks), std::move(early));
  return session.execute(not_done(session.record()), study.get());
}

RunSummary resume_run(const std::string& run_id, const RunOptions& options) {
  const auto cores = limit_cores(options);
  const RunStore store(options.runs_dir);
  const auto id = store.resolve(run_id);
  Session session(options, store.load(id));
  check_inputs(session.record().study, id);
  return continue_run(session, nullptr, options);
}

RunSummary retry_failed(const std::string& run_id, const RunOptions& options,
                        const RetryOptions& retry) {
  const auto cores = limit_cores(options);
  const RunStore store(options.runs_dir);
  const auto id = store.resolve(run_id);
  Session session(options, store.load(id));
  check_inputs(session.record().study, id);
  exec::Progress log(options.log_format, id, 0, 0);
  std::mt19937_64 random(std::random_device{}());
  std::int64_t ran = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (;;) {
    std::vector<std::size_t> which;
    int fewest_attempts = retry.max_attempts;
    for (std::size_t i = 0; i < session.record().chunks.size(); ++i) {
      const auto& c = session.record().chunks[i];
      if (c.state == ChunkState::kFailed && c.attempts < retry.max_attempts) {
        which.push_back(i);
        fewest_attempts = std::min(fewest_attempts, c.attempts);
      }
    }
    if (which.empty()) break;
    // Exponential back-off with "equal jitter": half the delay fixed, half random.
    const double delay = std::min(
        retry.backoff_max_s, retry.backoff_s * std::pow(2.0, std::max(0, fewest_attempts - 1)));
    const double wait = delay / 2 + std::uniform_real_distribution<double>(0, delay / 2)(random);
    log.note("retrying " + std::to_string(which.size()) + " failed chunk(s), attempt " +
             std::to_string(fewest_attempts + 1) + " of " + std::to_string(retry.max_attempts) +
             ", in " + exec::format_duration(wait));
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    ran += session.execute(which, nullptr).ran;
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (ran == 0) session.execute({}, nullptr);  // nothing to retry: verify the end state
  return session.summary(ran, elapsed);
}

std::size_t emit_chunk_specs(const exec::StudySpec& spec, const fs::path& dir) {
  const auto study = open_study(spec);
  const auto chunks = exec::plan_chunks(spec, study->axes());
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create " + dir.string() + ": " + ec.message());
  exec::write_json_file(dir / "study.json", exec::to_json(spec));
  for (const auto& c : chunks)
    exec::write_json_file(dir / ("chunk-" + c.id + ".json"), exec::to_json(c));
  return chunks.size();
}

}  // namespace gat::runs
