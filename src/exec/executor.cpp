#include "gat/exec/executor.hpp"

#include <oneapi/tbb/info.h>

#include <algorithm>

#include "gat/core/error.hpp"

namespace gat::exec {

namespace {

struct Entry {
  const char* name;
  std::unique_ptr<Executor> (*make)(const ExecutorOptions&, ChunkFunction);
};

constexpr Entry kExecutors[] = {
    {"local", [](const ExecutorOptions& o,
                 ChunkFunction fn) { return make_local_executor(o.workers, std::move(fn)); }},
    {"process", [](const ExecutorOptions& o, ChunkFunction) { return make_process_executor(o); }},
};

}  // namespace

int default_workers() {
  return std::max(1, tbb::info::default_concurrency());
}

std::vector<std::string> executor_names() {
  std::vector<std::string> names;
  for (const auto& e : kExecutors) names.emplace_back(e.name);
  return names;
}

std::unique_ptr<Executor> make_executor(const ExecutorOptions& options, ChunkFunction in_process) {
  for (const auto& e : kExecutors) {
    if (options.name == e.name) return e.make(options, std::move(in_process));
  }
  std::string known;
  for (const auto& n : executor_names()) known += (known.empty() ? "" : ", ") + n;
  throw UsageError("unknown executor '" + options.name + "' (known: " + known + ")");
}

ChunkResult failed_result(const ChunkSpec& chunk, std::string error) {
  ChunkResult r;
  r.run_id = chunk.run_id;
  r.chunk_id = chunk.id;
  r.index = chunk.index;
  r.state = ChunkState::kFailed;
  r.error = std::move(error);
  return r;
}

}  // namespace gat::exec
