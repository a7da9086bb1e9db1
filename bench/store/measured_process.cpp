#include "measured_process.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>

extern char** environ;

namespace store_bench {

Measured run_measured(const std::vector<std::string>& argv,
                      const std::map<std::string, std::string>& environment, bool keep_stdout,
                      const std::string& stderr_file) {
  // posix_spawn, not fork: a forked child starts with this process's resident pages,
  // and its peak RSS (ru_maxrss) would count the bench's memory. posix_spawn shares
  // this process's memory until the exec, and the exec records the shared memory's
  // PEAK resident size as the child's starting ru_maxrss: give freed memory back and
  // reset this process's peak to its current size first (clear_refs 5), so the child's
  // figure is its own, give or take this process's few MiB. Without it the bench's
  // parse of the simulator's state (~270 MiB) showed as every later child's peak.
  ::malloc_trim(0);
  if (const int fd = ::open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC); fd >= 0) {
    [[maybe_unused]] const ssize_t written = ::write(fd, "5", 1);
    ::close(fd);
  }
  int out_pipe[2] = {-1, -1};
  if (keep_stdout && ::pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (keep_stdout) {
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, out_pipe[1]);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  }
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO,
                                   stderr_file.empty() ? "/dev/null" : stderr_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::string name = entry.substr(0, entry.find('='));
    if (environment.count(name) == 0) env_strings.push_back(entry);
  }
  for (const auto& [name, value] : environment) env_strings.push_back(name + "=" + value);
  std::vector<char*> env;
  for (auto& entry : env_strings) env.push_back(entry.data());
  env.push_back(nullptr);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (keep_stdout) ::close(out_pipe[1]);
  if (spawned != 0) {
    if (keep_stdout) ::close(out_pipe[0]);
    throw std::runtime_error("cannot start " + argv[0]);
  }
  Measured measured;
  if (keep_stdout) {
    char buffer[65536];
    for (ssize_t n; (n = ::read(out_pipe[0], buffer, sizeof buffer)) > 0;) {
      measured.out.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(out_pipe[0]);
  }
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("wait4 failed");
  measured.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  measured.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  measured.peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  measured.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return measured;
}

}  // namespace store_bench
