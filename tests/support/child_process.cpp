#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "temp_dir.hpp"

extern char** environ;

namespace test_support {
namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& changes) {
  std::vector<std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const char* equals = std::strchr(*entry, '=');
    const std::string name =
        equals == nullptr ? *entry : std::string(*entry, static_cast<std::size_t>(equals - *entry));
    if (!changes.contains(name)) merged.emplace_back(*entry);
  }
  for (const auto& [name, value] : changes) {
    if (!value.empty()) merged.push_back(name + "=" + value);
  }
  return merged;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const ProcessOptions& options)
    : output_(std::make_unique<TempDir>()), started_(std::chrono::steady_clock::now()) {
  if (argv.empty()) throw std::invalid_argument("ChildProcess: no program to run");
  out_file_ = options.stdout_file.empty() ? *output_ / "stdout" : options.stdout_file;
  err_file_ = options.stderr_file.empty() ? *output_ / "stderr" : options.stderr_file;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!options.working_directory.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, options.working_directory.c_str());
  }
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_file_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);

  std::vector<std::string> args = argv;
  std::vector<std::string> env = merged_environment(options.environment);
  std::vector<char*> raw_args = pointers(args);
  std::vector<char*> raw_env = pointers(env);
  const int error =
      posix_spawnp(&pid_, raw_args[0], &actions, nullptr, raw_args.data(), raw_env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(error));
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

bool ChildProcess::running() {
  if (status_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return true;
  status_ = status;
  return false;
}

void ChildProcess::send_signal(int signal) const {
  if (!status_) ::kill(pid_, signal);
}

std::string ChildProcess::out() const { return read_file(out_file_); }
std::string ChildProcess::err() const { return read_file(err_file_); }

bool ChildProcess::wait_for_stderr(const std::string& text, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (err().find(text) != std::string::npos) return true;
    if (!running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

std::optional<ProcessResult> ChildProcess::wait(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= until) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ProcessResult result;
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started_);
  if (WIFEXITED(*status_)) {
    result.exit_code = WEXITSTATUS(*status_);
  } else if (WIFSIGNALED(*status_)) {
    result.signal = WTERMSIG(*status_);
    result.exit_code = 128 + result.signal;
  }
  result.out = out();
  result.err = err();
  return result;
}

ProcessResult run(const std::vector<std::string>& argv, const ProcessOptions& options,
                  std::chrono::milliseconds timeout) {
  ChildProcess child(argv, options);
  auto result = child.wait(timeout);
  if (!result) {
    throw std::runtime_error(argv[0] + " did not finish within " + std::to_string(timeout.count()) +
                             " ms");
  }
  return std::move(*result);
}

}  // namespace test_support
