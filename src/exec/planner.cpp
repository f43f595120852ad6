#include "gat/exec/planner.hpp"

#include <algorithm>

#include "gat/core/error.hpp"

namespace gat::exec {

std::vector<Range> axis_blocks(const StudySpec& study, const Axis& axis) {
  const auto it = study.chunk_size.find(axis.name);
  const std::int64_t chunk = it == study.chunk_size.end() ? 0 : it->second;
  std::vector<Range> out;
  const std::int64_t step = chunk > 0 ? chunk : std::max<std::int64_t>(axis.size, 1);
  for (std::int64_t b = 0; b < axis.size; b += step) {
    out.push_back({axis.name, b, std::min(axis.size, b + step)});
  }
  return out;
}

std::vector<ChunkSpec> plan_chunks(const StudySpec& study, const std::vector<Axis>& axes) {
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

}  // namespace gat::exec
