// The study plug-in interface: what a batch study must provide to be planned into chunks,
// run by any executor, recorded, resumed and read back.
//
//   axes()    the ranges the study spans (hours of a profile, contingencies of a case);
//             the planner cuts them into chunks (exec/planner.hpp).
//   tables()  the tables every chunk writes, with the column `gat runs show --top` ranks by.
//   run()     computes one chunk: its tables, rows in a fixed order, each row carrying the
//             axis columns it belongs to ("hour", "contingency") so that they can become
//             Hive partitions. Must be deterministic and thread-safe (const): the local
//             executor calls it from several threads on one Study.
//   reduce()  optional: tables that need every chunk (a top-k over contingency blocks, a
//             total over hour blocks). Chunks write such a table's share as a *partial*
//             table (under _partial/ in the output folder); once every chunk is done,
//             reduce() reads the shares and returns the final tables, written once.
//
// A study is opened from its StudySpec (reading the inputs it names) once per process: once
// for the local executor, once per chunk in `gat run-chunk`. Adding a study = one class
// and its declaration (StudyType), listed in study_registry.cpp; see docs/runs.md.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gat/exec/chunk_spec.hpp"
#include "gat/exec/planner.hpp"
#include "gat/io/arrow/table.hpp"
#include "gat/runs/study_options.hpp"

namespace gat::runs {

struct TableInfo {
  std::string name;      // "branch"; also the folder under the output folder
  std::string rank_by;   // column ranked by `gat runs show --table NAME --top N`, "" for none
  bool partial = false;  // run() writes this chunk's share; reduce() makes the table
  // Filled in by the run record from the first chunk (or the reduce) that writes the table:
  // the columns its files hold, with which they are read back (CSV has no types).
  std::vector<exec::Column> columns = {};
};

// Every done chunk's share of a partial table, partition columns restored (nullptr if none).
using PartialReader = std::function<std::shared_ptr<arrow::Table>(const std::string& table)>;

class Study {
 public:
  virtual ~Study() = default;
  virtual std::vector<exec::Axis> axes() const = 0;
  virtual std::vector<TableInfo> tables() const = 0;
  virtual std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const = 0;
  // Work every chunk shares, done once before the chunks run, on as many threads as the run
  // has workers: by the local executor, and by the fork server before it forks (which then
  // joins oneTBB's threads: a forked child must not inherit a pool without its threads).
  // Chunks must not depend on it.
  virtual void prepare() const {}
  virtual std::vector<io::NamedTable> reduce(const PartialReader& /*partial*/) const { return {}; }
};

struct RunRecord;

// A study gat can plan, run and resume, and everything about it that is declared once
// (study_options.hpp): the command that runs it, its inputs, options and axes.
struct StudyType {
  std::string command = {};  // "batch pf dc": StudySpec::command, and the words of the CLI command
  std::string summary = {};
  std::vector<InputSpec> inputs = {};
  std::vector<Option> options = {};
  std::vector<AxisSpec> axes = {};
  // Opens a study: reads its inputs, checks its parameters (InputError, UsageError).
  std::unique_ptr<Study> (*open)(const exec::StudySpec& spec) = nullptr;
  // What a finished run found, for the terminal, read back from its tables (may be empty).
  std::function<std::string(const RunRecord&)> highlights = {};
  // Why the results of a run whose every chunk is done are still not whole (an island not
  // solved, an OPF not optimal, an AC base case not converged), read back from its tables; ""
  // when they are. The command then exits 3 (cli::PartialResult) with this message, its tables
  // written.
  std::function<std::string(const RunRecord&)> incomplete = {};
  std::string examples = {};  // the command's --help footer
  bool hidden = false;        // benchmarks only: not in --help or docs
};

const std::vector<StudyType>& study_types();
// The study a command names; UsageError when there is none.
const StudyType& study_type(std::string_view command);

// Checks that every input still has the SHA-256 the spec records (an Error naming the file
// otherwise: results would not be those of the planned study), then opens the study.
std::unique_ptr<Study> open_study(const exec::StudySpec& spec);

}  // namespace gat::runs
