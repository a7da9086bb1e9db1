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
#include "support/http_get.hpp"

namespace service_tests {

// The value of environment variable `name`; throws when it is not set.
std::string required_env(const char* name);

// The fixture plugin's secret; it must never appear in the host's output.
inline constexpr const char* fixture_api_key = "k-service-tests-51d0e2";

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

class ServiceFixture {
 public:
  ServiceFixture();
  ~ServiceFixture();

  const std::filesystem::path& root() const { return root_; }
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
  std::filesystem::path root_;
  std::filesystem::path plugins_;
  std::unique_ptr<ChildProcess> host_;
  unsigned short port_ = 0;
};

}  // namespace service_tests
