// Re-running one item of a finished (or unfinished) run alone, from its record: `gat runs
// replay RUN --scenario K`. The study is opened from the record's StudySpec, so with the
// inputs it was planned with (their SHA-256 checked) and its seeds; it runs one chunk, item
// `index` of `axis` with every other axis whole. Nothing is written. A study whose results
// depend on (seed, item) alone — the Monte Carlo adequacy studies, keyed by the seed with the
// scenario in the counter — gives the rows that item has in the run's tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gat/io/arrow/table.hpp"
#include "gat/runs/run_store.hpp"

namespace gat::runs {

// The tables run() gives for the item (a partial table: the item's share). UsageError when
// the study has no such axis or the index is outside it.
std::vector<io::NamedTable> replay(const RunRecord& record, const std::string& axis,
                                   std::int64_t index);

}  // namespace gat::runs
