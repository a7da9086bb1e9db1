// Runs the real connector-host binary for the command tests (test_support's child
// process): arguments, extra environment, captured stdout and stderr, exit status,
// and a time limit. The result keeps the shape these tests assert on: exited, and
// the exit status or the signal number.
#pragma once

#include <signal.h>

#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/environment.hpp"

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

// A started connector-host process (CONNECTOR_HOST); wait() reaps it, and it is
// killed if it still runs when the object goes.
class HostProcess {
 public:
  HostProcess(const std::vector<std::string>& args,
              const std::map<std::string, std::string>& extra_env) {
    std::vector<std::string> argv{test_support::required_env("CONNECTOR_HOST")};
    argv.insert(argv.end(), args.begin(), args.end());
    child_ = std::make_unique<test_support::ChildProcess>(
        argv, test_support::ProcessOptions{.environment = extra_env});
  }

  pid_t pid() const { return child_->pid(); }

  // Waits up to `limit` (then kills it) and collects the outputs.
  HostResult wait(std::chrono::seconds limit = std::chrono::seconds(30)) {
    auto result = child_->wait(limit);
    if (!result) {
      child_->send_signal(SIGKILL);
      result = child_->wait(limit);
    }
    HostResult out;
    if (result) {
      out.exited = result->signal == 0;
      out.code = out.exited ? result->exit_code : result->signal;
      out.out = std::move(result->out);
      out.err = std::move(result->err);
    }
    return out;
  }

 private:
  std::unique_ptr<test_support::ChildProcess> child_;
};

}  // namespace store_test
