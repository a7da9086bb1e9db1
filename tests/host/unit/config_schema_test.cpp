#include "loader/config_schema.hpp"

#include <connector/descriptor.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "loader/plugin_descriptor.hpp"

using connector::host::loader::ConfigSchema;

namespace {

constexpr const char* schema_text = R"({
  "type": "object",
  "required": ["base_url", "auth"],
  "additionalProperties": false,
  "properties": {
    "base_url": {"type": "string", "pattern": "^https?://"},
    "page_size": {"type": "integer", "minimum": 1},
    "auth": {
      "type": "object",
      "required": ["client_id"],
      "properties": {
        "client_id": {"type": "string"},
        "client_secret": {"type": "string", "x-secret": true}
      }
    },
    "api_key": {"type": "string", "x-secret": true}
  }
})";

std::vector<connector::host::loader::SchemaViolation> violations_of(const char* config) {
  return ConfigSchema::parse(schema_text).validate(boost::json::parse(config));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_schema)

BOOST_AUTO_TEST_CASE(valid_config_has_no_violation) {
  BOOST_TEST(violations_of(R"({"base_url":"https://x","auth":{"client_id":"c"}})").empty());
}

BOOST_AUTO_TEST_CASE(wrong_type_names_the_field) {
  const auto v =
      violations_of(R"({"base_url":"https://x","auth":{"client_id":"c"},"page_size":"2"})");
  BOOST_TEST_REQUIRE(!v.empty());
  BOOST_TEST(v.front().field_path == "page_size");
  BOOST_TEST(v.front().message == "Value type not permitted by 'type' constraint.");
}

BOOST_AUTO_TEST_CASE(missing_nested_field_names_the_field_itself) {
  const auto v = violations_of(R"({"base_url":"https://x","auth":{}})");
  BOOST_TEST_REQUIRE(!v.empty());
  BOOST_TEST(v.front().field_path == "auth.client_id");
  BOOST_TEST(v.front().message == "required field is missing");
}

BOOST_AUTO_TEST_CASE(pattern_and_additional_properties) {
  BOOST_TEST(
      violations_of(R"({"base_url":"ftp://x","auth":{"client_id":"c"}})").front().field_path ==
      "base_url");
  const auto extra =
      violations_of(R"({"base_url":"https://x","auth":{"client_id":"c"},"colour":1})");
  BOOST_TEST_REQUIRE(!extra.empty());
  BOOST_TEST(extra.front().message.find("'colour'") != std::string::npos, extra.front().message);
}

BOOST_AUTO_TEST_CASE(a_field_s_error_message_says_what_it_wants_and_why) {
  const auto schema = ConfigSchema::parse(R"({
    "type": "object",
    "required": ["ticket"],
    "properties": {
      "ticket": {
        "type": "object",
        "required": ["expire_after"],
        "properties": {
          "expire_after": {"type": "string", "pattern": "^[1-9][0-9]*[smhd]$",
                           "x-error-message": "at least 1s: zero would expire it at once"}
        }
      },
      "hosts": {"type": "array",
                "items": {"type": "string", "minLength": 1, "x-error-message": "a host name"}}
    }
  })");
  const auto first = [&](const char* config) {
    const auto v = schema.validate(boost::json::parse(config));
    BOOST_REQUIRE(!v.empty());
    return v.front();
  };
  for (const char* bad :
       {R"({"ticket":{"expire_after":"0s"}})", R"({"ticket":{"expire_after":7}})"}) {
    BOOST_TEST(first(bad).field_path == "ticket.expire_after");
    BOOST_TEST(first(bad).message == "at least 1s: zero would expire it at once");
  }
  // Inside arrays too; a missing field is still reported as missing.
  BOOST_TEST(first(R"({"ticket":{"expire_after":"1s"},"hosts":["a",""]})").field_path ==
             "hosts[1]");
  BOOST_TEST(first(R"({"ticket":{"expire_after":"1s"},"hosts":["a",""]})").message ==
             "a host name");
  BOOST_TEST(first(R"({"ticket":{}})").message == "required field is missing");
}

BOOST_AUTO_TEST_CASE(secret_fields_are_found_at_any_depth) {
  const auto schema = ConfigSchema::parse(schema_text);
  const std::vector<std::string> expected{"api_key", "auth.client_secret"};
  auto found = schema.secret_fields();
  std::sort(found.begin(), found.end());
  BOOST_TEST(found == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unusable_schemas_are_refused) {
  BOOST_CHECK_THROW(ConfigSchema::parse("{not json"), std::invalid_argument);
  BOOST_CHECK_THROW(ConfigSchema::parse("[1]"), std::invalid_argument);
  BOOST_CHECK_THROW(ConfigSchema::parse(R"({"type": 5})"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

// ABI 1.3: a descriptor's profile_schema is read when struct_size covers it, and
// checked like the config schema.
BOOST_AUTO_TEST_SUITE(profile_schema)

namespace {

conn_descriptor descriptor_with_profile(const char* profile_schema) {
  static const char* const capabilities[] = {nullptr};
  conn_descriptor raw{};
  raw.struct_size = sizeof(conn_descriptor);
  raw.id = "demo";
  raw.name = "Demo";
  raw.version = "1.0.0";
  raw.capabilities = capabilities;
  raw.config_schema = R"({"type":"object"})";
  raw.profile_schema = profile_schema;
  return raw;
}

}  // namespace

BOOST_AUTO_TEST_CASE(is_read_when_declared) {
  const conn_descriptor raw = descriptor_with_profile(R"({"required":["email"]})");
  const auto descriptor = connector::host::loader::read_descriptor(&raw);
  BOOST_TEST_REQUIRE(descriptor.profile_schema.has_value());
  BOOST_TEST(boost::json::serialize(descriptor.profile_schema->document()) ==
             R"({"required":["email"]})");
  const conn_descriptor none = descriptor_with_profile(nullptr);
  BOOST_TEST(!connector::host::loader::read_descriptor(&none).profile_schema.has_value());
}

BOOST_AUTO_TEST_CASE(is_not_read_past_an_older_struct_size) {
  conn_descriptor raw = descriptor_with_profile("not JSON: a 1.2 plugin has no such member");
  raw.struct_size = static_cast<std::uint32_t>(offsetof(conn_descriptor, profile_schema));
  BOOST_TEST(!connector::host::loader::read_descriptor(&raw).profile_schema.has_value());
}

BOOST_AUTO_TEST_CASE(a_broken_one_refuses_the_plugin_naming_it) {
  const conn_descriptor raw = descriptor_with_profile("{not json");
  try {
    connector::host::loader::read_descriptor(&raw);
    BOOST_FAIL("a plugin with a broken profile schema was accepted");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()).rfind("profile_schema is not valid JSON: ", 0) == 0u,
               e.what());
  }
}

BOOST_AUTO_TEST_SUITE_END()
