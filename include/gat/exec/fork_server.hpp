// A fork server for the process executor.
//
// Starting `gat run-chunk` costs ~20 ms of CPU before main() (the dynamic loader binding the
// Arrow libraries), and every chunk would read the case again. So by default the process
// executor starts one server per run, `gat run-chunk --serve STUDY`: a fresh process that
// reads the study's inputs once and then forks one child per chunk. Each chunk still runs in a
// process of its own — a crash, a kill or a runaway allocation takes down that child only —
// and no child inherits anything from another chunk: the server never runs chunks itself.
//
// Protocol (a SOCK_SEQPACKET socket pair, fd 3 in the server; one message per line of text):
//   server -> client  READY                     the study is open
//   client -> server  RUN <spec file>           with two descriptors: the child's stdout, stderr
//   server -> client  PID <pid> | ERR <reason>  the child is running, or could not be forked
//   server -> client  EXIT <pid> <wait status>  a child ended (after its PID)
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace gat::exec {

// Server side: answers requests on socket_fd until it closes. Each child redirects stdout and
// stderr to the descriptors it was sent, calls run(spec_file) and exits with its result.
// Call it single-threaded (forking a process that has other threads is unsafe); allocator
// threads that register fork handlers (jemalloc's) are fine.
void serve_forks(int socket_fd, const std::function<int(const std::string&)>& run);

// Client side, used by the process executor.
class ForkServerClient {
 public:
  // Starts `command` (program first: `gat run-chunk --serve STUDY_FILE`), which reads the
  // study's inputs meanwhile; throws gat::Error when it cannot start. The first launch() waits
  // until it is READY, and throws if it exits first (e.g. an input cannot be read).
  ForkServerClient(std::vector<std::string> command, const std::vector<std::string>& env);
  ~ForkServerClient();
  ForkServerClient(const ForkServerClient&) = delete;
  ForkServerClient& operator=(const ForkServerClient&) = delete;

  // Forks a child for one chunk, its stdout and stderr going to out_fd and err_fd (the caller
  // keeps and closes its copies). Returns the child's pid; throws gat::Error if the server
  // is gone.
  pid_t launch(const std::string& spec_file, int out_fd, int err_fd);
  // The socket, for poll(): readable when an EXIT (or the server's end) arrived.
  int fd() const { return socket_; }
  // Every (pid, wait status) reported since the last call; never blocks.
  std::vector<std::pair<pid_t, int>> take_exits();
  bool alive() const { return alive_; }

 private:
  void handle(const std::string& message);
  void wait_ready();

  pid_t server_ = -1;
  int socket_ = -1;
  bool alive_ = false;
  bool ready_ = false;
  pid_t launched_ = -1;
  std::vector<std::pair<pid_t, int>> exits_;
};

}  // namespace gat::exec
