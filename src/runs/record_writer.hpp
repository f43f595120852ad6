// Writes a run's record after every change, from a thread of its own, so that executors
// never wait on fsync: changes that arrive while a write is in flight are written together
// by the next one. Every write is atomic (RunStore::save).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

#include "gat/runs/run_store.hpp"

namespace gat::runs {

class RecordWriter {
 public:
  RecordWriter(const RunStore& store, RunRecord& record);
  ~RecordWriter();
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  template <typename Fn>
  void update(Fn&& fn) {
    std::lock_guard lock(mutex_);
    fn(record_);
    record_.updated = utc_now();
    ++version_;
    wake_.notify_all();
  }
  // Blocks until every update so far is on disk; throws the error of a failed write.
  void flush();
  // True once a write failed: the run should stop starting chunks.
  bool failed() const;

 private:
  void loop();

  const RunStore& store_;
  RunRecord& record_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::uint64_t version_ = 0;
  std::uint64_t written_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace gat::runs
