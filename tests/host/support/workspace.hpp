// A private directory per test: manifests copied from tests/host/manifests, the
// fixture plugin's data file, a state directory; removed when the test ends.
//
// Paths come from the environment CTest sets (see tests/host/CMakeLists.txt):
//   CONNECTOR_HOST_EXE         the connector-host binary
//   CONNECTOR_TEST_PLUGIN_DIR  the test plugins
//   HOST_TEST_DATA             tests/host (manifests/ and fixtures/)
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace host_test {

// The fixture file's api_key (fixtures/directory.json); tests look for it in output.
inline constexpr const char* fixture_api_key = "k-host-tests-7f3a91c2";

// What a connector-host run did (exit_code: 128 + signal when a signal ended it).
using HostResult = test_support::ProcessResult;

std::filesystem::path host_executable();
std::filesystem::path test_plugin_dir();
std::filesystem::path test_data_dir();

class Workspace {
 public:
  Workspace();

  const std::filesystem::path& root() const noexcept { return root_.path(); }
  std::filesystem::path manifests() const { return root_ / "manifests"; }
  std::filesystem::path state() const { return root_ / "state"; }
  // The fixture plugin's data, as the manifests name it: data/directory.json.
  std::filesystem::path fixture_file() const { return root_ / "data" / "directory.json"; }

  // Copies tests/host/manifests/<name> (eg: "fixture.json", "invalid/syntax.json")
  // into manifests/ under its file name.
  void add_manifest(const std::string& name);
  // Copies tests/host/fixtures/<name> to `destination` (relative to the root).
  void add_fixture(const std::string& name, const std::filesystem::path& destination);
  void write_file(const std::filesystem::path& relative, const std::string& content);

  // Runs connector-host with --plugins, --manifests and --state pointing here, in
  // this directory, with FIXTURE_API_KEY set to the right key unless overridden.
  HostResult run(const std::vector<std::string>& args,
                 std::map<std::string, std::string> environment = {}) const;
  // The command line (connector-host first) and environment run() uses, to start a
  // test_support::ChildProcess directly.
  std::vector<std::string> command(const std::vector<std::string>& args) const;
  std::map<std::string, std::string> host_environment(
      std::map<std::string, std::string> environment) const;

 private:
  test_support::TempDir root_;
};

// Every line of `text` parsed as a JSON object (fails the test on one that is not).
std::vector<boost::json::object> json_lines(const std::string& text);

// The lines of `text` without the final empty one.
std::vector<std::string> lines(const std::string& text);

}  // namespace host_test
