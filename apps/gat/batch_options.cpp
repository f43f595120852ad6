#include "batch_options.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli.hpp"
#include "gat/build_info.hpp"
#include "gat/core/error.hpp"
#include "gat/runs/result_tables.hpp"
#include "gat/runs/run_store.hpp"

namespace gat::cli {

namespace fs = std::filesystem;

namespace {

int parse_workers(const std::string& value, const char* flag) {
  if (value == "auto") return 0;
  try {
    std::size_t used = 0;
    const int n = std::stoi(value, &used);
    if (used == value.size() && n > 0) return n;
  } catch (const std::exception&) {
  }
  throw UsageError(std::string(flag) + " must be a positive number or 'auto', not '" + value + "'");
}

std::vector<std::string> split_partitions(const std::string& text) {
  std::vector<std::string> out;
  if (text == "none" || text.empty()) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    out.push_back(
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// With -o -: the table (default: the study's first) as CSV on standard output.
void print_table(const runs::RunRecord& record, const std::string& name) {
  std::string names;
  for (const auto& t : record.tables) {
    if (!name.empty() && t.name != name) {
      names += (names.empty() ? "" : ", ") + t.name;
      continue;
    }
    const auto table = runs::read_result_table(record, t.name);
    if (table) io::write_table(*table, std::cout, io::TableFormat::kCsv);
    return;
  }
  throw UsageError("no table '" + name + "' (this study writes: " + names + ")");
}

}  // namespace

void add_exec_flags(CLI::App* cmd, ExecFlags& f) {
  auto* executor = cmd->add_option("--executor", f.executor,
                                   "Where chunks run: local (threads) or process (child processes)")
                       ->check(CLI::IsMember({"local", "process"}));
  // Each executor's own options are refused under the other, where they would do nothing: a
  // thread cannot be killed at a time limit, and child processes are not threads.
  only_with(cmd->add_option("--threads", f.threads, "local: worker threads, or auto (all cores)"),
            executor, "local", /*value_is_default=*/true);
  only_with(
      cmd->add_option("--max-procs", f.max_procs, "process: child processes at once, or auto"),
      executor, "process");
  only_with(cmd->add_option("--max-runtime-per-chunk", f.max_runtime_s,
                            "process: kill a chunk's process after this many seconds (0: no limit)")
                ->check(non_negative_number()),
            executor, "process");
  only_with(cmd->add_option("--process-launch", f.launch,
                            "process: fork-server (inputs read once, a child forked per chunk) or "
                            "spawn (gat run-chunk started per chunk)")
                ->check(CLI::IsMember({"fork-server", "spawn"})),
            executor, "process");
  cmd->add_option("--runs-dir", f.runs_dir,
                  "Run records folder (default $GAT_RUNS_DIR, else ./runs)")
      ->check(output_folder());
  cmd->add_option("--log-format", f.log_format,
                  "Progress on stderr: auto (a bar on a terminal, else JSON lines), text or json")
      ->check(CLI::IsMember({"auto", "text", "json"}));
}

runs::RunOptions run_options(const ExecFlags& f) {
  runs::RunOptions o;
  o.executor.name = f.executor;
  o.executor.workers = f.executor == "process" ? parse_workers(f.max_procs, "--max-procs")
                                               : parse_workers(f.threads, "--threads");
  o.executor.max_runtime_s = f.max_runtime_s;
  o.executor.launch = f.launch;
  o.runs_dir = runs::RunStore::default_root(f.runs_dir);
  o.log_format = exec::parse_log_format(f.log_format);
  return o;
}

void add_batch_flags(CLI::App* cmd, BatchFlags& f) {
  add_exec_flags(cmd, f.exec);
  auto* out = cmd->add_option("-o,--out", f.out,
                              "Folder for result tables (default: <runs dir>/<run id>/out), or "
                              "'-' to print one table as CSV on standard output")
                  ->check(output_folder());
  only_with(cmd->add_option("--table", f.table,
                            "With -o -: the table to print (default: the "
                            "study's first)"),
            out, "-");
  cmd->add_flag("--force", f.force,
                "Run the study again from the start, even if it ran before (into this folder or "
                "another)");
  cmd->add_option("--format", f.format, "Table format: parquet (default) or csv")
      ->check(CLI::IsMember({"parquet", "csv"}));
  cmd->add_option("--out-partitions", f.partitions,
                  "Hive folders: hour, contingency, hour,contingency or none (default)");
  cmd->add_option("--emit-chunk-specs", f.emit_dir,
                  "Write the chunk specs to this folder and run nothing (for other schedulers)")
      ->check(output_folder());
}

void report_run(const runs::RunSummary& s, const std::string& what, std::FILE* stream) {
  std::fprintf(stream, "%s  run %s: %lld of %lld chunks done, %lld failed (ran %lld in %.2f s",
               what.c_str(), s.run_id.c_str(), static_cast<long long>(s.done),
               static_cast<long long>(s.total), static_cast<long long>(s.failed),
               static_cast<long long>(s.ran), s.elapsed_s);
  if (s.ran > 0) {
    std::fprintf(stream, ": prepare %.2f, chunks %.2f, reduce %.2f", s.prepare_s, s.chunks_s,
                 s.reduce_s);
  }
  std::fprintf(stream, ")\n");
  if (s.already_complete) {
    std::fprintf(stream, "  complete already: nothing to run (--force runs it again)\n");
  }
  if (!s.reused_from.empty()) {
    std::fprintf(stream,
                 "  reused   the finished tables of this study in %s (copied; --force "
                 "computes them again)\n",
                 (s.reused_from / "").string().c_str());
  }
  std::fprintf(stream, "  results  %s%s\n", (s.out_dir / "").string().c_str(),
               s.complete() ? "  (complete: _SUCCESS)" : "  (incomplete)");
  std::fprintf(stream, "  record   %s/run.json\n", s.run_dir.string().c_str());
  if (s.complete()) return;
  const auto runs_dir = s.run_dir.parent_path().string();
  throw PartialResult(std::to_string(s.total - s.done) + " chunk(s) not done; see `gat runs show " +
                      s.run_id + " --runs-dir " + runs_dir + "`, then `gat admin retry-failed " +
                      s.run_id + " --runs-dir " + runs_dir + "` or `gat runs resume " + s.run_id +
                      " --runs-dir " + runs_dir + "`");
}

void run_batch(exec::StudySpec spec, const BatchFlags& f,
               const std::function<std::string(const runs::RunRecord&)>& highlights,
               const std::function<std::string(const runs::RunRecord&)>& incomplete) {
  spec.gat_version = build::kVersion;
  spec.output.format = f.format;
  // Not partitioned unless asked: a file per chunk, hour and table costs more to write and to
  // read back than most studies take to compute (case2383wp, 2,160 hours on 2 cores: batch pf
  // 7.8 s against 3.0 s, batch pf dc 15.4 s against 4.1 s).
  spec.output.partition_by = split_partitions(f.partitions);
  auto options = run_options(f.exec);
  options.force = f.force;
  // The output folder is not part of the run id, so the default can be named after it.
  const bool to_stdout = f.out == "-";
  const fs::path out =
      f.out.empty() || to_stdout ? options.runs_dir / spec.run_id() / "out" : fs::path(f.out);
  spec.output.dir = fs::absolute(out).lexically_normal().string();

  if (!f.emit_dir.empty()) {
    const auto n = runs::emit_chunk_specs(spec, f.emit_dir);
    std::printf(
        "%s  run %s: %zu chunk specs in %s (run each with gat run-chunk --chunk-spec FILE)\n",
        spec.command.c_str(), spec.run_id().c_str(), n,
        (fs::path(f.emit_dir) / "").string().c_str());
    return;
  }
  const auto summary = runs::run_study(spec, options);
  // With -o -, standard output carries the table and everything else goes to stderr.
  auto* stream = to_stdout ? stderr : stdout;
  report_run(summary, "gat " + spec.command, stream);
  const auto record = runs::RunStore(options.runs_dir).load(summary.run_id);
  if (highlights) std::fputs(highlights(record).c_str(), stream);
  if (to_stdout) print_table(record, f.table);
  const auto why = incomplete ? incomplete(record) : std::string();
  if (!why.empty()) throw PartialResult("results written, but " + why);
}

}  // namespace gat::cli
