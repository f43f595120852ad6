#include "gat/exec/chunk_spec.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "gat/build_info.hpp"
#include "gat/core/error.hpp"
#include "gat/core/input_file.hpp"
#include "gat/exec/atomic_file.hpp"
#include "gat/io/sha256.hpp"

namespace gat::exec {

using nlohmann::json;

namespace {

// Every document opens with its kind and version; a newer version than this gat knows is
// refused rather than half-understood.
void check_header(const json& doc, std::string_view kind, int version, const std::string& source) {
  if (!doc.is_object() || !doc.contains("kind") || !doc.at("kind").is_string() ||
      doc.at("kind").get<std::string>() != kind) {
    throw InputError(source, 0, "not a " + std::string(kind) + " document");
  }
  const json v = doc.contains("version") ? doc.at("version") : json();
  if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > version) {
    throw InputError(source, 0,
                     std::string(kind) + " version " + v.dump() +
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

// A JSON integer that fits an int64_t, else nullopt (floats, booleans and strings included).
std::optional<std::int64_t> as_integer(const json& v) {
  if (!v.is_number_integer()) return std::nullopt;
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t{INT64_MAX})
    return std::nullopt;
  return v.get<std::int64_t>();
}

// Readers of untrusted documents (a spec may come from a queue or a hand edit): every field
// has one JSON type, unknown and missing fields are refused, and nothing is converted (nlohmann
// would read 1.5 or true as the integer 1). Errors name the field by its path: "study.output.dir".
class Fields {
 public:
  Fields(const json& doc, std::string path, const std::string& source,
         std::initializer_list<std::string_view> required,
         std::initializer_list<std::string_view> optional = {})
      : doc_(doc), path_(std::move(path)), source_(source) {
    if (!doc.is_object()) fail("", "must be an object");
    for (const auto& item : doc.items()) {
      const std::string& key = item.key();
      const auto known = [&](auto list) {
        return std::find(list.begin(), list.end(), key) != list.end();
      };
      if (!known(required) && !known(optional)) fail(key, "is not a field of this document");
    }
    for (auto key : required) {
      if (!doc.contains(std::string(key))) fail(std::string(key), "is missing");
    }
  }

  bool has(const std::string& key) const { return doc_.contains(key); }
  const json& at(const std::string& key) const { return doc_.at(key); }

  std::string text(const std::string& key) const {
    if (!doc_.at(key).is_string()) fail(key, "must be a string");
    return doc_.at(key).get<std::string>();
  }
  std::int64_t integer(const std::string& key) const {
    const auto n = as_integer(doc_.at(key));
    if (!n) fail(key, "must be an integer");
    return *n;
  }
  const json& array(const std::string& key) const {
    if (!doc_.at(key).is_array()) fail(key, "must be an array");
    return doc_.at(key);
  }
  const json& object(const std::string& key) const {
    if (!doc_.at(key).is_object()) fail(key, "must be an object");
    return doc_.at(key);
  }
  std::string path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    const auto where = key.empty() ? (path_.empty() ? "document" : path_) : path(key);
    throw InputError(source_, 0, "field '" + where + "' " + what);
  }

 private:
  const json& doc_;
  std::string path_;
  const std::string& source_;
};

bool all_of_chars(std::string_view s, bool (*ok)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), ok);
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f');
}
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_';
}

// A name that becomes part of a file or column name: lower-case letters, digits, '_'.
bool is_name(std::string_view s) {
  return all_of_chars(s, is_name_char) && s.size() <= 64;
}

std::string name_field(const Fields& f, const std::string& key) {
  auto value = f.text(key);
  if (!is_name(value))
    f.fail(key, "must be a name of lower-case letters, digits and '_' (got '" + value + "')");
  return value;
}

// An absolute path without '.' or '..' components: what gat writes, and where a chunk's files
// can only land under.
std::string absolute_path_field(const Fields& f, const std::string& key) {
  auto value = f.text(key);
  const std::filesystem::path p(value);
  if (!p.is_absolute() || p.lexically_normal() != p || p == p.root_path() ||
      value.find('\0') != std::string::npos)
    f.fail(key, "must be an absolute, normalized path other than the root (got '" + value + "')");
  return value;
}

std::vector<Range> ranges_from_json(const Fields& chunk, const std::string& source) {
  std::vector<Range> out;
  const auto& ranges = chunk.array("ranges");
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const Fields r(ranges[i], "ranges[" + std::to_string(i) + "]", source,
                   {"axis", "begin", "end"});
    Range range{name_field(r, "axis"), r.integer("begin"), r.integer("end")};
    if (range.begin < 0 || range.end <= range.begin)
      r.fail("", "must be a non-empty range of non-negative indices (got [" +
                     std::to_string(range.begin) + ", " + std::to_string(range.end) + "))");
    if (std::any_of(out.begin(), out.end(), [&](const Range& o) { return o.axis == range.axis; }))
      r.fail("axis", "names '" + range.axis + "' a second time");
    out.push_back(std::move(range));
  }
  return out;
}

OutputLayout output_from_json(const Fields& study, const std::string& source) {
  const Fields f(study.at("output"), study.path("output"), source, {"dir"},
                 {"format", "partition_by"});
  OutputLayout out;
  out.dir = absolute_path_field(f, "dir");
  if (f.has("format")) {
    out.format = f.text("format");
    if (out.format != "parquet" && out.format != "csv")
      f.fail("format", "must be parquet or csv (got '" + out.format + "')");
  }
  if (f.has("partition_by")) {
    for (const auto& key : f.array("partition_by")) {
      if (!key.is_string() || !is_name(key.get<std::string>()))
        f.fail("partition_by", "must list column names of lower-case letters, digits and '_'");
      out.partition_by.push_back(key.get<std::string>());
    }
  }
  return out;
}

}  // namespace

json columns_to_json(const std::vector<Column>& columns) {
  json out = json::array();
  for (const auto& c : columns) out.push_back({{"name", c.name}, {"type", c.type}});
  return out;
}

std::vector<Column> columns_from_json(const json& doc) {
  std::vector<Column> out;
  for (const auto& c : doc)
    out.push_back({c.at("name").get<std::string>(), c.at("type").get<std::string>()});
  return out;
}

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
  // gat's version, the command, the sorted parameters and the inputs' digests, in order.
  std::sort(identity.begin(), identity.end());
  std::string text = std::string("gat ") + build::kVersion + "\n" + command + "\n";
  for (const auto& [key, value] : identity) text += key + "=" + value + "\n";
  for (const auto& digest : digests) text += "input " + digest + "\n";
  return io::sha256_hex(text).substr(0, 16);
}

InputFile input_file(std::string name, const std::filesystem::path& path) {
  const auto absolute = std::filesystem::absolute(path).lexically_normal();
  return {std::move(name), absolute.string(), io::sha256_file(absolute)};
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
          {"seeds", s.seeds},           {"settings", s.settings},
          {"chunk_size", s.chunk_size}, {"output", to_json(s.output)}};
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
  if (!r.schemas.empty()) {
    json schemas = json::object();
    for (const auto& [table, columns] : r.schemas) schemas[table] = columns_to_json(columns);
    doc["schemas"] = schemas;
  }
  if (!r.error.empty()) doc["error"] = r.error;
  if (!r.stderr_tail.empty()) doc["stderr_tail"] = r.stderr_tail;
  if (r.exit_code) doc["exit_code"] = *r.exit_code;
  if (r.signal) doc["signal"] = *r.signal;
  return doc;
}

namespace {

// The study document at doc; errors name its fields under prefix ("study" in a chunk spec).
StudySpec study_from_json(const json& doc, const std::string& prefix, const std::string& source) {
  check_header(doc, "gat.study", kStudySpecVersion, source);
  const Fields f(doc, prefix, source,
                 {"kind", "version", "command", "gat_version", "inputs", "output"},
                 {"params", "seeds", "settings", "chunk_size"});
  StudySpec s;
  s.command = f.text("command");
  s.gat_version = f.text("gat_version");
  const auto& inputs = f.array("inputs");
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Fields in(inputs[i], f.path("inputs[" + std::to_string(i) + "]"), source,
                    {"name", "path", "sha256"});
    InputFile file{name_field(in, "name"), absolute_path_field(in, "path"), in.text("sha256")};
    if (file.sha256.size() != 64 || !all_of_chars(file.sha256, is_hex))
      in.fail("sha256", "must be 64 lower-case hex digits");
    if (std::any_of(s.inputs.begin(), s.inputs.end(),
                    [&](const InputFile& o) { return o.name == file.name; }))
      in.fail("name", "names input '" + file.name + "' a second time");
    s.inputs.push_back(std::move(file));
  }
  if (f.has("params")) s.params = f.object("params");
  if (f.has("seeds")) s.seeds = f.object("seeds");
  if (f.has("settings")) s.settings = f.object("settings");
  if (f.has("chunk_size")) {
    for (const auto& [axis, size] : f.object("chunk_size").items()) {
      const auto n = as_integer(size);
      if (!is_name(axis) || !n || *n < 0)
        f.fail("chunk_size", "must map axis names to non-negative integers");
      s.chunk_size[axis] = *n;
    }
  }
  s.output = output_from_json(f, source);
  return s;
}

}  // namespace

StudySpec study_spec_from_json(const json& doc, const std::string& source) {
  return study_from_json(doc, "", source);
}

ChunkSpec chunk_spec_from_json(const json& doc, const std::string& source) {
  check_header(doc, "gat.chunk", kChunkSpecVersion, source);
  const Fields f(doc, "", source, {"kind", "version", "run_id", "index", "id", "ranges", "study"});
  ChunkSpec c;
  c.run_id = f.text("run_id");
  if (c.run_id.size() != 16 || !all_of_chars(c.run_id, is_hex))
    f.fail("run_id", "must be 16 lower-case hex digits");
  c.index = f.integer("index");
  if (c.index < 0) f.fail("index", "must not be negative");
  // The id names the chunk's files (part-<id>.parquet): digits only, and the index's own.
  c.id = f.text("id");
  std::int64_t id_value = -1;
  if (all_of_chars(c.id, is_digit))
    std::from_chars(c.id.data(), c.id.data() + c.id.size(), id_value);
  if (id_value != c.index || c.id.size() < 5)
    f.fail("id",
           "must be the zero-padded index " + std::to_string(c.index) + " (got '" + c.id + "')");
  c.ranges = ranges_from_json(f, source);
  c.study = study_from_json(f.at("study"), "study", source);
  return c;
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
    if (doc.contains("schemas")) {
      for (const auto& [table, columns] : doc.at("schemas").items())
        r.schemas[table] = columns_from_json(columns);
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
  } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 9e447
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
