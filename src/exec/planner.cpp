#include "gat/exec/planner.hpp"

#include <algorithm>

#include "gat/core/error.hpp"

namespace gat::exec {

namespace {

// The length of an axis's blocks (the last may be shorter).
std::int64_t block_size(const StudySpec& study, const Axis& axis) {
  const auto it = study.chunk_size.find(axis.name);
  const std::int64_t chunk = it == study.chunk_size.end() ? 0 : it->second;
  return chunk > 0 ? chunk : std::max<std::int64_t>(axis.size, 1);
}

}  // namespace

std::vector<Range> axis_blocks(const StudySpec& study, const Axis& axis) {
  std::vector<Range> out;
  const std::int64_t step = block_size(study, axis);
  for (std::int64_t b = 0; b < axis.size; b += step) {
    out.push_back({axis.name, b, std::min(axis.size, b + step)});
  }
  return out;
}

namespace {

// The chunk sizes and partitions of a study name its axes (plan_chunks, check_chunk).
void check_study(const StudySpec& study, const std::vector<Axis>& axes) {
  auto known = [&](const std::string& name) {
    return std::any_of(axes.begin(), axes.end(), [&](const Axis& a) { return a.name == name; });
  };
  for (const auto& [name, size] : study.chunk_size) {
    if (!known(name))
      throw UsageError("study '" + study.command + "' has no axis '" + name + "' to chunk");
    if (size < 0) throw UsageError("chunk size for '" + name + "' must be positive");
  }
  // Tables are partitioned by the columns of the study's axes: any other name would match no
  // column and silently leave the tables flat.
  const auto& keys = study.output.partition_by;
  for (auto key = keys.begin(); key != keys.end(); ++key) {
    if (!known(*key)) {
      std::string names;
      for (const auto& a : axes) names += (names.empty() ? "" : ", ") + a.name;
      throw UsageError("study '" + study.command + "' cannot be partitioned by '" + *key +
                       "' (its axes: " + names + ")");
    }
    if (std::find(keys.begin(), key, *key) != key)
      throw UsageError("partition '" + *key + "' is named twice");
  }
}

}  // namespace

std::vector<ChunkSpec> plan_chunks(const StudySpec& study, const std::vector<Axis>& axes) {
  check_study(study, axes);
  // Cartesian product, first axis outermost.
  std::vector<std::vector<Range>> product = {{}};
  for (const auto& axis : axes) {
    const auto cut = axis_blocks(study, axis);
    std::vector<std::vector<Range>> next;
    next.reserve(product.size() * cut.size());
    for (const auto& prefix : product) {
      for (const auto& r : cut) {
        next.push_back(prefix);
        next.back().push_back(r);
      }
    }
    product = std::move(next);
  }

  const std::string run_id = study.run_id();
  const auto n = static_cast<std::int64_t>(product.size());
  std::vector<ChunkSpec> chunks;
  chunks.reserve(product.size());
  for (std::int64_t i = 0; i < n; ++i) {
    chunks.push_back(
        {run_id, i, chunk_id(i, n), std::move(product[static_cast<std::size_t>(i)]), study});
  }
  return chunks;
}

namespace {

[[noreturn]] void reject(const ChunkSpec& chunk, const std::string& what) {
  throw UsageError("chunk spec " + chunk.id + " of run " + chunk.run_id + ": " + what);
}

}  // namespace

void check_chunk(const ChunkSpec& chunk, const std::vector<Axis>& axes) {
  const auto fail = [&](const std::string& what) { reject(chunk, what); };
  // The run id is the study's hash: an edited study (parameters, inputs, chunk sizes) shows.
  if (chunk.run_id != chunk.study.run_id())
    fail("its study is not the one planned (its hash is " + chunk.study.run_id() + ")");
  check_study(chunk.study, axes);
  if (chunk.ranges.size() != axes.size())
    fail("it has " + std::to_string(chunk.ranges.size()) + " ranges; the study has " +
         std::to_string(axes.size()) + " axes");
  // The index this chunk has in the plan, counted as plan_chunks does (first axis outermost).
  std::int64_t index = 0, n_chunks = 1;
  for (const auto& axis : axes) {
    const auto* r = chunk.range(axis.name);
    if (!r) reject(chunk, "it has no range on the study's axis '" + axis.name + "'");
    // Blocks are computed, not listed: a hostile range must not cost memory.
    const auto step = block_size(chunk.study, axis);
    if (r->begin >= axis.size || r->begin % step != 0 ||
        r->size() != std::min(axis.size - r->begin, step)) {
      fail(axis.name + " range [" + std::to_string(r->begin) + ", " + std::to_string(r->end) +
           ") is not a chunk of the study (" + axis.name + " 0.." + std::to_string(axis.size - 1) +
           " in blocks of " + std::to_string(step) + ")");
    }
    const auto n = (axis.size + step - 1) / step;
    index = index * n + r->begin / step;
    n_chunks *= n;
  }
  if (chunk.index != index || chunk.id != chunk_id(index, n_chunks))
    fail("its index and id must be those of its ranges in the plan (" + std::to_string(index) +
         ", '" + chunk_id(index, n_chunks) + "')");
}

}  // namespace gat::exec
