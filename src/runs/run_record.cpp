// The run record (run.json) and its JSON form.
#include <algorithm>
#include <chrono>
#include <ctime>

#include "gat/core/error.hpp"
#include "gat/runs/run_store.hpp"

namespace gat::runs {

using nlohmann::json;

namespace {

json outputs_to_json(const std::vector<exec::OutputFile>& files) {
  json out = json::array();
  for (const auto& o : files) {
    out.push_back({{"table", o.table}, {"path", o.path}, {"rows", o.rows}, {"sha256", o.sha256}});
  }
  return out;
}

std::vector<exec::OutputFile> outputs_from_json(const json& doc) {
  std::vector<exec::OutputFile> out;
  for (const auto& o : doc) {
    out.push_back({o.at("table").get<std::string>(), o.at("path").get<std::string>(),
                   o.at("rows").get<std::int64_t>(), o.at("sha256").get<std::string>()});
  }
  return out;
}

json to_json(const ChunkRecord& c) {
  json ranges = json::array();
  for (const auto& r : c.ranges)
    ranges.push_back({{"axis", r.axis}, {"begin", r.begin}, {"end", r.end}});
  const json outputs = outputs_to_json(c.outputs);
  json doc = {{"index", c.index},       {"id", c.id},
              {"ranges", ranges},       {"state", exec::to_string(c.state)},
              {"attempts", c.attempts}, {"started", c.started},
              {"finished", c.finished}, {"duration_s", c.duration_s},
              {"rows", c.rows},         {"outputs", outputs}};
  if (!c.error.empty()) doc["error"] = c.error;
  if (!c.stderr_tail.empty()) doc["stderr_tail"] = c.stderr_tail;
  if (c.exit_code) doc["exit_code"] = *c.exit_code;
  if (c.signal) doc["signal"] = *c.signal;
  return doc;
}

ChunkRecord chunk_record_from_json(const json& doc) {
  ChunkRecord c;
  c.index = doc.at("index").get<std::int64_t>();
  c.id = doc.at("id").get<std::string>();
  for (const auto& r : doc.at("ranges")) {
    c.ranges.push_back({r.at("axis").get<std::string>(), r.at("begin").get<std::int64_t>(),
                        r.at("end").get<std::int64_t>()});
  }
  c.state = exec::parse_chunk_state(doc.at("state").get<std::string>());
  c.attempts = doc.value("attempts", 0);
  c.started = doc.value("started", "");
  c.finished = doc.value("finished", "");
  c.duration_s = doc.value("duration_s", 0.0);
  c.rows = doc.value("rows", std::int64_t{0});
  c.outputs = outputs_from_json(doc.value("outputs", json::array()));
  c.error = doc.value("error", "");
  c.stderr_tail = doc.value("stderr_tail", "");
  if (doc.contains("exit_code")) c.exit_code = doc["exit_code"].get<int>();
  if (doc.contains("signal")) c.signal = doc["signal"].get<int>();
  return c;
}

}  // namespace

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

bool RunRecord::has_partial_tables() const {
  return std::any_of(tables.begin(), tables.end(), [](const TableInfo& t) { return t.partial; });
}

std::int64_t RunRecord::count(exec::ChunkState state) const {
  return std::count_if(chunks.begin(), chunks.end(),
                       [&](const ChunkRecord& c) { return c.state == state; });
}

exec::ChunkSpec RunRecord::chunk_spec(std::size_t i) const {
  const auto& c = chunks.at(i);
  return {run_id, c.index, c.id, c.ranges, study};
}

void RunRecord::mark_started(std::size_t i) {
  auto& c = chunks.at(i);
  c.state = exec::ChunkState::kRunning;
  c.attempts += 1;
  c.started = utc_now();
  c.finished.clear();
}

void RunRecord::apply(const exec::ChunkResult& r) {
  auto& c = chunks.at(static_cast<std::size_t>(r.index));
  c.state = r.state;
  c.finished = utc_now();
  c.duration_s = r.duration_s;
  c.rows = r.rows;
  c.outputs = r.outputs;
  c.error = r.error;
  c.stderr_tail = r.stderr_tail;
  c.exit_code = r.exit_code;
  c.signal = r.signal;
  for (const auto& [name, columns] : r.schemas) set_columns(name, columns);
}

void RunRecord::set_columns(const std::string& table, const std::vector<exec::Column>& columns) {
  for (auto& t : tables) {
    if (t.name == table && t.columns.empty()) t.columns = columns;
  }
}

json to_json(const RunRecord& r) {
  json tables = json::array();
  for (const auto& t : r.tables) {
    tables.push_back({{"name", t.name}, {"rank_by", t.rank_by}, {"partial", t.partial}});
    if (!t.columns.empty()) tables.back()["columns"] = exec::columns_to_json(t.columns);
  }
  json chunks = json::array();
  for (const auto& c : r.chunks) chunks.push_back(to_json(c));
  return {{"kind", "gat.run"},
          {"reduced", {{"at", r.reduced_at}, {"outputs", outputs_to_json(r.reduced)}}},
          {"version", kRunRecordVersion},
          {"run_id", r.run_id},
          {"study", exec::to_json(r.study)},
          {"tables", tables},
          {"created", r.created},
          {"updated", r.updated},
          {"counts",
           {{"total", r.chunks.size()},
            {"done", r.count(exec::ChunkState::kDone)},
            {"failed", r.count(exec::ChunkState::kFailed)},
            {"running", r.count(exec::ChunkState::kRunning)},
            {"pending", r.count(exec::ChunkState::kPending)}}},
          {"chunks", chunks}};
}

RunRecord run_record_from_json(const json& doc, const std::string& source) {
  if (!doc.is_object() || doc.value("kind", "") != "gat.run") {
    throw InputError(source, 0, "not a gat run record");
  }
  if (doc.value("version", 0) != kRunRecordVersion) {
    throw InputError(source, 0,
                     "run record version " + std::to_string(doc.value("version", 0)) +
                         " is not supported by this gat");
  }
  RunRecord r;
  r.study = exec::study_spec_from_json(doc.at("study"), source);
  try {
    r.run_id = doc.at("run_id").get<std::string>();
    for (const auto& t : doc.at("tables")) {
      r.tables.push_back({t.at("name").get<std::string>(), t.value("rank_by", ""),
                          t.value("partial", false),
                          exec::columns_from_json(t.value("columns", json::array()))});
    }
    if (doc.contains("reduced")) {
      r.reduced_at = doc["reduced"].value("at", "");
      r.reduced = outputs_from_json(doc["reduced"].value("outputs", json::array()));
    }
    r.created = doc.value("created", "");
    r.updated = doc.value("updated", "");
    for (const auto& c : doc.at("chunks")) r.chunks.push_back(chunk_record_from_json(c));
  } catch (const json::exception& e) {
    throw InputError(source, 0, std::string("malformed run record: ") + e.what());
  }
  for (std::size_t i = 0; i < r.chunks.size(); ++i) {
    if (r.chunks[i].index != static_cast<std::int64_t>(i)) {
      throw InputError(source, 0, "chunk " + std::to_string(i) + " is out of order");
    }
  }
  return r;
}

RunRecord new_run_record(const exec::StudySpec& spec, const std::vector<TableInfo>& tables,
                         const std::vector<exec::ChunkSpec>& chunks) {
  RunRecord r;
  r.run_id = spec.run_id();
  r.study = spec;
  r.tables = tables;
  r.created = r.updated = utc_now();
  for (const auto& c : chunks) {
    ChunkRecord rec;
    rec.index = c.index;
    rec.id = c.id;
    rec.ranges = c.ranges;
    r.chunks.push_back(std::move(rec));
  }
  return r;
}

}  // namespace gat::runs
