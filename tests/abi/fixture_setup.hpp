// A fixture directory file in a fresh temporary directory, the fixture plugin loaded
// through the ABI, and the config that points it at the file: what every test of the
// fixture plugin starts from.
#ifndef CONNECTOR_TESTS_ABI_FIXTURE_SETUP_HPP
#define CONNECTOR_TESTS_ABI_FIXTURE_SETUP_HPP

#include <filesystem>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "plugin_harness.hpp"

namespace abi_test {

inline constexpr std::string_view kApiKey = "k-fixture-3f9a1c";

// Three users, three groups (one empty), three memberships.
inline constexpr std::string_view kDirectory = R"({
  "api_key": "k-fixture-3f9a1c",
  "users": [
    {"id": "1", "name": "Ada", "email": "ada@example.com", "enabled": true},
    {"id": "2", "name": "Grace", "enabled": false},
    {"id": "3", "name": "Linus"}
  ],
  "groups": [
    {"id": "g1", "name": "Admins", "members": ["1", "2"]},
    {"id": "g2", "name": "Staff", "members": ["3"]},
    {"id": "g3", "name": "Empty", "members": []}
  ]
})";

struct FixtureSetup {
  FixtureSetup() : library(path_from_env("FIXTURE_PLUGIN")), plugin(library.plugin()) {
    write_file(fixture_file(), kDirectory);
  }

  std::filesystem::path fixture_file() const { return dir.path() / "directory.json"; }

  std::string config(std::string_view api_key = kApiKey, int page_size = 2) const {
    return boost::json::serialize(boost::json::object{
        {"fixture_file", fixture_file().string()}, {"api_key", api_key}, {"page_size", page_size}});
  }

  // The directory file as the plugin left it.
  boost::json::object directory() const {
    return boost::json::parse(read_file(fixture_file())).as_object();
  }

  TempDir dir;
  LoadedLibrary library;
  const conn_plugin& plugin;
  RecordingHost host;
};

}  // namespace abi_test

#endif  // CONNECTOR_TESTS_ABI_FIXTURE_SETUP_HPP
