// gat runs list | show RUN [--table NAME --top N]   (resume: cmd_run_chunk.cpp)
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include "batch_options.hpp"
#include "cli.hpp"
#include "gat/exec/progress.hpp"
#include "gat/runs/replay.hpp"
#include "gat/runs/result_tables.hpp"
#include "gat/runs/run_store.hpp"

namespace gat::cli {

void add_resume_command(CLI::App* runs_cmd);

namespace {

using exec::ChunkState;

// Seconds since the epoch of an ISO 8601 UTC time as utc_now() writes it; NaN if empty.
double epoch_s(const std::string& iso) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) < 6) {
    return NAN;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<double>(::timegm(&tm)) + ms / 1000.0;
}

std::string describe_ranges(const runs::ChunkRecord& c) {
  std::string out;
  for (const auto& r : c.ranges) {
    out += (out.empty() ? "" : " x ") + r.axis + " [" + std::to_string(r.begin) + "," +
           std::to_string(r.end) + ")";
  }
  return out;
}

std::string percent(std::int64_t part, std::int64_t whole) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", whole ? 100.0 * part / whole : 100.0);
  return buf;
}

void print_timings(const runs::RunRecord& r) {
  std::vector<double> durations;
  double first = NAN, last = NAN, total = 0;
  for (const auto& c : r.chunks) {
    if (c.state != ChunkState::kDone) continue;
    durations.push_back(c.duration_s);
    total += c.duration_s;
    const double s = epoch_s(c.started), f = epoch_s(c.finished);
    if (!std::isnan(s) && !(s >= first)) first = s;
    if (!std::isnan(f) && !(f <= last)) last = f;
  }
  if (durations.empty()) return;
  std::sort(durations.begin(), durations.end());
  std::printf("  timing    chunks %.3f s min, %.3f s median, %.3f s max; %.2f s of chunk time",
              durations.front(), durations[durations.size() / 2], durations.back(), total);
  if (!std::isnan(first) && !std::isnan(last)) {
    std::printf(" in %s of wall time", exec::format_duration(last - first).c_str());
  }
  std::printf("\n");
}

void print_failures(const runs::RunRecord& r, std::size_t limit) {
  std::size_t shown = 0;
  for (const auto& c : r.chunks) {
    if (c.state != ChunkState::kFailed) continue;
    if (shown++ == 0) std::printf("  failures\n");
    if (shown > limit) continue;
    std::printf("    chunk %s (%s), attempt %d: %s\n", c.id.c_str(), describe_ranges(c).c_str(),
                c.attempts, c.error.c_str());
    std::size_t start = 0;
    while (start < c.stderr_tail.size()) {
      const auto end = c.stderr_tail.find('\n', start);
      std::printf("      | %s\n", c.stderr_tail.substr(start, end - start).c_str());
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  if (shown > limit) std::printf("    ... and %zu more\n", shown - limit);
}

void show_run(const runs::RunRecord& r) {
  const auto total = static_cast<std::int64_t>(r.chunks.size());
  const auto done = r.count(ChunkState::kDone);
  std::printf("run %s  %s\n", r.run_id.c_str(), r.study.command.c_str());
  std::printf("  created   %s, updated %s\n", r.created.c_str(), r.updated.c_str());
  for (const auto& in : r.study.inputs) {
    std::printf("  input     %-8s %s (sha256 %s)\n", in.name.c_str(), in.path.c_str(),
                in.sha256.substr(0, 12).c_str());
  }
  if (!r.study.params.empty()) std::printf("  params    %s\n", r.study.params.dump().c_str());
  std::string partitions;
  for (const auto& p : r.study.output.partition_by)
    partitions += (partitions.empty() ? "" : ",") + p;
  std::printf("  output    %s (%s%s)\n", r.study.output.dir.c_str(), r.study.output.format.c_str(),
              partitions.empty() ? "" : (", partitioned by " + partitions).c_str());
  std::printf("  chunks    %lld: %lld done, %lld failed, %lld running, %lld pending  [%s]%s\n",
              static_cast<long long>(total), static_cast<long long>(done),
              static_cast<long long>(r.count(ChunkState::kFailed)),
              static_cast<long long>(r.count(ChunkState::kRunning)),
              static_cast<long long>(r.count(ChunkState::kPending)), percent(done, total).c_str(),
              r.complete() ? "  complete" : "");
  std::int64_t rows = 0;
  for (const auto& c : r.chunks) rows += c.rows;
  std::string tables;
  for (const auto& t : r.tables) tables += (tables.empty() ? "" : ", ") + t.name;
  std::printf("  tables    %s (%lld rows so far)\n", tables.c_str(), static_cast<long long>(rows));
  print_timings(r);
  print_failures(r, 20);
}

void show_table(const runs::RunRecord& r, const std::string& name, std::int64_t top,
                std::string by) {
  auto table = runs::read_result_table(r, name);
  if (!table) {
    std::fprintf(stderr, "table %s: no rows yet\n", name.c_str());
    return;
  }
  if (by.empty()) {
    for (const auto& t : r.tables) {
      if (t.name == name) by = t.rank_by;
    }
  }
  if (!by.empty()) {
    table = runs::top_rows(table, by, top);
  } else {
    table = table->Slice(0, top);
  }
  io::write_table(*table, std::cout, io::TableFormat::kCsv);
}

}  // namespace

void add_runs_command(CLI::App& app) {
  auto* runs_cmd = app.add_subcommand("runs", "Batch runs: list, show, resume, replay");
  runs_cmd->require_subcommand(1);
  runs_cmd->footer(R"(Examples:
  gat runs list                               every run, newest first
  gat runs show 1aa1                          progress, failures and timings of run 1aa1...
  gat runs resume 1aa1                        run what is not done
  gat runs replay 1aa1 --scenario 17          one Monte Carlo scenario again, alone)");

  auto list_dir = std::make_shared<std::string>();
  auto* list = runs_cmd->add_subcommand("list", "Every run in the runs folder, newest first");
  list->add_option("--runs-dir", *list_dir,
                   "Run records folder (default $GAT_RUNS_DIR, else ./runs)");
  list->footer(R"(Examples:
  gat runs list                               every run in ./runs (or $GAT_RUNS_DIR)
  gat runs list --runs-dir /scratch/runs      every run in another folder)");
  list->callback([list_dir] {
    const runs::RunStore store(runs::RunStore::default_root(*list_dir));
    const auto all = store.list();
    if (all.empty()) std::printf("no runs in %s\n", store.root().string().c_str());
    for (const auto& r : all) {
      const auto total = static_cast<std::int64_t>(r.chunks.size());
      std::printf("%s  %-14s %5lld/%-5lld done %4lld failed  %s  %s\n", r.run_id.c_str(),
                  r.study.command.c_str(), static_cast<long long>(r.count(ChunkState::kDone)),
                  static_cast<long long>(total),
                  static_cast<long long>(r.count(ChunkState::kFailed)), r.updated.c_str(),
                  r.study.output.dir.c_str());
    }
  });

  struct Show {
    std::string run, runs_dir, table, by;
    std::int64_t top = 20;
  };
  auto o = std::make_shared<Show>();
  auto* show =
      runs_cmd->add_subcommand("show", "Progress, failures and timings of a run; its tables");
  show->add_option("run", o->run, "Run id (or a unique prefix)")->required();
  show->add_option("--runs-dir", o->runs_dir,
                   "Run records folder (default $GAT_RUNS_DIR, else ./runs)");
  auto* table = show->add_option("--table", o->table, "Print this result table (CSV) instead");
  show->add_option("--top", o->top, "With --table: this many rows, largest first")
      ->check(positive_number())
      ->needs(table);
  show->add_option("--by", o->by, "With --table: rank by this column (default: the table's own)")
      ->needs(table);
  show->footer(R"(Examples:
  gat runs show 1aa1                          progress, failures and timings of run 1aa1...
  gat runs show 1aa1 --table violations --top 50
                                              its 50 worst violations as CSV)");
  show->callback([o] {
    const runs::RunStore store(runs::RunStore::default_root(o->runs_dir));
    const auto record = store.load(store.resolve(o->run));
    if (o->table.empty())
      show_run(record);
    else
      show_table(record, o->table, o->top, o->by);
  });

  struct Replay {
    std::string run, runs_dir, table;
    std::int64_t scenario = -1;
  };
  auto rp = std::make_shared<Replay>();
  auto* replay = runs_cmd->add_subcommand(
      "replay", "Run one scenario of a run again, alone, from its record; print its rows");
  replay->add_option("run", rp->run, "Run id (or a unique prefix)")->required();
  replay->add_option("--scenario", rp->scenario, "The scenario (0-based) to run again")
      ->required()
      ->check(CLI::NonNegativeNumber);
  replay->add_option("--table", rp->table, "The table to print (default: the study's first)");
  replay->add_option("--runs-dir", rp->runs_dir,
                     "Run records folder (default $GAT_RUNS_DIR, else ./runs)");
  replay->footer(R"(Examples:
  gat runs replay 1aa1 --scenario 17          scenario 17 of run 1aa1..., its rows as CSV
  gat runs replay 1aa1 --scenario 17 --table adequacy_scenarios
                                              the rows of one table)");
  replay->callback([rp] {
    const runs::RunStore store(runs::RunStore::default_root(rp->runs_dir));
    const auto record = store.load(store.resolve(rp->run));
    const auto tables = runs::replay(record, "scenario", rp->scenario);
    std::string names;
    for (const auto& t : tables) {
      if (rp->table.empty() || t.name == rp->table) {
        io::write_table(*t.table, std::cout, io::TableFormat::kCsv);
        return;
      }
      names += (names.empty() ? "" : ", ") + t.name;
    }
    throw UsageError("no table '" + rp->table + "' (this study writes: " + names + ")");
  });

  add_resume_command(runs_cmd);
}

}  // namespace gat::cli
