#include "gat/exec/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "gat/core/error.hpp"

namespace gat::exec {

namespace {

constexpr int kBarWidth = 28;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

}  // namespace

LogFormat parse_log_format(std::string_view name, std::FILE* stream) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  if (name == "auto") return ::isatty(::fileno(stream)) ? LogFormat::kText : LogFormat::kJson;
  throw UsageError("unknown log format '" + std::string(name) + "' (use auto, text or json)");
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto s = static_cast<long long>(std::llround(seconds));
  char buf[32];
  if (seconds < 10)
    std::snprintf(buf, sizeof buf, "%.1fs", seconds);
  else if (s < 60)
    std::snprintf(buf, sizeof buf, "%llds", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

Progress::Progress(LogFormat format, std::string run_id, std::int64_t total, std::int64_t done,
                   std::int64_t failed, std::FILE* stream)
    : format_(format),
      run_id_(std::move(run_id)),
      total_(total),
      done_(done),
      failed_(failed),
      stream_(stream) {}

double Progress::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::json_line(const nlohmann::json& event) {
  std::fprintf(stream_, "%s\n", event.dump().c_str());
  std::fflush(stream_);
}

void Progress::begin(std::string_view executor, int workers) {
  if (format_ == LogFormat::kJson) {
    json_line({{"event", "run_start"},
               {"run_id", run_id_},
               {"executor", executor},
               {"workers", workers},
               {"chunks", total_},
               {"done", done_}});
    return;
  }
  std::fprintf(stream_, "run %s: %lld chunks (%lld already done), %s executor, %d workers\n",
               run_id_.c_str(), static_cast<long long>(total_), static_cast<long long>(done_),
               std::string(executor).c_str(), workers);
  draw(true);
}

void Progress::finished(const ChunkResult& r) {
  r.ok() ? (++done_, ++done_here_) : ++failed_;
  if (format_ == LogFormat::kJson) {
    nlohmann::json event = {{"event", "chunk"},    {"run_id", run_id_},
                            {"chunk", r.chunk_id}, {"status", to_string(r.state)},
                            {"rows", r.rows},      {"duration_s", r.duration_s},
                            {"done", done_},       {"failed", failed_},
                            {"total", total_}};
    if (!r.ok()) event["error"] = r.error;
    json_line(event);
    return;
  }
  if (!r.ok()) {
    if (drawn_) std::fprintf(stream_, "\r\x1b[K");
    std::fprintf(stream_, "chunk %s failed: %s\n", r.chunk_id.c_str(), r.error.c_str());
    draw(true);
    return;
  }
  draw(false);
}

void Progress::note(const std::string& message) {
  if (format_ == LogFormat::kJson) {
    json_line({{"event", "note"}, {"run_id", run_id_}, {"message", message}});
    return;
  }
  if (drawn_) std::fprintf(stream_, "\r\x1b[K");
  std::fprintf(stream_, "%s\n", message.c_str());
  drawn_ = false;
}

void Progress::draw(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < kRedrawEvery && done_ + failed_ < total_) return;
  last_draw_ = now;
  const double fraction = total_ > 0 ? static_cast<double>(done_) / static_cast<double>(total_) : 1;
  const int filled = static_cast<int>(fraction * kBarWidth);
  const double t = elapsed_s();
  const double rate = t > 0 ? static_cast<double>(done_here_) / t : 0;
  const auto left = total_ - done_ - failed_;
  const std::string eta = rate > 0 ? format_duration(static_cast<double>(left) / rate) : "?";
  std::fprintf(stream_, "\r\x1b[K[%s%s] %lld/%lld chunks  %.1f/s  ETA %s",
               std::string(filled, '#').c_str(), std::string(kBarWidth - filled, '.').c_str(),
               static_cast<long long>(done_), static_cast<long long>(total_), rate, eta.c_str());
  if (failed_) std::fprintf(stream_, "  %lld failed", static_cast<long long>(failed_));
  std::fflush(stream_);
  drawn_ = true;
}

void Progress::end() {
  if (format_ == LogFormat::kJson) {
    json_line({{"event", "run_end"},
               {"run_id", run_id_},
               {"done", done_},
               {"failed", failed_},
               {"total", total_},
               {"elapsed_s", elapsed_s()}});
    return;
  }
  draw(true);
  std::fprintf(stream_, "\n");
  drawn_ = false;
}

}  // namespace gat::exec
