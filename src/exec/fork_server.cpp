#include "gat/exec/fork_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

#include "gat/core/error.hpp"

namespace gat::exec {

namespace {

constexpr std::size_t kMaxMessage = 8192;

void send_message(int fd, const std::string& text, const int* fds = nullptr, int n_fds = 0) {
  iovec io{const_cast<char*>(text.data()), text.size()};
  msghdr msg{};
  msg.msg_iov = &io;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) std::array<char, CMSG_SPACE(2 * sizeof(int))> control{};
  if (n_fds > 0) {
    msg.msg_control = control.data();
    msg.msg_controllen = CMSG_SPACE(static_cast<std::size_t>(n_fds) * sizeof(int));
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(static_cast<std::size_t>(n_fds) * sizeof(int));
    std::memcpy(CMSG_DATA(c), fds, static_cast<std::size_t>(n_fds) * sizeof(int));
  }
  while (::sendmsg(fd, &msg, MSG_NOSIGNAL) < 0) {
    if (errno != EINTR)
      throw Error(std::string("fork server: send failed: ") + std::strerror(errno));
  }
}

// One message and up to two descriptors: 1, or 0 at the end of the stream, or -1 (errno set:
// EAGAIN when non-blocking and nothing is there).
int receive_message(int fd, std::string& text, int* fds, int flags) {
  std::array<char, kMaxMessage> buffer{};
  iovec io{buffer.data(), buffer.size()};
  msghdr msg{};
  msg.msg_iov = &io;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) std::array<char, CMSG_SPACE(2 * sizeof(int))> control{};
  msg.msg_control = control.data();
  msg.msg_controllen = control.size();
  ssize_t n;
  while ((n = ::recvmsg(fd, &msg, flags | MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
  }
  if (n <= 0) return n == 0 ? 0 : -1;
  text.assign(buffer.data(), static_cast<std::size_t>(n));
  if (fds) fds[0] = fds[1] = -1;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && fds) {
      std::memcpy(fds, CMSG_DATA(c),
                  std::min<std::size_t>(c->cmsg_len - CMSG_LEN(0), 2 * sizeof(int)));
    }
  }
  return 1;
}

[[noreturn]] void run_child(int out_fd, int err_fd, pid_t server, const sigset_t& mask,
                            const std::string& spec,
                            const std::function<int(const std::string&)>& run) {
  ::pthread_sigmask(SIG_SETMASK, &mask, nullptr);
  ::dup2(out_fd, 1);
  ::dup2(err_fd, 2);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != server) ::_exit(1);
  int code = 70;
  try {
    code = run(spec);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gat: internal error: %s\n", e.what());
  }
  std::fflush(nullptr);
  ::_exit(code);  // no static destructors: they belong to the server
}

void reap(std::set<pid_t>& children, int socket_fd, bool report) {
  int status = 0;
  pid_t pid;
  while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
    children.erase(pid);
    if (report)
      send_message(socket_fd, "EXIT " + std::to_string(pid) + " " + std::to_string(status));
  }
}

}  // namespace

void serve_forks(int sock, const std::function<int(const std::string&)>& run) {
  sigset_t chld, old;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  ::pthread_sigmask(SIG_BLOCK, &chld, &old);
  const int sfd = ::signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) throw Error(std::string("fork server: signalfd: ") + std::strerror(errno));
  const pid_t self = ::getpid();
  std::set<pid_t> children;
  send_message(sock, "READY");
  for (;;) {
    pollfd fds[2] = {{sfd, POLLIN, 0}, {sock, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) break;
    if (fds[0].revents) {
      signalfd_siginfo info;
      while (::read(sfd, &info, sizeof info) > 0) {
      }
      reap(children, sock, true);
    }
    if (!fds[1].revents) continue;
    std::string message;
    int passed[2];
    if (receive_message(sock, message, passed, 0) <= 0) break;  // the executor is done (or gone)
    if (message.rfind("RUN ", 0) != 0 || passed[0] < 0 || passed[1] < 0) {
      send_message(sock, "ERR bad request");
    } else {
      const pid_t pid = ::fork();
      if (pid == 0) {
        ::close(sfd);
        ::close(sock);
        run_child(passed[0], passed[1], self, old, message.substr(4), run);
      }
      if (pid < 0) {
        send_message(sock, std::string("ERR fork failed: ") + std::strerror(errno));
      } else {
        children.insert(pid);
        send_message(sock, "PID " + std::to_string(pid));
      }
    }
    for (int fd : passed) {
      if (fd >= 0) ::close(fd);
    }
  }
  for (pid_t pid : children) ::kill(pid, SIGKILL);
  ::close(sfd);
}

ForkServerClient::ForkServerClient(std::vector<std::string> command,
                                   const std::vector<std::string>& env) {
  if (command.empty()) throw Error("fork server: no command");
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
    throw Error(std::string("fork server: socketpair: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pair[1], 3);
  std::vector<char*> argv, envp;
  for (auto& a : command) argv.push_back(a.data());
  argv.push_back(nullptr);
  auto env_copy = env;
  for (auto& e : env_copy) envp.push_back(e.data());
  envp.push_back(nullptr);
  const int rc =
      posix_spawn(&server_, command[0].c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(pair[1]);
  socket_ = pair[0];
  if (rc != 0) {
    ::close(socket_);
    throw Error("fork server: cannot start " + command[0] + ": " + std::strerror(rc));
  }
  alive_ = true;  // until it fails to say READY
}

void ForkServerClient::wait_ready() {
  if (ready_ || !alive_) return;
  std::string message;
  if (receive_message(socket_, message, nullptr, 0) <= 0 || message != "READY") {
    alive_ = false;
    throw Error("fork server did not start (the study could not be opened?)");
  }
  ready_ = true;
}

ForkServerClient::~ForkServerClient() {
  if (!ready_) ::kill(server_, SIGKILL);  // still reading the inputs: not worth waiting for
  ::close(socket_);                       // the server sees the end of the stream and exits
  while (::waitpid(server_, nullptr, 0) < 0 && errno == EINTR) {
  }
}

void ForkServerClient::handle(const std::string& message) {
  long long a = 0, b = 0;
  if (std::sscanf(message.c_str(), "EXIT %lld %lld", &a, &b) == 2) {
    exits_.emplace_back(static_cast<pid_t>(a), static_cast<int>(b));
  } else if (std::sscanf(message.c_str(), "PID %lld", &a) == 1) {
    launched_ = static_cast<pid_t>(a);
  } else if (message.rfind("ERR", 0) == 0) {
    throw Error("fork server: " + message.substr(std::min<std::size_t>(4, message.size())));
  }
}

pid_t ForkServerClient::launch(const std::string& spec_file, int out_fd, int err_fd) {
  wait_ready();
  if (!alive_) throw Error("fork server is not running");
  const int fds[2] = {out_fd, err_fd};
  send_message(socket_, "RUN " + spec_file, fds, 2);
  launched_ = -1;
  std::string message;
  while (launched_ < 0) {
    if (receive_message(socket_, message, nullptr, 0) <= 0) {
      alive_ = false;
      throw Error("fork server ended unexpectedly");
    }
    handle(message);
  }
  return launched_;
}

std::vector<std::pair<pid_t, int>> ForkServerClient::take_exits() {
  std::string message;
  while (alive_) {
    const int got = receive_message(socket_, message, nullptr, MSG_DONTWAIT);
    if (got > 0) {
      handle(message);
      continue;
    }
    if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) alive_ = false;
    break;
  }
  return std::exchange(exits_, {});
}

}  // namespace gat::exec
