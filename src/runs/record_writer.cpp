#include "record_writer.hpp"

#include "gat/exec/atomic_file.hpp"

namespace gat::runs {

RecordWriter::RecordWriter(const RunStore& store, RunRecord& record)
    : store_(store), record_(record), thread_([this] { loop(); }) {}

RecordWriter::~RecordWriter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    wake_.notify_all();
  }
  thread_.join();
}

void RecordWriter::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || (version_ > written_ && !error_); });
    if (version_ == written_ || error_) {
      if (stop_) return;
      continue;
    }
    const auto version = version_;
    // A copy, serialized without the lock: updates (every chunk's start and end, from the
    // executor's workers) must not wait while a record of many chunks becomes JSON.
    const RunRecord snapshot = record_;
    lock.unlock();
    std::exception_ptr error;
    try {
      exec::atomic_write_file(store_.record_path(snapshot.run_id),
                              to_json(snapshot).dump(1) + "\n");
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error) {
      error_ = error;
    } else {
      written_ = version;
    }
    wake_.notify_all();
  }
}

void RecordWriter::flush() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [&] { return written_ == version_ || error_; });
  if (error_) std::rethrow_exception(error_);
}

bool RecordWriter::failed() const {
  std::lock_guard lock(mutex_);
  return error_ != nullptr;
}

}  // namespace gat::runs
