// Pieces every gat command shares: output options, table emission, timing, formatting.
#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "gat/core/error.hpp"
#include "gat/core/network.hpp"
#include "gat/io/arrow/table.hpp"

namespace gat::cli {

// Each command file registers its subcommand(s) on the root app.
void add_inspect_command(CLI::App& app);
void add_pf_command(CLI::App& app);
void add_doctor_command(CLI::App& app);
void add_sens_command(CLI::App& app);
void add_nminus1_command(CLI::App& app);
void add_batch_command(CLI::App& app);

// Thrown after results were written when some of them are missing (an unsolved island, a
// non-converged hour): the command exits with status 3 instead of 0.
class PartialResult : public Error {
 public:
  using Error::Error;
};

struct OutputOptions {
  std::string out;  // folder, or "-" for standard output
  std::string format = "parquet";
  std::string table;  // with -o -: which table to print
};

void add_output_options(CLI::App* cmd, OutputOptions& options);

// Writes tables to options.out (every table) or, for "-", the selected table to stdout
// (default: primary) as CSV unless a format was given. Returns a line for the summary.
std::string emit_tables(const std::vector<io::NamedTable>& tables, const OutputOptions& options,
                        std::string_view primary);

// Loads a case by name or path and logs what was read.
core::Network load_network(const std::string& name_or_path);

// Where human-readable summaries go: stdout, or stderr when stdout carries a table.
std::FILE* summary_stream(const OutputOptions& options);

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

// 12345.678 -> "12,345.7"
std::string thousands(double value, int decimals = 1);

}  // namespace gat::cli
