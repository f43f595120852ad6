#include "gat/exec/chunk_spec.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "gat/core/error.hpp"
#include "gat/core/input_file.hpp"
#include "gat/core/run_id.hpp"
#include "gat/exec/atomic_file.hpp"

namespace gat::exec {

using nlohmann::json;

namespace {

// Every document opens with its kind and version; a newer version than this gat knows is
// refused rather than half-understood.
void check_header(const json& doc, std::string_view kind, int version, const std::string& source) {
  if (!doc.is_object() || doc.value("kind", "") != kind) {
    throw InputError(source, 0, "not a " + std::string(kind) + " document");
  }
  const int v = doc.value("version", 0);
  if (v < 1 || v > version) {
    throw InputError(source, 0,
                     std::string(kind) + " version " + std::to_string(v) +
                         " is not supported (this gat reads versions 1.." +
                         std::to_string(version) + ")");
  }
}

// nlohmann's type errors become InputErrors naming the document.
template <typename Fn>
auto parse_or_throw(const std::string& source, Fn&& fn) {
  try {
    return fn();
  } catch (const json::exception& e) {
    throw InputError(source, 0, std::string("malformed document: ") + e.what());
  }
}

json to_json(const OutputLayout& o) {
  return {{"dir", o.dir}, {"format", o.format}, {"partition_by", o.partition_by}};
}

json ranges_to_json(const std::vector<Range>& ranges) {
  json out = json::array();
  for (const auto& r : ranges)
    out.push_back({{"axis", r.axis}, {"begin", r.begin}, {"end", r.end}});
  return out;
}

std::vector<Range> ranges_from_json(const json& doc) {
  std::vector<Range> out;
  for (const auto& r : doc) {
    out.push_back({r.at("axis").get<std::string>(), r.at("begin").get<std::int64_t>(),
                   r.at("end").get<std::int64_t>()});
    if (out.back().end < out.back().begin) throw json::other_error::create(501, "empty range", &r);
  }
  return out;
}

}  // namespace

std::string_view to_string(ChunkState state) {
  switch (state) {
    case ChunkState::kPending:
      return "pending";
    case ChunkState::kRunning:
      return "running";
    case ChunkState::kDone:
      return "done";
    case ChunkState::kFailed:
      return "failed";
  }
  return "unknown";
}

ChunkState parse_chunk_state(std::string_view text) {
  for (auto s :
       {ChunkState::kPending, ChunkState::kRunning, ChunkState::kDone, ChunkState::kFailed}) {
    if (to_string(s) == text) return s;
  }
  throw UsageError("unknown chunk state '" + std::string(text) + "'");
}

const InputFile& StudySpec::input(std::string_view name) const {
  for (const auto& in : inputs) {
    if (in.name == name) return in;
  }
  throw UsageError("study '" + command + "' has no input '" + std::string(name) + "'");
}

std::string StudySpec::run_id() const {
  std::vector<std::pair<std::string, std::string>> identity = {
      {"params", params.dump()},
      {"seeds", seeds.dump()},
      {"chunk_size", json(chunk_size).dump()},
      {"output.format", output.format},
      {"output.partition_by", json(output.partition_by).dump()},
  };
  std::vector<std::string> digests;
  for (const auto& in : inputs) {
    identity.emplace_back("input." + in.name, in.sha256);
    digests.push_back(in.sha256);
  }
  return core::make_run_id_from_digests(command, identity, digests);
}

InputFile input_file(std::string name, const std::filesystem::path& path) {
  const auto absolute = std::filesystem::absolute(path).lexically_normal();
  return {std::move(name), absolute.string(), core::sha256_file(absolute)};
}

const Range* ChunkSpec::range(std::string_view axis) const {
  auto it =
      std::find_if(ranges.begin(), ranges.end(), [&](const Range& r) { return r.axis == axis; });
  return it == ranges.end() ? nullptr : &*it;
}

json to_json(const StudySpec& s) {
  json inputs = json::array();
  for (const auto& in : s.inputs) {
    inputs.push_back({{"name", in.name}, {"path", in.path}, {"sha256", in.sha256}});
  }
  return {{"kind", "gat.study"},        {"version", kStudySpecVersion},
          {"command", s.command},       {"gat_version", s.gat_version},
          {"inputs", inputs},           {"params", s.params},
          {"seeds", s.seeds},           {"chunk_size", s.chunk_size},
          {"output", to_json(s.output)}};
}

json to_json(const ChunkSpec& c) {
  return {{"kind", "gat.chunk"},
          {"version", kChunkSpecVersion},
          {"run_id", c.run_id},
          {"index", c.index},
          {"id", c.id},
          {"ranges", ranges_to_json(c.ranges)},
          {"study", to_json(c.study)}};
}

json to_json(const ChunkResult& r) {
  json outputs = json::array();
  for (const auto& o : r.outputs) {
    outputs.push_back(
        {{"table", o.table}, {"path", o.path}, {"rows", o.rows}, {"sha256", o.sha256}});
  }
  json doc = {{"kind", "gat.chunk_result"},
              {"version", kChunkResultVersion},
              {"run_id", r.run_id},
              {"chunk", r.chunk_id},
              {"index", r.index},
              {"status", to_string(r.state)},
              {"rows", r.rows},
              {"outputs", outputs},
              {"duration_s", r.duration_s}};
  if (!r.error.empty()) doc["error"] = r.error;
  if (!r.stderr_tail.empty()) doc["stderr_tail"] = r.stderr_tail;
  if (r.exit_code) doc["exit_code"] = *r.exit_code;
  if (r.signal) doc["signal"] = *r.signal;
  return doc;
}

StudySpec study_spec_from_json(const json& doc, const std::string& source) {
  check_header(doc, "gat.study", kStudySpecVersion, source);
  return parse_or_throw(source, [&] {
    StudySpec s;
    s.command = doc.at("command").get<std::string>();
    s.gat_version = doc.at("gat_version").get<std::string>();
    for (const auto& in : doc.at("inputs")) {
      s.inputs.push_back({in.at("name").get<std::string>(), in.at("path").get<std::string>(),
                          in.at("sha256").get<std::string>()});
    }
    s.params = doc.value("params", json::object());
    s.seeds = doc.value("seeds", json::object());
    s.chunk_size = doc.value("chunk_size", std::map<std::string, std::int64_t>{});
    const auto& out = doc.at("output");
    s.output.dir = out.at("dir").get<std::string>();
    s.output.format = out.value("format", "parquet");
    s.output.partition_by = out.value("partition_by", std::vector<std::string>{});
    return s;
  });
}

ChunkSpec chunk_spec_from_json(const json& doc, const std::string& source) {
  check_header(doc, "gat.chunk", kChunkSpecVersion, source);
  auto chunk = parse_or_throw(source, [&] {
    ChunkSpec c;
    c.run_id = doc.at("run_id").get<std::string>();
    c.index = doc.at("index").get<std::int64_t>();
    c.id = doc.at("id").get<std::string>();
    c.ranges = ranges_from_json(doc.at("ranges"));
    return c;
  });
  chunk.study = study_spec_from_json(doc.at("study"), source);
  return chunk;
}

ChunkResult chunk_result_from_json(const json& doc, const std::string& source) {
  check_header(doc, "gat.chunk_result", kChunkResultVersion, source);
  return parse_or_throw(source, [&] {
    ChunkResult r;
    r.run_id = doc.at("run_id").get<std::string>();
    r.chunk_id = doc.at("chunk").get<std::string>();
    r.index = doc.at("index").get<std::int64_t>();
    r.state = parse_chunk_state(doc.at("status").get<std::string>());
    r.rows = doc.value("rows", std::int64_t{0});
    for (const auto& o : doc.value("outputs", json::array())) {
      r.outputs.push_back({o.at("table").get<std::string>(), o.at("path").get<std::string>(),
                           o.at("rows").get<std::int64_t>(), o.at("sha256").get<std::string>()});
    }
    r.duration_s = doc.value("duration_s", 0.0);
    r.error = doc.value("error", "");
    r.stderr_tail = doc.value("stderr_tail", "");
    if (doc.contains("exit_code")) r.exit_code = doc["exit_code"].get<int>();
    if (doc.contains("signal")) r.signal = doc["signal"].get<int>();
    return r;
  });
}

json parse_json(std::string_view text, const std::string& source) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError(source, 0, std::string("not valid JSON: ") + e.what());
  }
}

json read_json_file(const std::filesystem::path& file) {
  core::require_readable_file(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), 0, "cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_json(text.str(), file.string());
}

void write_json_file(const std::filesystem::path& file, const json& doc) {
  atomic_write_file(file, doc.dump(2) + "\n");
}

ChunkSpec read_chunk_spec(const std::filesystem::path& file) {
  return chunk_spec_from_json(read_json_file(file), file.string());
}

std::string chunk_id(std::int64_t index, std::int64_t n_chunks) {
  std::size_t width = 5;
  width = std::max(width, std::to_string(std::max<std::int64_t>(n_chunks - 1, 0)).size());
  std::string digits = std::to_string(index);
  return std::string(width > digits.size() ? width - digits.size() : 0, '0') + digits;
}

}  // namespace gat::exec
