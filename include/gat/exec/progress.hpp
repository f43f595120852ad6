// Progress of a run, on stderr: a bar on a terminal (chunks done/total, rate, ETA, failures),
// one JSON object a line otherwise (--log-format json), for log collectors and CI.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "gat/exec/chunk_spec.hpp"

namespace gat::exec {

enum class LogFormat { kText, kJson };

// "auto" (text on a terminal, JSON otherwise), "text" or "json"; UsageError otherwise.
LogFormat parse_log_format(std::string_view name, std::FILE* stream = stderr);

class Progress {
 public:
  // total counts every chunk of the run; done those already done before this session.
  Progress(LogFormat format, std::string run_id, std::int64_t total, std::int64_t done,
           std::int64_t failed = 0, std::FILE* stream = stderr);

  void begin(std::string_view executor, int workers);
  void finished(const ChunkResult& result);
  // A line that is not about one chunk (a resume verifying checksums, a retry's back-off).
  void note(const std::string& message);
  void end();

 private:
  void draw(bool force);
  void json_line(const nlohmann::json& event);
  double elapsed_s() const;

  LogFormat format_;
  std::string run_id_;
  std::int64_t total_, done_, failed_, done_here_ = 0;
  std::FILE* stream_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

// "1:05:03", "4:07", "12s"
std::string format_duration(double seconds);

}  // namespace gat::exec
