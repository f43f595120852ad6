// The chunk contract: a study, the chunks it is split into, and what running one chunk gave.
//
// All three are versioned JSON documents (schemas: docs/schemas/exec.md), so that any process
// able to run `gat run-chunk` can do the work of any chunk:
//
//   StudySpec    command, inputs with their SHA-256, canonical parameters, seeds, chunk sizes
//                and output layout. Its hash (all of it except the output folder) is the run id.
//   ChunkSpec    the study plus one range per axis, e.g. hours [24, 48) x contingencies [0, 500).
//   ChunkResult  status, rows, the files written with their SHA-256, duration, error.
//
// A chunk is idempotent: the same ChunkSpec writes the same bytes to the same paths.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gat::exec {

inline constexpr int kStudySpecVersion = 1;
inline constexpr int kChunkSpecVersion = 1;
inline constexpr int kChunkResultVersion = 1;

struct InputFile {
  std::string name;    // role in the study: "case", "profile"
  std::string path;    // absolute
  std::string sha256;  // of the file's bytes when the study was planned
};

struct OutputLayout {
  std::string dir;                        // absolute; not part of the run id
  std::string format = "parquet";         // parquet | csv
  std::vector<std::string> partition_by;  // columns that become Hive folders, e.g. {"hour"}
};

struct StudySpec {
  std::string command;  // e.g. "batch pf dc"; selects the study plug-in
  std::string gat_version;
  std::vector<InputFile> inputs;
  nlohmann::json params = nlohmann::json::object();  // typed; keys sorted when serialized
  nlohmann::json seeds = nlohmann::json::object();
  // How to compute, not what (runs/study_options.hpp): not part of the run id.
  nlohmann::json settings = nlohmann::json::object();
  std::map<std::string, std::int64_t> chunk_size;  // per axis; an absent axis is not split
  OutputLayout output;

  // The input with this role; throws UsageError when absent.
  const InputFile& input(std::string_view name) const;
  // 16 hex digits: SHA-256 over everything above except settings and output.dir.
  std::string run_id() const;
};

struct Range {
  std::string axis;  // "hour", "contingency"
  std::int64_t begin = 0;
  std::int64_t end = 0;  // exclusive

  std::int64_t size() const { return end - begin; }
  bool operator==(const Range&) const = default;
};

struct ChunkSpec {
  std::string run_id;
  std::int64_t index = 0;  // 0-based position in the plan
  std::string id;          // zero-padded index, names the chunk's files: part-<id>.parquet
  std::vector<Range> ranges;
  StudySpec study;

  // The range on this axis, or nullptr when the study has no such axis.
  const Range* range(std::string_view axis) const;
};

enum class ChunkState { kPending, kRunning, kDone, kFailed };
std::string_view to_string(ChunkState state);
ChunkState parse_chunk_state(std::string_view text);

// A column of a result table: its name and Arrow type name ("int64", "int32", "double",
// "bool", "string"). What a CSV file of the table is read back with: CSV has no types.
struct Column {
  std::string name;
  std::string type;
  bool operator==(const Column&) const = default;
};

struct OutputFile {
  std::string table;  // "branch"
  std::string path;   // relative to the output folder: branch/hour=3/part-00003.parquet
  std::int64_t rows = 0;
  std::string sha256;
  bool operator==(const OutputFile&) const = default;
};

struct ChunkResult {
  std::string run_id;
  std::string chunk_id;
  std::int64_t index = 0;
  ChunkState state = ChunkState::kFailed;  // kDone or kFailed
  std::int64_t rows = 0;                   // over every table
  std::vector<OutputFile> outputs;
  // The columns of each table written, partition columns included, as the study built them.
  std::map<std::string, std::vector<Column>> schemas;
  double duration_s = 0;
  std::string error;        // one line, when failed
  std::string stderr_tail;  // last lines a child process wrote, when it failed
  std::optional<int> exit_code;
  std::optional<int> signal;

  bool ok() const { return state == ChunkState::kDone; }
};

// An input of a study: its absolute path and the SHA-256 of its bytes now.
InputFile input_file(std::string name, const std::filesystem::path& path);

// JSON documents. The readers check "kind" and "version" and throw InputError naming
// `source` (a file, or "<stdin>") and the field on anything malformed. Study and chunk specs
// are untrusted input (a queue, a hand edit): no unknown, missing or mistyped field, names and
// ids that can only make file names under output.dir (docs/schemas/exec.md); what needs the
// study (ranges inside its axes) is exec::check_chunk's (planner.hpp).
nlohmann::json to_json(const StudySpec& spec);
nlohmann::json to_json(const ChunkSpec& spec);
nlohmann::json to_json(const ChunkResult& result);
StudySpec study_spec_from_json(const nlohmann::json& doc, const std::string& source);
ChunkSpec chunk_spec_from_json(const nlohmann::json& doc, const std::string& source);
ChunkResult chunk_result_from_json(const nlohmann::json& doc, const std::string& source);

// A table's columns as a JSON array of {"name", "type"} (run records, chunk results).
nlohmann::json columns_to_json(const std::vector<Column>& columns);
std::vector<Column> columns_from_json(const nlohmann::json& doc);

// Parses text as JSON; throws InputError naming source.
nlohmann::json parse_json(std::string_view text, const std::string& source);
nlohmann::json read_json_file(const std::filesystem::path& file);

// Writes a document through a temporary file, fsync and rename (see atomic_file.hpp).
void write_json_file(const std::filesystem::path& file, const nlohmann::json& doc);

ChunkSpec read_chunk_spec(const std::filesystem::path& file);

// "00042" for index 42 of a plan of n chunks (at least 5 digits).
std::string chunk_id(std::int64_t index, std::int64_t n_chunks);

}  // namespace gat::exec
