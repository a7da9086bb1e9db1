// The config reader: a config checked against the plugin's own JSON Schema, one line
// per refusal naming the field, then typed values with the schema's defaults.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/sdk.hpp>
#include <connector/sdk/config_reader.hpp>

#include <stdexcept>
#include <string>

using connector::sdk::ConfigReader;
namespace json = boost::json;

namespace {

constexpr const char* kSecret = "hunter2-never-shown";

// A schema using the keywords plugins use: required, defaults, enums, ranges, patterns
// (one with its own x-error-message), a $ref'd secret reference, arrays, a nested
// object, not and if/then.
constexpr const char* kSchema = R"({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "additionalProperties": false,
  "required": ["token"],
  "definitions": {
    "value_or_reference": {
      "description": "a value, or {\"env\": NAME} or {\"file\": PATH}",
      "oneOf": [
        {"type": "string", "minLength": 1},
        {"type": "object", "additionalProperties": false, "required": ["env"],
         "properties": {"env": {"type": "string"}}},
        {"type": "object", "additionalProperties": false, "required": ["file"],
         "properties": {"file": {"type": "string"}}}
      ]
    }
  },
  "properties": {
    "url": {"type": "string", "pattern": "^https?://"},
    "zone": {"type": "string", "enum": ["north", "south"], "default": "north"},
    "token": {"$ref": "#/definitions/value_or_reference", "x-secret": true},
    "mode": {"type": "string", "enum": ["plain", "signed"], "default": "plain"},
    "key": {"type": "string", "minLength": 1},
    "pin": {"type": "string", "enum": ["1111", "2222"], "x-secret": true},
    "pool": {"type": "integer", "minimum": 1, "maximum": 64, "default": 4},
    "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 3600, "default": 30},
    "verbose": {"type": "boolean", "default": false},
    "expiry": {"type": "string", "pattern": "^[1-9][0-9]*[smhd]$",
               "x-error-message": "expected a count of at least 1 and a unit, eg: 7d"},
    "kinds": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "minItems": 1,
              "uniqueItems": true, "default": ["a", "b"]},
    "ticket": {
      "type": "object", "additionalProperties": false, "required": ["form"],
      "properties": {
        "form": {"type": "integer", "minimum": 1},
        "priority": {"type": "string", "enum": ["LOW", "HIGH"], "default": "LOW"}
      }
    }
  },
  "not": {"required": ["url", "zone"], "description": "give url or zone, not both"},
  "if": {"required": ["mode"], "properties": {"mode": {"const": "signed"}}},
  "then": {"required": ["key"]}
})";

std::string with(std::string_view extra) {
  std::string config = std::string(R"({"token":")") + kSecret + "\"";
  if (!extra.empty()) config += "," + std::string(extra);
  return config + "}";
}

// The refusal `config_json` gets; fails the test when it is accepted.
std::string refusal(const std::string& config_json) {
  try {
    ConfigReader reader(kSchema, config_json);
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(e.status() == CONN_INVALID_ARGUMENT);
    const std::string message = e.what();
    BOOST_TEST(message.find(kSecret) == std::string::npos, message);
    BOOST_TEST(message.find('\n') == std::string::npos, message);
    return message;
  }
  BOOST_FAIL("accepted: " + config_json);
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_reader)

BOOST_AUTO_TEST_CASE(values_left_out_read_as_the_schema_defaults) {
  const ConfigReader config(kSchema, with(""));
  BOOST_TEST(config.string("token") == kSecret);
  BOOST_TEST(config.string("zone") == "north");
  BOOST_TEST(config.integer("pool") == 4);
  BOOST_TEST(config.number("timeout") == 30.0);
  BOOST_TEST(!config.boolean("verbose"));
  BOOST_TEST(config.strings("kinds") == (std::vector<std::string>{"a", "b"}),
             boost::test_tools::per_element());
  BOOST_TEST(!config.has("zone"));  // a default is not given
  BOOST_TEST(config.has("token"));
  BOOST_TEST(!config.optional_string("url").has_value());
  BOOST_TEST(!config.optional_integer("nothing").has_value());
  BOOST_TEST(!config.object("ticket").has_value());
  // A field with neither a value nor a default, asked for as required.
  try {
    config.string("url");
    BOOST_FAIL("an absent field without a default was read");
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(std::string(e.what()) == "config.url: is required");
  }
}

BOOST_AUTO_TEST_CASE(given_values_are_read_as_given) {
  const ConfigReader config(
      kSchema, with(R"("zone":"south","pool":64,"timeout":2.5,"verbose":true,"kinds":["b"],)"
                    R"("ticket":{"form":7})"));
  BOOST_TEST(config.string("zone") == "south");
  BOOST_TEST(config.integer("pool") == 64);
  BOOST_TEST(config.number("timeout") == 2.5);
  BOOST_TEST(config.boolean("verbose"));
  BOOST_TEST(config.strings("kinds") == std::vector<std::string>{"b"});
  const auto ticket = config.object("ticket");
  BOOST_REQUIRE(ticket.has_value());
  BOOST_TEST(ticket->where() == "config.ticket");
  BOOST_TEST(ticket->integer("form") == 7);
  BOOST_TEST(ticket->string("priority") == "LOW");  // the nested object's own default
}

BOOST_AUTO_TEST_CASE(each_refusal_is_one_line_naming_the_field) {
  BOOST_TEST(refusal(R"({"zone":"north"})") == "config.token: is required");
  BOOST_TEST(refusal(with(R"("colour":"red")")) == "config.colour: is not a known field");
  BOOST_TEST(refusal(with(R"("zone":"east")")) ==
             "config.zone: unknown zone 'east' (known: north, south)");
  BOOST_TEST(refusal(with(R"("pool":0)")) == "config.pool: must be at least 1 and at most 64");
  BOOST_TEST(refusal(with(R"("pool":"4")")) == "config.pool: must be an integer");
  BOOST_TEST(refusal(with(R"("timeout":0)")) == "config.timeout: must be above 0 and at most 3600");
  BOOST_TEST(refusal(with(R"("verbose":"yes")")) == "config.verbose: must be true or false");
  BOOST_TEST(refusal(with(R"("kinds":[])")) == "config.kinds: must have at least 1 item");
  BOOST_TEST(refusal(with(R"("kinds":["a","a"])")) == "config.kinds: must not list an item twice");
  BOOST_TEST(refusal(with(R"("kinds":["a","c"])")) ==
             "config.kinds: item 1: unknown value 'c' (known: a, b)");
  BOOST_TEST(refusal(with(R"("url":"ftp://x")")) ==
             "config.url: does not have the expected form (^https?://)");
  BOOST_TEST(refusal(with(R"("url":"https://x","zone":"south")")) ==
             "config.url: give url or zone, not both");
  BOOST_TEST(refusal(with(R"("mode":"signed")")) == "config.key: is required");
  BOOST_TEST(refusal(with(R"("mode":"signed","key":"")")) == "config.key: must not be empty");
  BOOST_TEST(refusal(with(R"("ticket":{})")) == "config.ticket.form: is required");
  BOOST_TEST(refusal(with(R"("ticket":{"form":1,"priority":"MID"})")) ==
             "config.ticket.priority: unknown priority 'MID' (known: LOW, HIGH)");
  BOOST_TEST(refusal(R"({"token":5})").starts_with("config.token: is none of the forms"));
  // The schema's own words replace what the constraint alone would say.
  BOOST_TEST(refusal(with(R"("expiry":"0d")")) ==
             "config.expiry: expected a count of at least 1 and a unit, eg: 7d");
  BOOST_TEST(refusal("[1]") == "config: must be a JSON object");
  BOOST_TEST(refusal("{") == "config: must be a JSON object");
}

BOOST_AUTO_TEST_CASE(a_secret_value_is_never_quoted) {
  const std::string message = refusal(with(R"("pin":"9999")"));
  BOOST_TEST(message == "config.pin: unknown pin (known: 1111, 2222)");
  BOOST_TEST(message.find("9999") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unresolved_secret_reference_is_named) {
  const ConfigReader config(kSchema, R"({"token":{"env":"TOKEN"}})");
  try {
    config.string("token");
    BOOST_FAIL("an unresolved reference was read as a string");
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(std::string(e.what()) ==
               "config.token: the secret reference was not resolved by the host");
  }
}

BOOST_AUTO_TEST_CASE(a_rule_the_schema_cannot_say_is_refused_the_same_way) {
  const ConfigReader config(kSchema, with(""));
  try {
    config.refuse("zone", "is closed on Sundays");
    BOOST_FAIL("refuse returned");
  } catch (const connector::sdk::Error& e) {
    BOOST_TEST(e.status() == CONN_INVALID_ARGUMENT);
    BOOST_TEST(std::string(e.what()) == "config.zone: is closed on Sundays");
  }
}

BOOST_AUTO_TEST_CASE(a_schema_that_is_not_usable_is_a_plugin_bug) {
  BOOST_CHECK_THROW(ConfigReader("not json", "{}"), std::invalid_argument);
  BOOST_CHECK_THROW(ConfigReader(R"({"type": 5})", "{}"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
