#include "gat/exec/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "gat/core/error.hpp"

namespace gat::exec {

namespace fs = std::filesystem;

namespace {

std::string reason(int err) {
  if (err == ENOSPC) return "no space left on device";
  return std::strerror(err);
}

// Owns a file descriptor; closes it on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

void write_all(int fd, std::string_view bytes, const fs::path& target) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error("cannot write " + target.string() + ": " + reason(errno));
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace

bool is_temporary_name(std::string_view name) {
  return name.size() > 1 && name.front() == '.' && name.find(".tmp-") != std::string_view::npos;
}

void fsync_dir(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) throw Error("cannot open folder " + dir.string() + ": " + reason(errno));
  if (::fsync(fd.get()) != 0 && errno != EINVAL) {
    throw Error("cannot sync folder " + dir.string() + ": " + reason(errno));
  }
}

void atomic_write_file(const fs::path& file, std::string_view bytes, bool durable) {
  static std::atomic<unsigned> counter{0};
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  const fs::path temp = dir / ("." + file.filename().string() + ".tmp-" +
                               std::to_string(::getpid()) + "-" + std::to_string(counter++));
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) throw Error("cannot write " + file.string() + ": " + reason(errno));
  try {
    write_all(fd.get(), bytes, file);
    if (durable && ::fsync(fd.get()) != 0) {
      throw Error("cannot write " + file.string() + ": " + reason(errno));
    }
    if (::close(fd.release()) != 0) {
      throw Error("cannot write " + file.string() + ": " + reason(errno));
    }
    if (::rename(temp.c_str(), file.c_str()) != 0) {
      throw Error("cannot write " + file.string() + ": " + reason(errno));
    }
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  if (durable) fsync_dir(dir);
}

}  // namespace gat::exec
