// What the service tests share: a scratch directory with manifests, a state
// directory and a fixture directory file; the connector-host binary started in
// service mode on a free port; /metrics read through the real Prometheus parser.
//
// Paths come from the environment CTest sets (tests/service/CMakeLists.txt):
// CONNECTOR_HOST, CONNECTOR_TEST_PLUGIN_DIR, SERVICE_TEST_PYTHON,
// SERVICE_TEST_METRICS_PARSER.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/environment.hpp"
#include "support/http_get.hpp"
#include "support/temp_dir.hpp"

namespace service_tests {

// A child process (test_support's) with stdout and stderr into the given files, as
// these tests signal and wait for it; killed if still running when the object goes.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
               const std::filesystem::path& stdout_file, const std::filesystem::path& stderr_file)
      : child_(argv, {.environment = env, .stdout_file = stdout_file, .stderr_file = stderr_file}) {
  }

  void signal(int number) const { child_.send_signal(number); }
  // The exit code (128 + signal when killed by one), or nullopt when it is still
  // running after `limit`.
  std::optional<int> wait_for(std::chrono::milliseconds limit) {
    const auto result = child_.wait(limit);
    return result ? std::optional<int>(result->exit_code) : std::nullopt;
  }
  bool running() { return child_.running(); }
  pid_t pid() const noexcept { return child_.pid(); }

 private:
  test_support::ChildProcess child_;
};

// The value of environment variable `name`; throws when it is not set.
using test_support::required_env;

// The fixture plugin's secret; it must never appear in the host's output.
inline constexpr const char* fixture_api_key = "k-service-tests-51d0e2";

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
  std::string type;  // of its family, as the parser read "# TYPE": "counter", "gauge"...
};

class ServiceFixture {
 public:
  ServiceFixture();
  ~ServiceFixture();

  const std::filesystem::path& root() const { return root_.path(); }
  // The plugin directory for start(); CONNECTOR_TEST_PLUGIN_DIR unless set.
  void use_plugins(std::filesystem::path directory) { plugins_ = std::move(directory); }
  std::filesystem::path manifests() const { return root_ / "manifests"; }
  std::filesystem::path state() const { return root_ / "state"; }
  std::filesystem::path stderr_file() const { return root_ / "host.stderr"; }

  // manifests/<id>.json for the fixture plugin, with the right api_key unless
  // `api_key` says otherwise, and "schedule": {"sync_every": every} when not empty.
  void write_fixture_manifest(const std::string& id, const std::string& every,
                              const std::string& api_key = fixture_api_key);
  void write_manifest(const std::string& file_name, const std::string& text);

  // Starts `connector-host ... run --listen 127.0.0.1:0 --port-file F EXTRA...` and
  // waits for the port. `state` replaces the state directory when given; `env` is
  // added to the host's environment.
  void start(const std::vector<std::string>& extra = {},
             std::optional<std::filesystem::path> state = std::nullopt,
             const std::map<std::string, std::string>& env = {});
  ChildProcess& host() { return *host_; }
  unsigned short port() const { return port_; }

  HttpAnswer get(const std::string& target) const { return http_request(port_, target); }
  std::vector<Sample> metrics() const;
  // The value of the sample `name` with exactly `labels`, 0 when absent.
  double metric(const std::string& name, const std::map<std::string, std::string>& labels) const;

  // Polls `condition` every 50 ms for at most `limit`; true when it held.
  static bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit);

  std::string host_stderr() const;

 private:
  test_support::TempDir root_;
  std::filesystem::path plugins_;
  std::unique_ptr<ChildProcess> host_;
  unsigned short port_ = 0;
};

}  // namespace service_tests
