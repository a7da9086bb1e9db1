// What `init` writes (manifest/manifest_skeleton.hpp), and the placeholders in it
// that the manifest reader refuses until they are filled in.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "common/error.hpp"
#include "loader/plugin_descriptor.hpp"
#include "manifest/manifest_reader.hpp"
#include "manifest/manifest_skeleton.hpp"
#include "manifest/placeholders.hpp"
#include "output/pretty_json.hpp"
#include "support/temp_dir.hpp"

namespace json = boost::json;
using namespace connector::host;

namespace {

loader::PluginDescriptor plugin_with_schema(const char* schema) {
  loader::PluginDescriptor descriptor;
  descriptor.id = "demo";
  descriptor.config_schema = loader::ConfigSchema::parse(schema);
  return descriptor;
}

constexpr const char* kSchema = R"({
  "type": "object",
  "required": ["url", "client_secret", "region", "auth", "flavour"],
  "properties": {
    "url": {"type": "string", "description": "Where the API is. Scheme and host."},
    "client_secret": {"type": "string", "x-secret": true},
    "region": {"type": "string", "enum": ["us", "eu"], "default": "us"},
    "flavour": {"const": "plain"},
    "page_size": {"type": "integer"},
    "auth": {
      "type": "object",
      "required": ["user", "token"],
      "properties": {
        "user": {"type": "integer", "minimum": 1},
        "token": {"type": "string", "x-secret": true}
      }
    },
    "ticket": {
      "type": "object",
      "required": ["queue"],
      "properties": {"queue": {"type": "string"}}
    }
  }
})";

}  // namespace

BOOST_AUTO_TEST_SUITE(manifest_skeleton)

BOOST_AUTO_TEST_CASE(holds_every_required_setting_and_nothing_else) {
  const auto skeleton = manifest::manifest_skeleton("demo-prod", plugin_with_schema(kSchema));
  const json::object& document = skeleton.document;
  BOOST_TEST(document.at("id").as_string() == "demo-prod");
  BOOST_TEST(document.at("plugin").as_string() == "demo");
  BOOST_TEST(document.at("enabled").as_bool() == false);
  BOOST_TEST(json::serialize(document.at("schedule")) == R"({"sync_every":"1h","jitter":"5m"})");
  BOOST_TEST(json::serialize(document.at("provisioning")) ==
             R"({"enabled":false,"mode":"direct"})");
  BOOST_TEST(
      json::serialize(document.at("config")) ==
      R"({"url":"<fill in: Where the API is>",)"
      R"("client_secret":{"env":"DEMO_PROD_CLIENT_SECRET"},"region":"us","flavour":"plain",)"
      R"("auth":{"user":"<fill in: integer, >= 1>","token":{"env":"DEMO_PROD_AUTH_TOKEN"}}})");
  const std::vector<std::string> fill_in{"config.url", "config.auth.user"};
  BOOST_TEST(skeleton.to_fill_in == fill_in, boost::test_tools::per_element());
  const std::vector<std::string> environment{"DEMO_PROD_CLIENT_SECRET", "DEMO_PROD_AUTH_TOKEN"};
  BOOST_TEST(skeleton.environment == environment, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_plugin_without_settings_gets_an_empty_config) {
  const auto skeleton =
      manifest::manifest_skeleton("x", plugin_with_schema(R"({"type":"object"})"));
  BOOST_TEST(skeleton.document.at("config").as_object().empty());
  BOOST_TEST(skeleton.to_fill_in.empty());
}

BOOST_AUTO_TEST_CASE(secret_variable_names) {
  BOOST_TEST(manifest::secret_variable_name("ninjaone-prod", "client_secret") ==
             "NINJAONE_PROD_CLIENT_SECRET");
  BOOST_TEST(manifest::secret_variable_name("a", "auth.token") == "A_AUTH_TOKEN");
  BOOST_TEST(manifest::secret_variable_name("1st", "key") == "CONNECTOR_1ST_KEY");
}

BOOST_AUTO_TEST_CASE(placeholders_are_short_single_line_and_recognised) {
  const std::string long_hint(200, 'x');
  const std::string placeholder = manifest::make_placeholder(long_hint);
  BOOST_TEST(placeholder.size() < 100u);
  BOOST_TEST(manifest::is_placeholder(placeholder));
  BOOST_TEST(manifest::make_placeholder("a > b\nc") == "<fill in: a > b c>");
  BOOST_TEST(manifest::make_placeholder("") == "<fill in>");
  BOOST_TEST(manifest::is_placeholder("<fill in>"));
  BOOST_TEST(!manifest::is_placeholder("<fill in"));
  BOOST_TEST(!manifest::is_placeholder("fill in: x"));
  BOOST_TEST(!manifest::is_placeholder("https://host/<fill in>"));
  const auto fields = manifest::placeholder_fields(
      json::parse(
          R"({"config":{"a":"<fill in>","b":["ok","<fill in: x>"],"c":{"d":"<fill in>"}}})"),
      "");
  const std::vector<std::string> expected{"config.a", "config.b[1]", "config.c.d"};
  BOOST_TEST(fields == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_reader_refuses_a_skeleton_naming_every_placeholder) {
  const auto skeleton = manifest::manifest_skeleton("demo-prod", plugin_with_schema(kSchema));
  test_support::TempDir dir;
  const auto file = dir.write("demo-prod.json", output::pretty_json(skeleton.document));
  try {
    manifest::read_manifest(file);
    BOOST_FAIL("a manifest with placeholders was read");
  } catch (const HostError& e) {
    BOOST_TEST(static_cast<int>(e.code()) == 3);
    BOOST_TEST(std::string(e.what()) ==
               file.string() +
                   ": still to fill in: config.url, config.auth.user (replace each \"<fill in: "
                   "...>\" placeholder with a value)");
  }
}

BOOST_AUTO_TEST_CASE(pretty_json_is_indented_and_parses_back) {
  const std::string long_text(60, 'x');
  const json::value value = json::parse(
      R"({"a":1,"b":{"c":[1,2],"d":[{"e":"f"}],"g":{}},"h":[],"i":{"j":")" + long_text + R"("}})");
  const std::string text = output::pretty_json(value);
  const std::string expected = std::string(
                                   "{\n"
                                   "  \"a\": 1,\n"
                                   "  \"b\": {\n"
                                   "    \"c\": [1, 2],\n"
                                   "    \"d\": [\n"
                                   "      {\"e\": \"f\"}\n"
                                   "    ],\n"
                                   "    \"g\": {}\n"
                                   "  },\n"
                                   "  \"h\": [],\n"
                                   "  \"i\": {\n"
                                   "    \"j\": \"") +
                               long_text + "\"\n  }\n}";
  BOOST_TEST(text == expected);
  BOOST_TEST(json::parse(text) == value);
}

BOOST_AUTO_TEST_SUITE_END()
