#include "gat/core/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <string>

#include "gat/core/error.hpp"

namespace gat::core {

namespace {

[[noreturn]] void refuse(const std::filesystem::path& file, std::string reason) {
  if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(reason[0]));
  throw InputError(file.string(), 0, "cannot read: " + reason);
}

}  // namespace

void require_readable_file(const std::filesystem::path& file) {
  // open() rather than access(): it answers for this process as it is (root included), and
  // O_NONBLOCK keeps a FIFO from blocking the check.
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) refuse(file, std::strerror(errno));
  struct stat st {};
  const int status = ::fstat(fd, &st);
  const int saved = errno;
  ::close(fd);
  if (status != 0) refuse(file, std::strerror(saved));
  if (S_ISDIR(st.st_mode)) refuse(file, std::strerror(EISDIR));
  if (!S_ISREG(st.st_mode)) refuse(file, "not a regular file");
}

}  // namespace gat::core
