// Thread limits and terminal progress, for commands that run long.
#pragma once

#include <oneapi/tbb/global_control.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace gat::cli {

// --threads N|auto (default auto: every core oneTBB sees).
void add_threads_option(CLI::App* cmd, std::string& threads);
// Holds the limit for the life of the returned object; nullptr for "auto".
std::unique_ptr<tbb::global_control> limit_threads(const std::string& threads);
// Threads the study will use.
int thread_count();

// "\r  what  done/total  pct  elapsed" on stderr, at most ten times a second, only when stderr
// is a terminal. Not thread-safe: callers serialize (screen_dc does).
class Progress {
 public:
  explicit Progress(std::string what);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::size_t done, std::size_t total);
  void finish();  // clears the line

 private:
  std::string what_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace gat::cli
