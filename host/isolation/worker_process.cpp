#include "isolation/worker_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "worker_protocol/startup.hpp"

// Debian 12's glibc (2.36) declares these without extern "C" (fixed in 2.37).
extern "C" {
#include <sys/pidfd.h>
}

namespace connector::host::isolation {
namespace {

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// Owns a posix_spawn object for the duration of one start.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnSetup() {
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const auto& s : strings) pointers.push_back(const_cast<char*>(s.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

bool is_crash(int signal) {
  switch (signal) {
    case SIGSEGV:
    case SIGBUS:
    case SIGILL:
    case SIGFPE:
    case SIGABRT:
    case SIGTRAP:
    case SIGSYS:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string WorkerExit::describe() const {
  if (signal == 0) return "exited with status " + std::to_string(status);
  const char* abbreviation = ::sigabbrev_np(signal);
  const std::string name = abbreviation != nullptr ? std::string("SIG") + abbreviation
                                                   : "signal " + std::to_string(signal);
  return (is_crash(signal) ? "crashed (" : "was killed (") + name + ")";
}

std::unique_ptr<WorkerProcess> WorkerProcess::start(const std::filesystem::path& executable,
                                                    const std::vector<std::string>& arguments,
                                                    const std::vector<std::string>& environment) {
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) fail("socketpair");
  const int host_end = ends[0];
  int worker_end = ends[1];
  // dup2 onto the same number would keep close-on-exec set: move it out of the way.
  if (worker_end == worker_protocol::worker_socket_fd) {
    worker_end = ::fcntl(worker_end, F_DUPFD_CLOEXEC, worker_protocol::worker_socket_fd + 1);
    ::close(ends[1]);
  }

  SpawnSetup setup;
  posix_spawn_file_actions_adddup2(&setup.actions, worker_end, worker_protocol::worker_socket_fd);
  // Whatever else the host has open (the store, listening sockets) stays with it.
  posix_spawn_file_actions_addclosefrom_np(&setup.actions, worker_protocol::worker_socket_fd + 1);
  sigset_t none;
  sigemptyset(&none);
  sigset_t reset;
  sigemptyset(&reset);
  for (const int number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD}) sigaddset(&reset, number);
  posix_spawnattr_setsigmask(&setup.attributes, &none);
  posix_spawnattr_setsigdefault(&setup.attributes, &reset);
  posix_spawnattr_setpgroup(&setup.attributes, 0);
  posix_spawnattr_setflags(&setup.attributes,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<std::string> argv{executable.string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  const std::vector<char*> c_argv = c_strings(argv);
  const std::vector<char*> c_environment = c_strings(environment);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, executable.c_str(), &setup.actions, &setup.attributes,
                                    c_argv.data(), c_environment.data());
  ::close(worker_end);
  if (spawned != 0) {
    ::close(host_end);
    errno = spawned;
    fail(("cannot start " + executable.string()).c_str());
  }
  const int pidfd = ::pidfd_open(pid, 0);
  if (pidfd < 0) {
    const int error = errno;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ::close(host_end);
    errno = error;
    fail("pidfd_open (Linux 5.3 or later is needed to run plugins in worker processes)");
  }
  return std::unique_ptr<WorkerProcess>(new WorkerProcess(pid, host_end, pidfd));
}

WorkerProcess::~WorkerProcess() {
  if (!exit_) {
    signal(SIGKILL);
    wait_for_exit(std::chrono::milliseconds(-1));
  }
  ::close(socket_);
  ::close(pidfd_);
}

void WorkerProcess::signal(int number) const noexcept {
  ::pidfd_send_signal(pidfd_, number, nullptr, 0);
}

void WorkerProcess::kill_group() const noexcept { ::kill(-pid_, SIGKILL); }

std::optional<WorkerExit> WorkerProcess::exited() {
  if (exit_) return exit_;
  const auto wait = [&](int options, siginfo_t& info) {
    while (::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pidfd_), &info, options) !=
           0) {
      if (errno != EINTR) return false;
    }
    return true;
  };
  siginfo_t info{};
  // Looked at without reaping first: a zombie keeps its pid, and so its group's id,
  // so the group can be killed without any chance of reaching a stranger.
  if (!wait(WEXITED | WNOHANG | WNOWAIT, info) || info.si_pid == 0) return std::nullopt;
  kill_group();
  if (!wait(WEXITED, info)) return std::nullopt;
  WorkerExit exit;
  if (info.si_code == CLD_EXITED) {
    exit.status = info.si_status;
  } else {
    exit.signal = info.si_status;
  }
  exit_ = exit;
  return exit_;
}

std::optional<WorkerExit> WorkerProcess::wait_for_exit(std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (auto exit = exited()) return exit;
    int timeout = -1;
    if (limit.count() >= 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      timeout = static_cast<int>(left.count());
    }
    pollfd watch{pidfd_, POLLIN, 0};
    ::poll(&watch, 1, timeout);
  }
}

WorkerExit WorkerProcess::end(std::chrono::milliseconds grace) {
  if (auto exit = exited()) return *exit;
  signal(SIGTERM);
  if (auto exit = wait_for_exit(grace)) return *exit;
  signal(SIGKILL);
  return *wait_for_exit(std::chrono::milliseconds(-1));
}

}  // namespace connector::host::isolation
