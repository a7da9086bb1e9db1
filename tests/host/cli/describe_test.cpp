// `describe PLUGIN`: what a plugin declares, read through the real binary from the
// real plugins: the fixture (settings, secrets, an account profile), plugins whose
// schema declares no fields, one built against ABI 1.1, and one that is not there.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "support/console_sections.hpp"
#include "support/workspace.hpp"

namespace json = boost::json;
using host_test::Workspace;

namespace {

json::object describe_json(const Workspace& workspace, const std::string& plugin) {
  const auto result = workspace.run({"describe", plugin, "-o", "json"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto items = host_test::json_lines(result.out);
  BOOST_TEST_REQUIRE(items.size() == 1u, result.out);
  return items.front();
}

std::vector<std::string> field_names(const json::array& fields) {
  std::vector<std::string> names;
  for (const auto& field : fields) names.emplace_back(field.at("field").as_string());
  return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(describe)

BOOST_AUTO_TEST_CASE(fixture_settings_secrets_and_profile_on_the_console) {
  Workspace workspace;
  const auto result = workspace.run({"describe", "fixture"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const host_test::ConsoleSections sections(result.out);
  BOOST_TEST(sections.value_of("plugin") == "fixture");
  BOOST_TEST(sections.value_of("name") == "Fixture directory");
  BOOST_TEST(sections.value_of("version") == "1.0.0");
  BOOST_TEST(sections.value_of("capabilities") == "list, provision, accounts, concurrent-calls");
  BOOST_TEST(sections.value_of("abi") == "1.3");

  const auto settings = sections.table("Settings");
  BOOST_TEST_REQUIRE(settings.size() == 4u, result.out);
  BOOST_TEST(settings[0].at("FIELD") == "fixture_file");
  BOOST_TEST(settings[0].at("TYPE") == "string");
  BOOST_TEST(settings[0].at("REQUIRED") == "yes");
  BOOST_TEST(settings[0].at("SECRET") == "no");
  BOOST_TEST(settings[0].at("DESCRIPTION") ==
             "Path of the JSON file that plays the remote directory. Grants and account "
             "changes rewrite it.");
  BOOST_TEST(settings[1].at("FIELD") == "api_key");
  BOOST_TEST(settings[1].at("SECRET") == "yes");
  BOOST_TEST(settings[2].at("FIELD") == "page_size");
  BOOST_TEST(settings[2].at("TYPE") == "integer");
  BOOST_TEST(settings[2].at("REQUIRED") == "no");
  BOOST_TEST(settings[2].at("DEFAULT") == "2");
  BOOST_TEST(settings[2].at("ALLOWED") == "1..1000");
  BOOST_TEST(settings[3].at("FIELD") == "fail_validate");
  BOOST_TEST(settings[3].at("DEFAULT") == "false");

  const auto profile = sections.table("Account profile");
  BOOST_TEST_REQUIRE(profile.size() == 4u, result.out);
  BOOST_TEST(profile[0].at("FIELD") == "name");
  BOOST_TEST(profile[0].at("REQUIRED") == "yes");
  BOOST_TEST(profile[2].at("FIELD") == "enabled");
  BOOST_TEST(profile[2].at("DEFAULT") == "true");
  BOOST_TEST(result.err.empty(), result.err);
}

BOOST_AUTO_TEST_CASE(fixture_in_json_prints_the_schemas_as_declared) {
  Workspace workspace;
  const json::object described = describe_json(workspace, "fixture");
  BOOST_TEST(described.at("id").as_string() == "fixture");
  BOOST_TEST(json::serialize(described.at("capabilities")) ==
             R"(["list","provision","accounts","concurrent-calls"])");
  const json::object& config = described.at("config_schema").as_object();
  BOOST_TEST(json::serialize(config.at("required")) == R"(["fixture_file","api_key"])");
  BOOST_TEST(config.at("properties").at("api_key").at("x-secret").as_bool());
  // The fields follow the schema's properties, in order.
  std::vector<std::string> properties;
  for (const auto& member : config.at("properties").as_object()) {
    properties.emplace_back(member.key());
  }
  const auto fields = field_names(described.at("config_fields").as_array());
  BOOST_TEST(fields == properties, boost::test_tools::per_element());
  const json::object& api_key = described.at("config_fields").as_array()[1].as_object();
  BOOST_TEST(api_key.at("secret").as_bool());
  BOOST_TEST(api_key.at("required").as_bool());
  const json::object& page_size = described.at("config_fields").as_array()[2].as_object();
  BOOST_TEST(page_size.at("default").as_int64() == 2);
  BOOST_TEST(!page_size.at("secret").as_bool());

  const json::object& profile = described.at("profile_schema").as_object();
  BOOST_TEST(json::serialize(profile.at("required")) == R"(["name"])");
  BOOST_TEST(field_names(described.at("profile_fields").as_array()) ==
                 (std::vector<std::string>{"name", "email", "enabled", "id"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_schema_without_fields_says_so) {
  Workspace workspace;
  const auto result = workspace.run({"describe", "throwing"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const host_test::ConsoleSections sections(result.out);
  BOOST_TEST(sections.lines_of("Settings") ==
                 (std::vector<std::string>{"none: the config schema declares no fields"}),
             boost::test_tools::per_element());
  // It creates accounts but declares no profile schema.
  BOOST_TEST(sections.lines_of("Account profile") ==
                 (std::vector<std::string>{"not declared by the plugin; it checks each profile "
                                           "itself"}),
             boost::test_tools::per_element());

  const json::object described = describe_json(workspace, "throwing");
  BOOST_TEST(json::serialize(described.at("config_schema")) == R"({"type":"object"})");
  BOOST_TEST(described.at("config_fields").as_array().empty());
  BOOST_TEST(described.at("profile_schema").is_null());
}

BOOST_AUTO_TEST_CASE(a_plugin_of_abi_1_1_has_no_profile_schema_and_no_accounts_section) {
  Workspace workspace;
  // Its descriptor ends before profile_schema, where a poisoned value lies: a host
  // reading past struct_size would refuse the plugin instead.
  const json::object described = describe_json(workspace, "abi-1-1");
  BOOST_TEST(described.at("abi").as_string() == "1.1");
  BOOST_TEST(described.at("profile_schema").is_null());
  const auto result = workspace.run({"describe", "abi-1-1"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  BOOST_TEST(result.out.find("Account profile") == std::string::npos, result.out);
}

BOOST_AUTO_TEST_CASE(an_unknown_plugin_is_one_line_and_exit_4) {
  Workspace workspace;
  const auto result = workspace.run({"describe", "no-such-plugin"});
  BOOST_TEST(result.exit_code == 4);
  BOOST_TEST(result.err.rfind("error: no plugin 'no-such-plugin' is loaded from " +
                                  host_test::test_plugin_dir().string() + " (",
                              0) == 0u,
             result.err);
  BOOST_TEST(host_test::lines(result.err).size() == 1u);
  BOOST_TEST(result.out.empty());

  const auto missing = workspace.run({"describe"});
  BOOST_TEST(missing.exit_code == 2);
  BOOST_TEST(missing.err == "error: missing the PLUGIN argument (a plugin id, eg: ninjaone)\n");
}

BOOST_AUTO_TEST_SUITE_END()
