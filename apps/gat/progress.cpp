#include "progress.hpp"

#include <oneapi/tbb/info.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>

#include "gat/core/error.hpp"

namespace gat::cli {

void add_threads_option(CLI::App* cmd, std::string& threads) {
  cmd->add_option("--threads", threads, "Worker threads: a number, or auto (every core)")
      ->check([](const std::string& v) -> std::string {
        if (v == "auto") return {};
        int n = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc{} || end != v.data() + v.size()) return "must be a number or auto";
        return n > 0 ? std::string{} : "must be positive or auto";
      });
}

std::unique_ptr<tbb::global_control> limit_threads(const std::string& threads) {
  if (threads.empty() || threads == "auto") return nullptr;
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                               static_cast<std::size_t>(std::stoi(threads)));
}

int thread_count() {
  return static_cast<int>(
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
}

Progress::Progress(std::string what)
    : what_(std::move(what)),
      enabled_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  finish();
}

void Progress::update(std::size_t done, std::size_t total) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(100) && done < total) return;
  last_ = now;
  shown_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double pct = total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
  std::fprintf(stderr, "\r  %s  %zu/%zu  (%.0f %%)  %.1f s ", what_.c_str(), done, total, pct,
               elapsed);
  std::fflush(stderr);
}

void Progress::finish() {
  if (!enabled_ || !shown_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace gat::cli
