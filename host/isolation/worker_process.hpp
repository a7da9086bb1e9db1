// One connector-worker process as the host holds it: started with its end of a
// socket pair, watched through a pidfd, ended and reaped.
//
// The pidfd is what makes this exact: poll() tells the moment the worker ends (even
// when a child the plugin forked keeps the socket open), signals go to this process
// and never to a recycled pid, and waitid(P_PIDFD) reaps exactly it. Nothing here
// reaps any other child of the host.
//
// The worker runs in a process group of its own: Ctrl-C on a terminal reaches the
// host only, which cancels the calls in progress through the protocol; and when the
// worker is over, whatever the plugin forked and left behind in that group is killed
// with it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace connector::host::isolation {

// How a worker ended.
struct WorkerExit {
  int signal = 0;  // the signal that ended it; 0 when it exited
  int status = 0;  // its exit status, when it exited

  // "crashed (SIGSEGV)", "exited with status 3", "was killed (SIGKILL)".
  std::string describe() const;
};

class WorkerProcess {
 public:
  // Starts `executable` with `arguments` (after argv[0]) and exactly `environment`
  // ("NAME=value"), its end of a new socket pair on worker_socket_fd and no other
  // descriptor of the host's. Throws std::system_error when it cannot be started.
  static std::unique_ptr<WorkerProcess> start(const std::filesystem::path& executable,
                                              const std::vector<std::string>& arguments,
                                              const std::vector<std::string>& environment);
  // Kills (SIGKILL) and reaps a worker still running.
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }
  int socket() const noexcept { return socket_; }  // the host's end
  int pidfd() const noexcept { return pidfd_; }    // readable once the worker ended

  // How it ended, once it has (it is then reaped); nullopt while it runs.
  std::optional<WorkerExit> exited();
  // Waits up to `limit` for it to end by itself.
  std::optional<WorkerExit> wait_for_exit(std::chrono::milliseconds limit);
  // SIGTERM, then SIGKILL when it has not ended within `grace`; reaps it. What it
  // says is how the worker ended (a worker that had ended already says how).
  WorkerExit end(std::chrono::milliseconds grace);

 private:
  WorkerProcess(pid_t pid, int socket, int pidfd) : pid_(pid), socket_(socket), pidfd_(pidfd) {}
  void signal(int number) const noexcept;
  // Kills what is left of the worker's process group (processes the plugin forked).
  // Only while the worker is not yet reaped: its pid, the group's id, is then taken.
  void kill_group() const noexcept;

  pid_t pid_;
  int socket_;
  int pidfd_;
  std::optional<WorkerExit> exit_;  // set once reaped
};

}  // namespace connector::host::isolation
