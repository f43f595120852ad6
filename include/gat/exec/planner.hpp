// Splitting a study into chunks.
//
// A study spans one or more axes (hours of a profile, contingencies of a case). The plan is the
// cartesian product of each axis cut into blocks of StudySpec::chunk_size[axis] (an axis with
// no size, or size 0, is one block), the first axis outermost: with hours 0..167 in blocks of
// 24 and contingencies 0..999 in blocks of 500, chunk 0 is hours [0,24) x contingencies [0,500)
// and chunk 1 is hours [0,24) x contingencies [500,1000).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gat/exec/chunk_spec.hpp"

namespace gat::exec {

struct Axis {
  std::string name;       // "hour", "contingency"
  std::int64_t size = 0;  // the axis runs over [0, size)
};

// The blocks one axis is cut into.
std::vector<Range> axis_blocks(const StudySpec& study, const Axis& axis);

// Throws UsageError for a negative chunk size or one naming an axis the study does not have.
std::vector<ChunkSpec> plan_chunks(const StudySpec& study, const std::vector<Axis>& axes);

// Checks a chunk spec that came from outside this process (run-chunk, a queue) against its
// study before anything runs: its run id is its study's, its ranges are exactly the blocks
// plan_chunks gives chunk `index` (inside the study's axes: hours of the profile, contingencies
// of the list), and its id is that index's. Throws UsageError naming the chunk otherwise.
void check_chunk(const ChunkSpec& chunk, const std::vector<Axis>& axes);

}  // namespace gat::exec
