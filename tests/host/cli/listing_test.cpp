// List commands: paging through every page, the JSON lines shape of DESIGN
// section 4, and the console tables.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "support/workspace.hpp"

namespace json = boost::json;
using host_test::Workspace;

namespace {

std::vector<std::string> ids_of(const std::vector<json::object>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.emplace_back(item.at("id").as_string());
  return ids;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

struct FixtureWorkspace : Workspace {
  FixtureWorkspace() { add_manifest("fixture.json"); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(listing)

BOOST_FIXTURE_TEST_CASE(resources_of_one_type_come_from_every_page, FixtureWorkspace) {
  const auto result =
      run({"--log-level", "debug", "resources", "fixture", "--type", "user", "-o", "json"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto items = host_test::json_lines(result.out);
  const std::vector<std::string> expected{"user:1", "user:2", "user:3", "user:4", "user:5"};
  BOOST_TEST(ids_of(items) == expected, boost::test_tools::per_element());
  // page_size 2: five users take three pages, so three calls.
  BOOST_TEST(count_of(result.err, "calling list_resources") == 3u);
}

BOOST_FIXTURE_TEST_CASE(resource_json_shape, FixtureWorkspace) {
  const auto result = run({"resources", "fixture", "--type", "user", "-o", "json"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto items = host_test::json_lines(result.out);
  BOOST_TEST_REQUIRE(items.size() == 5u);
  const json::object& ada = items[0];
  BOOST_TEST(ada.at("id").as_string() == "user:1");
  BOOST_TEST(ada.at("type").as_string() == "user");
  BOOST_TEST(ada.at("display_name").as_string() == "Ada");
  BOOST_TEST(json::serialize(ada.at("traits")) == R"(["user"])");
  BOOST_TEST(ada.at("status").as_string() == "enabled");
  BOOST_TEST(ada.at("profile").at("email").as_string() == "ada@example.com");
  BOOST_TEST(items[1].at("status").as_string() == "disabled");
  BOOST_TEST(result.err.empty());  // diagnostics only on failure
}

BOOST_FIXTURE_TEST_CASE(resources_without_type_list_every_type, FixtureWorkspace) {
  const auto result = run({"resources", "fixture", "-o", "json"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto ids = ids_of(host_test::json_lines(result.out));
  const std::vector<std::string> expected{"user:1", "user:2",   "user:3",  "user:4",
                                          "user:5", "group:g1", "group:g2"};
  BOOST_TEST(ids == expected, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(resource_types, FixtureWorkspace) {
  const auto result = run({"resource-types", "fixture", "-o", "json"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto items = host_test::json_lines(result.out);
  BOOST_TEST_REQUIRE(items.size() == 2u);
  BOOST_TEST(items[0].at("id").as_string() == "user");
  BOOST_TEST(json::serialize(items[0].at("traits")) == R"(["user"])");
  BOOST_TEST(items[1].at("id").as_string() == "group");
}

BOOST_FIXTURE_TEST_CASE(entitlements_of_a_resource_and_of_all, FixtureWorkspace) {
  const auto one = run({"entitlements", "fixture", "--resource", "group:g1", "-o", "json"});
  BOOST_TEST_REQUIRE(one.exit_code == 0, one.err);
  const auto items = host_test::json_lines(one.out);
  BOOST_TEST_REQUIRE(items.size() == 1u);
  BOOST_TEST(items[0].at("id").as_string() == "group:g1:member");
  BOOST_TEST(items[0].at("resource").as_string() == "group:g1");
  BOOST_TEST(items[0].at("slug").as_string() == "member");
  BOOST_TEST(items[0].at("purpose").as_string() == "assignment");
  BOOST_TEST(items[0].at("provisionable").as_bool());

  const auto all = run({"entitlements", "fixture", "-o", "json"});
  BOOST_TEST_REQUIRE(all.exit_code == 0, all.err);
  const std::vector<std::string> expected{"group:g1:member", "group:g2:member"};
  BOOST_TEST(ids_of(host_test::json_lines(all.out)) == expected, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(grants_of_a_resource, FixtureWorkspace) {
  const auto result = run({"grants", "fixture", "--resource", "group:g1", "-o", "json"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto items = host_test::json_lines(result.out);
  BOOST_TEST_REQUIRE(items.size() == 2u);
  BOOST_TEST(items[0].at("id").as_string() == "group:g1:member:user:1");
  BOOST_TEST(items[0].at("entitlement").as_string() == "group:g1:member");
  BOOST_TEST(items[0].at("principal").as_string() == "user:1");
  BOOST_TEST(items[1].at("principal").as_string() == "user:3");
}

BOOST_FIXTURE_TEST_CASE(unknown_resource_is_the_plugins_not_found, FixtureWorkspace) {
  const auto result = run({"grants", "fixture", "--resource", "group:nope"});
  BOOST_TEST(result.exit_code == 5);
  BOOST_TEST(result.err.rfind("error: plugin 'fixture': NOT_FOUND: ", 0) == 0u, result.err);
  BOOST_TEST(host_test::lines(result.err).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(console_table_has_a_header_and_aligned_rows, FixtureWorkspace) {
  const auto result = run({"resources", "fixture", "--type", "group"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto rows = host_test::lines(result.out);
  BOOST_TEST_REQUIRE(rows.size() == 3u);
  BOOST_TEST(rows[0].rfind("ID        TYPE   DISPLAY NAME  STATUS   PARENT", 0) == 0u, rows[0]);
  BOOST_TEST(rows[1].rfind("group:g1  group  Admins        enabled  -", 0) == 0u, rows[1]);
  BOOST_TEST(rows[2].rfind("group:g2  group  Ops           enabled  -", 0) == 0u, rows[2]);
}

BOOST_FIXTURE_TEST_CASE(validate_reports_checks, FixtureWorkspace) {
  const auto result = run({"validate", "fixture", "-o", "json"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto items = host_test::json_lines(result.out);
  // The plugin's two checks, then the host's own: how the plugin is isolated.
  BOOST_TEST_REQUIRE(items.size() == 3u);
  for (const auto& item : items) BOOST_TEST(item.at("ok").as_bool(), json::serialize(item));
  BOOST_TEST(items.back().at("check").as_string() == "isolation");
}

BOOST_FIXTURE_TEST_CASE(wrong_credentials_are_the_plugins_unauthenticated, FixtureWorkspace) {
  const auto result = run({"resources", "fixture"}, {{"FIXTURE_API_KEY", "k-wrong"}});
  BOOST_TEST(result.exit_code == 5);
  BOOST_TEST(result.err.rfind("error: plugin 'fixture': UNAUTHENTICATED: ", 0) == 0u, result.err);
  BOOST_TEST(result.out.empty());
}

BOOST_AUTO_TEST_SUITE_END()
