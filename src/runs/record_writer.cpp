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
    const std::string text = to_json(record_).dump(1) + "\n";
    const auto path = store_.record_path(record_.run_id);
    lock.unlock();
    std::exception_ptr error;
    try {
      exec::atomic_write_file(path, text);
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
