// Loading plugins: each broken file is reported with its path and reason, and the
// good plugins still load.
#include <connector/version.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <map>

#include "support/workspace.hpp"

namespace json = boost::json;
using host_test::Workspace;

namespace {

// `plugins -o json`, keyed by file name.
std::map<std::string, json::object> plugins_by_file(const Workspace& workspace) {
  const auto result = workspace.run({"plugins", "-o", "json"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  std::map<std::string, json::object> by_file;
  for (auto& item : host_test::json_lines(result.out)) {
    const std::string path(item.at("path").as_string());
    by_file[std::filesystem::path(path).filename().string()] = std::move(item);
  }
  return by_file;
}

std::string error_of(const std::map<std::string, json::object>& plugins, const std::string& file) {
  const auto it = plugins.find(file);
  BOOST_TEST_REQUIRE((it != plugins.end()), file << " is not listed");
  BOOST_TEST(it->second.at("status").as_string() == "failed");
  return std::string(it->second.at("error").as_string());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loading)

BOOST_AUTO_TEST_CASE(good_plugins_load_beside_broken_files) {
  Workspace workspace;
  const auto plugins = plugins_by_file(workspace);
  const auto& fixture = plugins.at("libconn_fixture.so");
  BOOST_TEST(fixture.at("status").as_string() == "loaded");
  BOOST_TEST(fixture.at("id").as_string() == "fixture");
  BOOST_TEST(fixture.at("abi").as_string() ==
             std::to_string(CONN_ABI_MAJOR) + "." + std::to_string(CONN_ABI_MINOR));
  BOOST_TEST(json::serialize(fixture.at("capabilities")) ==
             R"(["list","provision","accounts","concurrent-calls"])");
  for (const char* other : {"libconn_throwing.so", "libconn_bad_json.so", "libconn_repeat_token.so",
                            "libconn_blocking.so"}) {
    BOOST_TEST(plugins.at(other).at("status").as_string() == "loaded", other);
  }
}

BOOST_AUTO_TEST_CASE(each_broken_file_is_reported_with_its_reason) {
  Workspace workspace;
  const auto plugins = plugins_by_file(workspace);
  BOOST_TEST(error_of(plugins, "libconn_wrong_abi.so").find("does not support ABI major 1") !=
             std::string::npos);
  BOOST_TEST(error_of(plugins, "libconn_newer_major.so") ==
             "the plugin speaks ABI major 2, this host speaks ABI major 1");
  BOOST_TEST(error_of(plugins, "libconn_no_entry.so") ==
             "no 'conn_plugin_entry' symbol: not a connector plugin");
  BOOST_TEST(error_of(plugins, "not-a-library.so").find("not a loadable shared library") !=
             std::string::npos);
  BOOST_TEST(error_of(plugins, "libconn_bad_descriptor.so").find("invalid descriptor") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(console_listing_names_the_path_of_failures) {
  Workspace workspace;
  const auto result = workspace.run({"plugins"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto rows = host_test::lines(result.out);
  BOOST_TEST_REQUIRE(!rows.empty());
  BOOST_TEST(rows.front().rfind("STATUS", 0) == 0u);
  bool found = false;
  for (const auto& row : rows) {
    if (row.find((host_test::test_plugin_dir() / "libconn_no_entry.so").string()) !=
        std::string::npos) {
      found = row.rfind("failed", 0) == 0 &&
              row.find("no 'conn_plugin_entry' symbol") != std::string::npos;
    }
  }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(missing_plugin_directory_exits_4) {
  Workspace workspace;
  const auto result = test_support::run(
      {host_test::host_executable().string(), "--plugins", "no-such-dir", "plugins"},
      {.environment = workspace.host_environment({}), .working_directory = workspace.root()});
  BOOST_TEST(result.exit_code == 4);
  BOOST_TEST(result.err ==
             "error: cannot read plugin directory 'no-such-dir': No such file or directory\n");
}

BOOST_AUTO_TEST_SUITE_END()
