// A child process for tests: started with posix_spawn, stdout and stderr into files,
// signalled, and waited for with a bound. Killed (SIGKILL) if still running when the
// object goes, so a failed test never leaves a process behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace service_tests {

class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
               const std::filesystem::path& stdout_file, const std::filesystem::path& stderr_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void signal(int number) const;
  // The exit code (128 + signal when killed by one), or nullopt when it is still
  // running after `limit`.
  std::optional<int> wait_for(std::chrono::milliseconds limit);
  bool running();

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

}  // namespace service_tests
