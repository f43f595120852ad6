// The process executor: every chunk in a child process running the worker command (the CLI
// makes it `gat run-chunk`).
//
// One thread drives everything: it starts children up to the limit (forked by the fork server,
// or spawned), polls their stdout (the ChunkResult document) and stderr (kept as a tail for
// error messages), kills a child that overruns its deadline, and reaps a child once both of
// its pipes are closed and its exit status is known.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <list>
#include <optional>
#include <string>

#include "gat/core/error.hpp"
#include "gat/exec/atomic_file.hpp"
#include "gat/exec/executor.hpp"
#include "gat/exec/fork_server.hpp"

extern char** environ;

namespace gat::exec {

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::size_t kStderrKeep = 8192;
constexpr int kStderrLines = 12;

struct Child {
  pid_t pid = -1;
  const ChunkSpec* chunk = nullptr;
  int out_fd = -1;
  int err_fd = -1;
  std::string out;
  std::string err;
  Clock::time_point started;
  Clock::time_point deadline = Clock::time_point::max();
  bool timed_out = false;
  bool via_server = false;    // forked by the fork server (which reaps it), else spawned
  std::optional<int> status;  // wait status, from the fork server
};

std::string last_lines(const std::string& text, int n) {
  std::size_t pos = text.size();
  while (pos > 0 && (text[pos - 1] == '\n' || text[pos - 1] == '\r')) --pos;
  const std::size_t end = pos;
  for (int seen = 0; pos > 0; --pos) {
    if (text[pos - 1] == '\n' && ++seen == n) break;
  }
  return text.substr(pos, end - pos);
}

// Still at work: its output is open. A child that closed both (it exited) is only waiting for
// its status from the fork server, and is not killed for the time that takes.
bool working(const Child& c) {
  return c.out_fd >= 0 || c.err_fd >= 0;
}

std::string describe_exit(int status, const Child& child, double limit_s) {
  if (child.timed_out) {
    return "exceeded --max-runtime-per-chunk " + std::to_string(limit_s) + " s and was killed";
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "child process killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "child process exited with status " + std::to_string(WEXITSTATUS(status));
}

// Drains what is readable; closes the descriptor at end of file.
void drain(int& fd, std::string& sink, std::size_t keep) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      sink.append(buffer, static_cast<std::size_t>(n));
      if (keep && sink.size() > 2 * keep) sink.erase(0, sink.size() - keep);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    ::close(fd);  // end of file, or an error that makes the pipe useless
    fd = -1;
    return;
  }
}

class ProcessExecutor final : public Executor {
 public:
  explicit ProcessExecutor(const ExecutorOptions& o)
      : max_procs_(o.workers > 0 ? o.workers : default_workers()),
        max_runtime_s_(o.max_runtime_s),
        chunk_command_(o.chunk_command),
        serve_command_(o.serve_command),
        spec_dir_(o.spec_dir),
        launch_(o.launch) {
    if (spec_dir_.empty()) throw UsageError("process executor: no folder for chunk specs");
    if (chunk_command_.empty()) throw UsageError("process executor: no worker command");
    if (launch_ != "fork-server" && launch_ != "spawn") {
      throw UsageError("unknown process launch '" + launch_ + "' (use fork-server or spawn)");
    }
    for (char** e = environ; *e; ++e) env_.emplace_back(*e);
    env_.push_back("GAT_EXEC_PARENT_PID=" + std::to_string(::getpid()));
    env_.push_back("GAT_EXEC_WORKERS=" + std::to_string(max_procs_));  // the fork server's cores
  }

  std::string_view name() const override { return "process"; }
  int workers() const override { return max_procs_; }

  void warm_up(const StudySpec& study) override {
    if (launch_ == "fork-server" && !serve_command_.empty() && !server_) start_server(study);
  }
  void run(const std::vector<ChunkSpec>& chunks, const ChunkEvents& events) override;

 private:
  void start_server(const StudySpec& study);
  bool start(const ChunkSpec& chunk, Child& child, std::string& error);
  bool launch(const fs::path& spec_file, Child& child, const int out[2], const int err[2],
              std::string& error);
  void poll_children(std::list<Child>& running);
  bool finished(const Child& child) const;
  ChunkResult reap(Child& child);

  int max_procs_;
  double max_runtime_s_;
  std::vector<std::string> chunk_command_;
  std::vector<std::string> serve_command_;
  fs::path spec_dir_;
  std::string launch_;
  std::vector<std::string> env_;
  std::unique_ptr<ForkServerClient> server_;
};

void ProcessExecutor::start_server(const StudySpec& study) {
  try {
    std::error_code ec;
    fs::create_directories(spec_dir_, ec);
    const auto file = spec_dir_ / "study.json";
    atomic_write_file(file, to_json(study).dump(2) + "\n", /*durable=*/false);
    server_ = std::make_unique<ForkServerClient>(
        fill_command(serve_command_, "{study_spec}", file.string()), env_);
  } catch (const std::exception&) {
    server_.reset();  // every chunk is spawned instead, and reports its own error if any
  }
}

bool ProcessExecutor::launch(const fs::path& spec_file, Child& child, const int out[2],
                             const int err[2], std::string& error) {
  if (server_ && server_->alive()) {
    try {
      child.pid = server_->launch(spec_file.string(), out[1], err[1]);
      child.via_server = true;
      return true;
    } catch (const std::exception&) {
      // The server is gone: spawn this chunk and the rest.
    }
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  auto args = fill_command(chunk_command_, "{chunk_spec}", spec_file.string());
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env_) envp.push_back(e.data());
  envp.push_back(nullptr);
  const int rc =
      posix_spawn(&child.pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) error = "cannot start " + args[0] + ": " + std::strerror(rc);
  return rc == 0;
}

bool ProcessExecutor::start(const ChunkSpec& chunk, Child& child, std::string& error) {
  const auto spec_file = spec_dir_ / ("chunk-" + chunk.id + ".json");
  try {
    std::error_code ec;
    fs::create_directories(spec_dir_, ec);
    // Not fsync'ed: a spec can always be made again from the run record.
    atomic_write_file(spec_file, to_json(chunk).dump(2) + "\n", /*durable=*/false);
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return error = std::strerror(errno), false;
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]), ::close(out[1]);
    return error = std::strerror(errno), false;
  }
  const bool ok = launch(spec_file, child, out, err, error);
  ::close(out[1]);
  ::close(err[1]);
  if (!ok) {
    ::close(out[0]), ::close(err[0]);
    return false;
  }
  ::fcntl(out[0], F_SETFL, O_NONBLOCK);
  ::fcntl(err[0], F_SETFL, O_NONBLOCK);
  child.chunk = &chunk;
  child.out_fd = out[0];
  child.err_fd = err[0];
  child.started = Clock::now();
  if (max_runtime_s_ > 0) {
    child.deadline = child.started + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(max_runtime_s_));
  }
  return true;
}

void ProcessExecutor::poll_children(std::list<Child>& running) {
  std::vector<pollfd> fds;
  std::vector<std::pair<Child*, bool>> owner;  // (child, is stdout)
  auto deadline = Clock::time_point::max();
  for (auto& c : running) {
    if (c.out_fd >= 0) fds.push_back({c.out_fd, POLLIN, 0}), owner.emplace_back(&c, true);
    if (c.err_fd >= 0) fds.push_back({c.err_fd, POLLIN, 0}), owner.emplace_back(&c, false);
    if (!c.timed_out && working(c)) deadline = std::min(deadline, c.deadline);
  }
  const bool server = server_ && server_->alive();
  if (server) fds.push_back({server_->fd(), POLLIN, 0});
  int timeout_ms = -1;
  if (deadline != Clock::time_point::max()) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    timeout_ms = static_cast<int>(std::max<std::int64_t>(0, left.count() + 1));
  }
  if (!fds.empty() && ::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) {
    throw Error(std::string("process executor: poll failed: ") + std::strerror(errno));
  }
  for (std::size_t i = 0; i < owner.size(); ++i) {
    if (!fds[i].revents) continue;
    auto& [c, is_out] = owner[i];
    if (is_out)
      drain(c->out_fd, c->out, 0);
    else
      drain(c->err_fd, c->err, kStderrKeep);
  }
  if (server) {
    for (const auto& [pid, status] : server_->take_exits()) {
      for (auto& c : running) {
        if (c.pid == pid) c.status = status;
      }
    }
  }
  const auto now = Clock::now();
  for (auto& c : running) {
    if (!c.timed_out && working(c) && now >= c.deadline) {
      ::kill(c.pid, SIGKILL);
      c.timed_out = true;
    }
  }
}

bool ProcessExecutor::finished(const Child& c) const {
  if (c.out_fd >= 0 || c.err_fd >= 0) return false;
  // A forked child's status comes from the server; if the server died, it never will.
  return !c.via_server || c.status || !(server_ && server_->alive());
}

ChunkResult ProcessExecutor::reap(Child& child) {
  int status = 0;
  if (!child.via_server) {
    while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
  } else if (child.status) {
    status = *child.status;
  } else {
    status = SIGKILL;  // the fork server died, and took its children along (PDEATHSIG)
  }
  const double wall_s = std::chrono::duration<double>(Clock::now() - child.started).count();
  ChunkResult result;
  bool parsed = false;
  if (!child.timed_out) {
    try {
      result =
          chunk_result_from_json(parse_json(child.out, "run-chunk output"), "run-chunk output");
      parsed = true;
    } catch (const std::exception&) {
    }
  }
  const bool clean_exit = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!parsed) {
    result = failed_result(*child.chunk, describe_exit(status, child, max_runtime_s_));
  } else if (!clean_exit && result.ok()) {
    result.state = ChunkState::kFailed;  // it said done but did not exit cleanly
    result.error = describe_exit(status, child, max_runtime_s_);
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (!result.ok()) result.stderr_tail = last_lines(child.err, kStderrLines);
  result.duration_s = wall_s;
  return result;
}

void ProcessExecutor::run(const std::vector<ChunkSpec>& chunks, const ChunkEvents& events) {
  if (!chunks.empty()) warm_up(chunks.front().study);
  std::list<Child> running;
  std::size_t next = 0;
  while (next < chunks.size() || !running.empty()) {
    if (events.cancelled && events.cancelled()) next = chunks.size();
    while (next < chunks.size() && static_cast<int>(running.size()) < max_procs_) {
      const auto& chunk = chunks[next++];
      if (events.started) events.started(chunk);
      Child child;
      std::string error;
      if (start(chunk, child, error)) {
        running.push_back(std::move(child));
      } else if (events.finished) {
        events.finished(failed_result(chunk, error));
      }
    }
    if (running.empty()) continue;
    poll_children(running);
    for (auto it = running.begin(); it != running.end();) {
      if (!finished(*it)) {
        ++it;
        continue;
      }
      auto result = reap(*it);
      it = running.erase(it);
      if (events.finished) events.finished(std::move(result));
    }
  }
  server_.reset();
}

}  // namespace

std::vector<std::string> fill_command(std::vector<std::string> command,
                                      std::string_view placeholder, std::string_view value) {
  for (auto& word : command) {
    for (auto at = word.find(placeholder); at != std::string::npos;
         at = word.find(placeholder, at + value.size()))
      word.replace(at, placeholder.size(), value);
  }
  return command;
}

std::unique_ptr<Executor> make_process_executor(const ExecutorOptions& options) {
  return std::make_unique<ProcessExecutor>(options);
}

}  // namespace gat::exec
