// The local executor: chunks as tasks of a oneTBB work-stealing pool in this process.
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <chrono>
#include <mutex>

#include "gat/exec/executor.hpp"

namespace gat::exec {

namespace {

class LocalExecutor final : public Executor {
 public:
  LocalExecutor(int threads, ChunkFunction fn)
      : threads_(threads > 0 ? threads : default_workers()), fn_(std::move(fn)) {}

  std::string_view name() const override { return "local"; }
  int workers() const override { return threads_; }

  void run(const std::vector<ChunkSpec>& chunks, const ChunkEvents& events) override {
    std::mutex report;
    auto one = [&](const ChunkSpec& chunk) {
      {
        std::lock_guard lock(report);
        if (events.cancelled && events.cancelled()) return;
        if (events.started) events.started(chunk);
      }
      auto result = run_one(chunk);
      std::lock_guard lock(report);
      if (events.finished) events.finished(std::move(result));
    };
    tbb::task_arena arena(threads_);
    arena.execute([&] {
      // One task per chunk: chunks are coarse, and idle threads steal whole chunks.
      tbb::parallel_for(
          tbb::blocked_range<std::size_t>(0, chunks.size(), 1),
          [&](const tbb::blocked_range<std::size_t>& r) {
            for (auto i = r.begin(); i != r.end(); ++i) one(chunks[i]);
          },
          tbb::simple_partitioner());
    });
  }

 private:
  ChunkResult run_one(const ChunkSpec& chunk) const {
    const auto t0 = std::chrono::steady_clock::now();
    ChunkResult result;
    try {
      result = fn_(chunk);
    } catch (const std::exception& e) {
      result = failed_result(chunk, e.what());
    } catch (...) {
      result = failed_result(chunk, "unknown exception");
    }
    result.duration_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
  }

  int threads_;
  ChunkFunction fn_;
};

}  // namespace

std::unique_ptr<Executor> make_local_executor(int threads, ChunkFunction fn) {
  return std::make_unique<LocalExecutor>(threads, std::move(fn));
}

}  // namespace gat::exec
