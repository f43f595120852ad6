#include "gat/runs/run_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "gat/core/error.hpp"
#include "gat/exec/atomic_file.hpp"

namespace gat::runs {

namespace fs = std::filesystem;

RunStore::RunStore(fs::path root) : root_(std::move(root)) {}

fs::path RunStore::default_root(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("GAT_RUNS_DIR"); env && *env) return env;
  return "runs";
}

fs::path RunStore::record_path(const std::string& run_id) const {
  return run_dir(run_id) / "run.json";
}

bool RunStore::exists(const std::string& run_id) const {
  std::error_code ec;
  return fs::exists(record_path(run_id), ec);
}

std::string RunStore::resolve(std::string_view id_or_prefix) const {
  if (id_or_prefix.empty()) throw UsageError("no run id given");
  if (exists(std::string(id_or_prefix))) return std::string(id_or_prefix);
  std::vector<std::string> matches;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    const auto name = entry.path().filename().string();
    if (name.starts_with(id_or_prefix) && exists(name)) matches.push_back(name);
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    throw UsageError("no run '" + std::string(id_or_prefix) + "' in " + root_.string() +
                     " (see gat runs list; --runs-dir or GAT_RUNS_DIR choose the folder)");
  }
  throw UsageError("run id prefix '" + std::string(id_or_prefix) + "' matches " +
                   std::to_string(matches.size()) + " runs; give more digits");
}

RunRecord RunStore::load(const std::string& run_id) const {
  const auto path = record_path(run_id);
  return run_record_from_json(exec::read_json_file(path), path.string());
}

void RunStore::save(const RunRecord& record) const {
  const auto dir = run_dir(record.run_id);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create run folder " + dir.string() + ": " + ec.message());
  exec::atomic_write_file(record_path(record.run_id), to_json(record).dump(1) + "\n");
}

std::vector<RunRecord> RunStore::list() const {
  std::vector<RunRecord> runs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    const auto id = entry.path().filename().string();
    if (!exists(id)) continue;
    try {
      runs.push_back(load(id));
    } catch (const Error&) {
      // A record being replaced or damaged is not a reason to hide every other run.
    }
  }
  std::sort(runs.begin(), runs.end(),
            [](const RunRecord& a, const RunRecord& b) { return a.updated > b.updated; });
  return runs;
}

RunLock::RunLock(const fs::path& run_dir, const std::string& run_id) {
  std::error_code ec;
  fs::create_directories(run_dir, ec);
  const auto path = run_dir / "lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error("cannot open " + path.string() + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    std::string holder;
    std::ifstream(path) >> holder;
    ::close(fd_);
    fd_ = -1;
    throw Error("run " + run_id + " is being run by another gat process" +
                (holder.empty() ? "" : " (pid " + holder + ")") + "; wait for it or stop it first");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] auto n = ::pwrite(fd_, pid.data(), pid.size(), 0);
  }
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace gat::runs
