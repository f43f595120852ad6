#include "gat/runs/replay.hpp"

#include "gat/core/error.hpp"
#include "gat/runs/study.hpp"

namespace gat::runs {

std::vector<io::NamedTable> replay(const RunRecord& record, const std::string& axis,
                                   std::int64_t index) {
  const auto study = open_study(record.study);
  exec::ChunkSpec chunk;
  chunk.run_id = record.run_id;
  chunk.id = "replay";
  chunk.study = record.study;
  bool found = false;
  std::string names;
  for (const auto& a : study->axes()) {
    names += (names.empty() ? "" : ", ") + a.name;
    if (a.name != axis) {
      chunk.ranges.push_back({a.name, 0, a.size});
      continue;
    }
    if (index < 0 || index >= a.size)
      throw UsageError("run " + record.run_id + " has " + axis + "s 0.." +
                       std::to_string(a.size - 1) + ", not " + std::to_string(index));
    chunk.ranges.push_back({a.name, index, index + 1});
    found = true;
  }
  if (!found)
    throw UsageError("run " + record.run_id + " (" + record.study.command + ") has no axis '" +
                     axis + "' (its axes: " + names + ")");
  return study->run(chunk);
}

}  // namespace gat::runs
