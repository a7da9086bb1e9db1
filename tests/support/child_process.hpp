// Runs a program as a child process the way a user would: argv (argv[0] searched on
// PATH when it has no '/'), the current environment plus or minus some variables,
// optionally another working directory, stdin from /dev/null. stdout and stderr go
// to files (in a private directory unless the test names them), so a test can read
// them while the child still runs (wait_for_stderr) and after it ended. wait() is
// bounded; a child still running when the object goes is killed (SIGKILL), so
// nothing outlives a test.
//
// One helper for every suite that starts connector-host, the simulator, curl or
// timeout, instead of one posix_spawn copy per suite.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace test_support {

class TempDir;

struct ProcessOptions {
  // Added to the current environment, replacing a variable of the same name; a
  // value of "" removes the variable.
  std::map<std::string, std::string> environment{};
  // Where the child runs; empty: this process's working directory.
  std::filesystem::path working_directory{};
  // Where stdout and stderr go (made or truncated); empty: files in a private
  // directory removed with the object.
  std::filesystem::path stdout_file{};
  std::filesystem::path stderr_file{};
};

struct ProcessResult {
  int exit_code = -1;                    // the exit status, or 128 + signal when a signal ended it
  int signal = 0;                        // that signal; 0 when the child exited
  std::string out;                       // stdout
  std::string err;                       // stderr
  std::chrono::milliseconds elapsed{0};  // from the start to the end
};

class ChildProcess {
 public:
  // Starts `argv`; throws when it cannot be started.
  explicit ChildProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }
  // False once the child ended (it is then reaped).
  bool running();
  void send_signal(int signal) const;

  // What the child wrote so far.
  std::string out() const;
  std::string err() const;
  // Waits up to `timeout` for stderr to contain `text`; false on timeout or exit.
  bool wait_for_stderr(const std::string& text, std::chrono::milliseconds timeout);

  // Waits up to `timeout` for the child to end and returns what it did; nullopt when
  // it still runs (the destructor kills it).
  std::optional<ProcessResult> wait(std::chrono::milliseconds timeout);

 private:
  std::unique_ptr<TempDir> output_;  // holds stdout and stderr unless told otherwise
  std::filesystem::path out_file_;
  std::filesystem::path err_file_;
  pid_t pid_ = -1;
  std::optional<int> status_;  // the wait status, once reaped
  std::chrono::steady_clock::time_point started_;
};

// Runs `argv` to completion and returns what it did; throws when it cannot be
// started or does not end within `timeout` (it is then killed).
ProcessResult run(const std::vector<std::string>& argv, const ProcessOptions& options = {},
                  std::chrono::milliseconds timeout = std::chrono::minutes(2));

}  // namespace test_support
