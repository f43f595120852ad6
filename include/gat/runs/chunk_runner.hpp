// Running one chunk: compute its tables, write them, report what was written.
//
// Table T of chunk <id> goes to the study's output folder as
//   T/<k1>=<v1>/.../part-<id>.parquet   with output.partition_by = {k1, ...} (Hive style; the
//                                       partition columns live in the folder names only)
//   T/part-<id>.parquet                 without partitioning.
// A chunk writing no rows for a partition writes no file there. A partial table (TableInfo)
// goes under _partial/ instead, unpartitioned: _partial/T/part-<id>.parquet, which dataset
// readers skip. Files are written through a
// temporary name and a rename; the result lists every file with its rows and SHA-256.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "gat/exec/chunk_spec.hpp"
#include "gat/runs/study.hpp"

namespace gat::runs {

inline constexpr const char* kPartialFolder = "_partial";

// Throws on any failure (the executors turn that into a failed ChunkResult).
exec::ChunkResult run_chunk(const Study& study, const exec::ChunkSpec& chunk);

// Splits a table into its Hive partitions and writes them; returns the files written,
// paths relative to out_dir.
std::vector<exec::OutputFile> write_partitioned(const io::NamedTable& table,
                                                const exec::OutputLayout& layout,
                                                const std::string& part_name);

}  // namespace gat::runs
