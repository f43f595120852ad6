// Pieces every gat command shares: output options, table emission, timing, formatting.
#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gat/core/error.hpp"
#include "gat/core/network.hpp"
#include "gat/io/arrow/table.hpp"
#include "gat/runs/text.hpp"

namespace gat::cli {

// Each command file registers its subcommand(s) on the root app.
void add_inspect_command(CLI::App& app);
void add_pf_command(CLI::App& app);
void add_opf_command(CLI::App& app);
void add_doctor_command(CLI::App& app);
void add_sens_command(CLI::App& app);
void add_nminus1_command(CLI::App& app);
void add_batch_command(CLI::App& app);
void add_runs_command(CLI::App& app);
void add_run_chunk_command(CLI::App& app);
void add_admin_command(CLI::App& app);
void add_import_command(CLI::App& app);   // import, cmd_import.cpp
void add_convert_command(CLI::App& app);  // convert, cmd_import.cpp
void add_adequacy_command(CLI::App& app);
void add_study_commands(CLI::App& app);  // every runs::StudyType's command (study_command.cpp)

// Thrown after results were written when some of them are missing (an unsolved island, a
// non-converged hour): the command exits with status 3 instead of 0.
class PartialResult : public Error {
 public:
  using Error::Error;
};

// The case positional every command takes, with one help text for all of them.
CLI::Option* add_case_argument(CLI::App* cmd, std::string& case_name);

// Refuses `option` unless `other` was given with `value` (or, when `value` is `other`'s default,
// not given at all): an option that would be accepted and then ignored is a usage error.
void only_with(CLI::Option* option, const CLI::Option* other, const std::string& value,
               bool value_is_default = false);

// Checks an output folder option while the arguments are parsed, before anything runs: a path
// that exists and is not a folder is a usage error. "-" (standard output) passes.
const CLI::Validator& output_folder();

// x > 0 and x >= 0, with a message that names the rule (CLI11's PositiveNumber and
// NonNegativeNumber quote their bounds as a 309-digit number).
const CLI::Validator& positive_number();
const CLI::Validator& non_negative_number();

struct OutputOptions {
  std::string out;  // folder, or "-" for standard output
  std::string format = "parquet";
  std::string table;  // with -o -: which table to print
};

// Writes tables to options.out (every table) or, for "-", the selected table to stdout
// (default: primary) as CSV unless a format was given. Returns a line for the summary.
std::string emit_tables(const std::vector<io::NamedTable>& tables, const OutputOptions& options,
                        std::string_view primary);

// Loads a case by name or path and logs what was read.
core::Network load_network(const std::string& name_or_path);

class Stopwatch {
 public:
  double lap() {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

using runs::thousands;  // 12345.678 -> "12,345.7"

}  // namespace gat::cli
