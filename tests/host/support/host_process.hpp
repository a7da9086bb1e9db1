// Runs the real connector-host binary as a child process, the way a user would.
//
// stdout and stderr go to files in the test's workspace, so a test can read them
// while the child still runs (the cancellation test waits for a log line) and after.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace host_test {

struct HostResult {
  int exit_code = -1;  // the exit status, or 128 + signal when killed by one
  std::string out;     // stdout
  std::string err;     // stderr
  std::chrono::milliseconds elapsed{0};
};

class HostProcess {
 public:
  // Starts `executable args...` in `working_directory` with the current environment
  // plus `environment` (a value of "" removes the variable).
  HostProcess(const std::filesystem::path& executable, const std::vector<std::string>& args,
              const std::filesystem::path& working_directory,
              const std::map<std::string, std::string>& environment);
  ~HostProcess();  // kills the child if it still runs: nothing outlives a test
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }

  // Waits up to `timeout` for stderr to contain `text`; false on timeout or exit.
  bool wait_for_stderr(const std::string& text, std::chrono::milliseconds timeout);

  void send_signal(int signal);

  // Waits for the exit; on timeout kills the child and returns nullopt.
  std::optional<HostResult> wait(std::chrono::milliseconds timeout);

 private:
  std::string read_stderr() const;

  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;  // valid once reaped_
  std::filesystem::path out_file_;
  std::filesystem::path err_file_;
  std::chrono::steady_clock::time_point started_;
};

// Runs to completion (at most 30 s) and returns what the host printed.
HostResult run_host(const std::filesystem::path& executable, const std::vector<std::string>& args,
                    const std::filesystem::path& working_directory,
                    const std::map<std::string, std::string>& environment = {});

}  // namespace host_test
