// The loader against the real test plugins, in-process.
#include "loader/plugin_registry.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "runtime/call_error.hpp"
#include "runtime/in_process_instance.hpp"
#include "runtime/page_loop.hpp"
#include "support/environment.hpp"
#include "support/temp_dir.hpp"

using namespace connector::host;

namespace {

std::filesystem::path plugin_dir() {
  return test_support::required_env("CONNECTOR_TEST_PLUGIN_DIR");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_registry)

BOOST_AUTO_TEST_CASE(scan_loads_good_plugins_and_records_failures) {
  const auto registry = loader::PluginRegistry::scan(plugin_dir());
  for (const char* id : {"fixture", "throwing", "bad-json", "repeat-token", "blocking"}) {
    BOOST_TEST(registry.find(id) != nullptr, id);
  }
  BOOST_TEST(registry.find("no-such") == nullptr);
  std::vector<std::string> failed;
  for (const auto& failure : registry.failures()) {
    failed.push_back(failure.path.filename().string());
    BOOST_TEST(!failure.reason.empty());
  }
  std::sort(failed.begin(), failed.end());
  const std::vector<std::string> expected{"libconn_bad_descriptor.so", "libconn_newer_major.so",
                                          "libconn_no_entry.so", "libconn_wrong_abi.so",
                                          "not-a-library.so"};
  BOOST_TEST(failed == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(descriptor_is_copied_and_checked) {
  const auto registry = loader::PluginRegistry::scan(plugin_dir());
  const auto fixture = registry.find("fixture");
  BOOST_TEST_REQUIRE(fixture != nullptr);
  const auto& descriptor = fixture->descriptor();
  BOOST_TEST(descriptor.version == "1.0.0");
  BOOST_TEST(descriptor.has_capability("provision"));
  BOOST_TEST(!descriptor.has_capability("operations"));
  const std::vector<std::string> secrets{"api_key"};
  BOOST_TEST(descriptor.config_schema.secret_fields() == secrets, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(missing_directory_throws) {
  BOOST_CHECK_THROW(loader::PluginRegistry::scan("/nonexistent/plugins"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(an_instance_keeps_its_library_loaded_after_the_registry_is_gone) {
  test_support::TempDir dir;
  dir.write(
      "directory.json",
      R"({"api_key":"k","users":[{"id":"1","name":"Ada","enabled":true},{"id":"2","name":"Bo","enabled":true},
               {"id":"3","name":"Cy","enabled":true}],"groups":[]})");
  runtime::SecretStore secrets(dir.path() / "state");
  log::Redactor redactor;
  std::unique_ptr<runtime::Instance> instance;
  {
    const auto registry = loader::PluginRegistry::scan(plugin_dir());
    boost::json::object config{{"fixture_file", (dir.path() / "directory.json").string()},
                               {"api_key", "k"}};
    instance = runtime::InProcessInstance::create(
        registry.find("fixture"), "fx", config,
        {std::make_shared<spdlog::logger>("null"), &secrets, &redactor, {}});
  }
  // The registry (and its shared_ptrs) are gone; the instance's code must still be mapped.
  std::vector<std::string> ids;
  std::vector<std::string> tokens;
  runtime::ListQuery query;
  query.resource_type = "user";
  const std::size_t pages =
      runtime::PageLoop(*instance, runtime::ListOperation::resources, query)
          .run([&](boost::json::object&& item) { ids.emplace_back(item.at("id").as_string()); },
               [&](std::string_view token) { tokens.emplace_back(token); });
  const std::vector<std::string> expected{"user:1", "user:2", "user:3"};
  BOOST_TEST(ids == expected, boost::test_tools::per_element());
  BOOST_TEST(pages == 2u);
  BOOST_TEST(tokens.size() == 2u);
  BOOST_TEST(tokens.back().empty());
}

BOOST_AUTO_TEST_CASE(a_refused_config_is_the_plugins_error) {
  test_support::TempDir dir;
  runtime::SecretStore secrets(dir.path());
  log::Redactor redactor;
  const auto registry = loader::PluginRegistry::scan(plugin_dir());
  // Schema validation is the catalog's job; create itself must still refuse politely.
  boost::json::object config{{"api_key", "k"}};
  BOOST_CHECK_EXCEPTION(runtime::InProcessInstance::create(
                            registry.find("fixture"), "fx", config,
                            {std::make_shared<spdlog::logger>("null2"), &secrets, &redactor, {}}),
                        runtime::PluginCallError, [](const runtime::PluginCallError& e) {
                          return e.status() == CONN_INVALID_ARGUMENT &&
                                 std::string(e.what()).find("config.fixture_file") !=
                                     std::string::npos;
                        });
}

BOOST_AUTO_TEST_SUITE_END()
