// How the host reads a plugin's JSON Schema for people: the flattened fields
// (loader/schema_fields.hpp), their type and allowed values in words
// (loader/schema_text.hpp), and the secret fields ConfigSchema derives from them.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <map>

#include "loader/config_schema.hpp"
#include "loader/schema_fields.hpp"
#include "loader/schema_text.hpp"

namespace json = boost::json;
using namespace connector::host::loader;

namespace {

// Every construct describe must word sensibly, in one schema.
constexpr const char* kSchema = R"({
  "type": "object",
  "required": ["token", "mode", "server"],
  "definitions": {
    "value_or_reference": {
      "description": "A value or a reference",
      "oneOf": [
        {"type": "string", "minLength": 1},
        {"type": "object", "required": ["env"], "properties": {"env": {"type": "string"}}},
        {"type": "object", "required": ["file"], "properties": {"file": {"type": "string"}}}
      ]
    },
    "port": {"type": "integer", "minimum": 1, "maximum": 65535}
  },
  "properties": {
    "token": {"$ref": "#/definitions/value_or_reference", "x-secret": true,
              "description": "The API token"},
    "user": {"$ref": "#/definitions/value_or_reference"},
    "mode": {"enum": ["fast", "safe"], "default": "safe"},
    "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 3600, "default": 30.5},
    "name": {"type": "string", "minLength": 2, "maxLength": 20, "pattern": "^[a-z]+$"},
    "kinds": {"type": "array", "items": {"type": "string", "enum": ["A", "B"]},
              "minItems": 1, "uniqueItems": true},
    "labels": {"type": "object", "additionalProperties": {"type": "string", "enum": ["x", "y"]}},
    "either": {"type": ["string", "null"]},
    "fixed": {"const": 3},
    "anything": true,
    "port": {"$ref": "#/definitions/port"},
    "remote": {"$ref": "https://elsewhere.invalid/s.json"},
    "server": {
      "type": "object",
      "required": ["host"],
      "properties": {
        "host": {"type": "string", "format": "hostname"},
        "password": {"type": "string", "x-secret": true}
      }
    },
    "proxy": {
      "type": "object",
      "required": ["url"],
      "properties": {
        "url": {"type": "string"},
        "auth": {"type": "object", "required": ["secret"],
                 "properties": {"secret": {"type": "string", "x-secret": true}}}
      }
    }
  }
})";

std::map<std::string, SchemaField> fields_by_path(const json::value& schema) {
  std::map<std::string, SchemaField> by_path;
  for (auto& field : schema_fields(schema)) by_path.emplace(field.path, field);
  return by_path;
}

std::string type_of(const std::string& path) {
  const json::value schema = json::parse(kSchema);
  return type_text(fields_by_path(schema).at(path).schema, schema);
}

std::string allowed_of(const std::string& path) {
  const json::value schema = json::parse(kSchema);
  return allowed_text(fields_by_path(schema).at(path).schema, schema);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema_fields_and_text)

BOOST_AUTO_TEST_CASE(fields_are_flattened_in_declaration_order) {
  std::vector<std::string> paths;
  for (const auto& field : schema_fields(json::parse(kSchema))) paths.push_back(field.path);
  const std::vector<std::string> expected{"token",
                                          "user",
                                          "mode",
                                          "timeout",
                                          "name",
                                          "kinds",
                                          "labels",
                                          "either",
                                          "fixed",
                                          "anything",
                                          "port",
                                          "remote",
                                          "server",
                                          "server.host",
                                          "server.password",
                                          "proxy",
                                          "proxy.url",
                                          "proxy.auth",
                                          "proxy.auth.secret"};
  BOOST_TEST(paths == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(required_is_relative_to_the_nearest_optional_object) {
  const auto fields = fields_by_path(json::parse(kSchema));
  BOOST_TEST(fields.at("token").required);
  BOOST_TEST(fields.at("token").required_with.empty());
  BOOST_TEST(!fields.at("user").required);
  BOOST_TEST(fields.at("server.host").required);
  BOOST_TEST(fields.at("server.host").required_with.empty());  // server itself is required
  BOOST_TEST(fields.at("proxy.url").required);
  BOOST_TEST(fields.at("proxy.url").required_with == "proxy");
  BOOST_TEST(fields.at("proxy.auth.secret").required_with == "proxy");
  BOOST_TEST(fields.at("server").has_fields);
  BOOST_TEST(!fields.at("token").has_fields);
}

BOOST_AUTO_TEST_CASE(a_ref_is_resolved_and_the_property_keywords_win) {
  const auto fields = fields_by_path(json::parse(kSchema));
  const SchemaField& token = fields.at("token");
  BOOST_TEST(token.schema.at("description").as_string() == "The API token");
  BOOST_TEST(token.schema.contains("oneOf"));
  BOOST_TEST(!token.schema.contains("$ref"));
  // The target's own description shows where the property gives none.
  BOOST_TEST(fields.at("user").schema.at("description").as_string() == "A value or a reference");
  // A ref to another document is left as written.
  BOOST_TEST(fields.at("port").schema.at("maximum").as_int64() == 65535);
  BOOST_TEST(fields.at("remote").schema.contains("$ref"));
}

BOOST_AUTO_TEST_CASE(a_ref_is_a_percent_encoded_json_pointer) {
  const json::value schema = json::parse(R"({
    "definitions": {"a b": {"type": "integer"}, "x/y": {"type": "boolean"}},
    "properties": {"spaced": {"$ref": "#/definitions/a%20b"},
                   "slashed": {"$ref": "#/definitions/x~1y"},
                   "broken": {"$ref": "#/definitions/a%2"}}
  })");
  const auto fields = fields_by_path(schema);
  BOOST_TEST(type_text(fields.at("spaced").schema, schema) == "integer");
  BOOST_TEST(type_text(fields.at("slashed").schema, schema) == "boolean");
  BOOST_TEST(fields.at("broken").schema.contains("$ref"));
}

BOOST_AUTO_TEST_CASE(secrets_are_the_fields_marked_x_secret_and_nothing_else) {
  const auto fields = fields_by_path(json::parse(kSchema));
  std::vector<std::string> secret;
  for (const auto& [path, field] : fields) {
    if (field.secret) secret.push_back(path);
  }
  // "user" takes an {"env"} reference like "token", but is not marked: not secret.
  const std::vector<std::string> expected{"proxy.auth.secret", "server.password", "token"};
  BOOST_TEST(secret == expected, boost::test_tools::per_element());
  // The host redacts by the same rule (valijson refuses to fetch the remote ref).
  json::value local = json::parse(kSchema);
  local.at("properties").as_object().erase("remote");
  auto from_schema = ConfigSchema::parse(json::serialize(local)).secret_fields();
  std::sort(from_schema.begin(), from_schema.end());
  BOOST_TEST(from_schema == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(types_in_words) {
  BOOST_TEST(type_of("token") == "string | {env} | {file}");
  BOOST_TEST(type_of("mode") == "string");
  BOOST_TEST(type_of("timeout") == "number");
  BOOST_TEST(type_of("kinds") == "array of string");
  BOOST_TEST(type_of("labels") == "map of string");
  BOOST_TEST(type_of("either") == "string | null");
  BOOST_TEST(type_of("fixed") == "integer");
  BOOST_TEST(type_of("anything") == "any");
  BOOST_TEST(type_of("port") == "integer");
  BOOST_TEST(type_of("remote") == "$ref https://elsewhere.invalid/s.json");
  BOOST_TEST(type_of("server") == "object");
}

BOOST_AUTO_TEST_CASE(allowed_values_in_words) {
  BOOST_TEST(allowed_of("token") == "non-empty");
  BOOST_TEST(allowed_of("mode") == "fast, safe");
  BOOST_TEST(allowed_of("timeout") == "> 0, <= 3600");
  BOOST_TEST(allowed_of("port") == "1..65535");
  BOOST_TEST(allowed_of("name") == "length 2..20; pattern ^[a-z]+$");
  BOOST_TEST(allowed_of("kinds") == "items: A, B; at least 1 item; unique");
  BOOST_TEST(allowed_of("labels") == "values: x, y");
  BOOST_TEST(allowed_of("fixed") == "only 3");
  BOOST_TEST(allowed_of("server.host") == "format hostname");
  BOOST_TEST(allowed_of("anything").empty());
  BOOST_TEST(value_text(json::parse("30.5")) == "30.5");
  BOOST_TEST(value_text(json::parse("30.0")) == "30");
  BOOST_TEST(value_text(json::parse(R"("")")) == R"("")");
  BOOST_TEST(value_text(json::parse(R"(["A","B"])")) == R"(["A","B"])");
}

BOOST_AUTO_TEST_CASE(recursive_and_looping_schemas_end) {
  const json::value looping = json::parse(R"({
    "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"},
                    "node": {"type": "object", "properties": {"child": {"$ref": "#/definitions/node"}}}},
    "properties": {"loop": {"$ref": "#/definitions/a"}, "tree": {"$ref": "#/definitions/node"}}
  })");
  std::vector<std::string> paths;
  for (const auto& field : schema_fields(looping)) paths.push_back(field.path);
  // A node's child is a node: listed once, not entered again.
  BOOST_TEST(paths == (std::vector<std::string>{"loop", "tree", "tree.child"}),
             boost::test_tools::per_element());
  // Words for them end too.
  const json::object array_of_itself = resolve_schema(
      json::parse(R"({"$ref": "#/definitions/a"})"),
      json::parse(
          R"({"definitions": {"a": {"type": "array", "items": {"$ref": "#/definitions/a"}}}})"));
  BOOST_TEST(type_text(array_of_itself, json::parse(R"({"definitions": {"a": {"type": "array",
             "items": {"$ref": "#/definitions/a"}}}})"))
                 .rfind("array of array of", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(fields_multiplied_by_shared_refs_are_capped) {
  // 20 fields, each an object of the next definition's 20 fields, 5 deep: 20^5.
  json::object definitions;
  for (int level = 0; level < 5; ++level) {
    json::object properties;
    for (int i = 0; i < 20; ++i) {
      properties["f" + std::to_string(i)] =
          level < 4
              ? json::value(json::object{{"$ref", "#/definitions/d" + std::to_string(level + 1)}})
              : json::value(json::object{{"type", "string"}});
    }
    definitions["d" + std::to_string(level)] =
        json::object{{"type", "object"}, {"properties", std::move(properties)}};
  }
  const json::value schema =
      json::object{{"definitions", std::move(definitions)}, {"$ref", "#/definitions/d0"}};
  BOOST_TEST(schema_fields(schema).size() == 10000u);
}

BOOST_AUTO_TEST_CASE(a_schema_without_properties_has_no_fields) {
  BOOST_TEST(schema_fields(json::parse(R"({"type":"object"})")).empty());
  BOOST_TEST(schema_fields(json::parse("true")).empty());
}

BOOST_AUTO_TEST_SUITE_END()
