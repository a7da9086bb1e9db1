// Runs the real connector-host binary for the command tests: arguments, extra
// environment, captured stdout and stderr, exit status, and a time limit.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace store_test {

struct HostResult {
  bool exited = false;  // false: ended by a signal
  int code = -1;        // exit status, or the signal number
  std::string out;
  std::string err;

  // stdout as JSON lines (-o json).
  std::vector<boost::json::object> json_lines() const {
    std::vector<boost::json::object> lines;
    std::istringstream stream(out);
    for (std::string line; std::getline(stream, line);) {
      if (!line.empty()) lines.push_back(boost::json::parse(line).as_object());
    }
    return lines;
  }
};

// A started connector-host process; wait() reaps it.
class HostProcess {
 public:
  HostProcess(const std::vector<std::string>& args, const std::vector<std::string>& extra_env,
              const std::filesystem::path& scratch)
      : out_file_(scratch / ("out-" + std::to_string(++counter()))),
        err_file_(scratch / ("err-" + std::to_string(counter()))) {
    const char* binary = std::getenv("CONNECTOR_HOST");
    if (binary == nullptr) throw std::runtime_error("CONNECTOR_HOST is not set");
    std::vector<std::string> argv_text{binary};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_text) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_text;
    for (char** entry = environ; *entry != nullptr; ++entry) env_text.emplace_back(*entry);
    env_text.insert(env_text.end(), extra_env.begin(), extra_env.end());
    std::vector<char*> envp;
    for (auto& entry : env_text) envp.push_back(entry.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_file_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int error = posix_spawn(&pid_, binary, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::runtime_error("cannot start " + std::string(binary));
  }
  ~HostProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  HostProcess(HostProcess&& other) noexcept
      : out_file_(std::move(other.out_file_)),
        err_file_(std::move(other.err_file_)),
        pid_(std::exchange(other.pid_, 0)) {}
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Waits up to `limit` (then kills it) and collects the outputs.
  HostResult wait(std::chrono::seconds limit = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = 0;
    HostResult result;
    result.exited = WIFEXITED(status);
    result.code = result.exited ? WEXITSTATUS(status) : WTERMSIG(status);
    result.out = read(out_file_);
    result.err = read(err_file_);
    return result;
  }

 private:
  static int& counter() {
    static int value = 0;
    return value;
  }
  static std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::filesystem::path out_file_;
  std::filesystem::path err_file_;
  pid_t pid_ = 0;
};

}  // namespace store_test
