#include "loader/schema_text.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <vector>

#include "loader/schema_fields.hpp"

namespace connector::host::loader {
namespace {

namespace json = boost::json;

// Words for a schema nested deeper than this (an array of arrays of ..., or a ref
// to itself) end in "...".
constexpr int kMaxDepth = 6;

std::string type_at(const json::object& schema, const json::value& root, int depth);
std::string allowed_at(const json::object& schema, const json::value& root, int depth);

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

void add_unique(std::vector<std::string>& list, std::string item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

// Boost.JSON writes 0.5 as "5E-1"; people write 0.5, and 30.0 as 30.
std::string number_text(double number) {
  if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) < 1e15) {
    return std::to_string(static_cast<long long>(number));
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), number);
  return std::string(buffer, result.ptr);
}

std::string kind_text(const json::value& value) {
  switch (value.kind()) {
    case json::kind::string:
      return "string";
    case json::kind::int64:
    case json::kind::uint64:
      return "integer";
    case json::kind::double_:
      return "number";
    case json::kind::bool_:
      return "boolean";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
    case json::kind::null:
      break;
  }
  return "null";
}

const json::array* array_member(const json::object& schema, std::string_view key) {
  const json::value* value = schema.if_contains(key);
  return value != nullptr && value->is_array() ? &value->as_array() : nullptr;
}

const json::object* object_member(const json::object& schema, std::string_view key) {
  const json::value* value = schema.if_contains(key);
  return value != nullptr && value->is_object() ? &value->as_object() : nullptr;
}

std::optional<std::string> number_member(const json::object& schema, std::string_view key) {
  const json::value* value = schema.if_contains(key);
  if (value == nullptr || !value->is_number()) return std::nullopt;
  return value_text(*value);
}

bool has_fields(const json::object& schema) {
  const json::object* properties = object_member(schema, "properties");
  return properties != nullptr && !properties->empty();
}

// One alternative of oneOf/anyOf: an object with fields reads as its keys, eg: {env}.
std::string alternative_text(const json::value& alternative, const json::value& root, int depth) {
  const json::object schema = resolve_schema(alternative, root);
  const json::value* type = schema.if_contains("type");
  if (has_fields(schema) &&
      (type == nullptr || (type->is_string() && type->as_string() == "object"))) {
    std::vector<std::string> keys;
    for (const auto& member : schema.at("properties").as_object()) keys.emplace_back(member.key());
    return "{" + join(keys, ", ") + "}";
  }
  return type_at(schema, root, depth);
}

std::string named_type(std::string_view name, const json::object& schema, const json::value& root,
                       int depth) {
  if (name == "array") {
    const json::value* items = schema.if_contains("items");
    if (items == nullptr || !(items->is_object() || items->is_bool())) return "array";
    const std::string inner = type_at(resolve_schema(*items, root), root, depth + 1);
    return inner.find(" | ") == std::string::npos ? "array of " + inner
                                                  : "array of (" + inner + ")";
  }
  if (name == "object" && !has_fields(schema)) {
    const json::value* values = schema.if_contains("additionalProperties");
    if (values != nullptr && values->is_object()) {
      return "map of " + type_at(resolve_schema(*values, root), root, depth + 1);
    }
  }
  return std::string(name);
}

std::string range_text(const json::object& schema) {
  const auto minimum = number_member(schema, "minimum");
  const auto maximum = number_member(schema, "maximum");
  // Draft 6+: exclusiveMinimum/exclusiveMaximum are numbers (draft 4's booleans are
  // not numbers, so they are ignored here).
  const auto above = number_member(schema, "exclusiveMinimum");
  const auto below = number_member(schema, "exclusiveMaximum");
  if (minimum && maximum && !above && !below) return *minimum + ".." + *maximum;
  const std::string low = above ? "> " + *above : minimum ? ">= " + *minimum : "";
  const std::string high = below ? "< " + *below : maximum ? "<= " + *maximum : "";
  return join({low, high}, ", ");
}

std::string length_text(const json::object& schema) {
  const auto shortest = number_member(schema, "minLength");
  const auto longest = number_member(schema, "maxLength");
  if (shortest && longest) return "length " + *shortest + ".." + *longest;
  if (shortest) return *shortest == "1" ? "non-empty" : "length >= " + *shortest;
  if (longest) return "length <= " + *longest;
  return "";
}

std::string item_count_text(const json::object& schema) {
  const auto fewest = number_member(schema, "minItems");
  const auto most = number_member(schema, "maxItems");
  if (fewest && most) return *fewest + ".." + *most + " items";
  if (fewest) return "at least " + *fewest + (*fewest == "1" ? " item" : " items");
  if (most) return "at most " + *most + " items";
  return "";
}

}  // namespace

std::string value_text(const json::value& value) {
  if (value.is_string()) {
    return value.as_string().empty() ? "\"\"" : std::string(value.as_string());
  }
  if (value.is_number()) return number_text(value.to_number<double>());
  return json::serialize(value);
}

namespace {

std::string type_at(const json::object& schema, const json::value& root, int depth) {
  if (depth > kMaxDepth) return "...";
  if (const json::value* type = schema.if_contains("type")) {
    if (type->is_string()) return named_type(type->as_string(), schema, root, depth);
    if (type->is_array()) {
      std::vector<std::string> names;
      for (const json::value& name : type->as_array()) {
        if (name.is_string()) add_unique(names, named_type(name.as_string(), schema, root, depth));
      }
      if (!names.empty()) return join(names, " | ");
    }
  }
  if (const json::value* constant = schema.if_contains("const")) return kind_text(*constant);
  if (const json::array* values = array_member(schema, "enum"); values && !values->empty()) {
    std::vector<std::string> kinds;
    for (const json::value& value : *values) add_unique(kinds, kind_text(value));
    return join(kinds, " | ");
  }
  for (const char* key : {"oneOf", "anyOf"}) {
    if (const json::array* alternatives = array_member(schema, key)) {
      std::vector<std::string> texts;
      for (const json::value& alternative : *alternatives) {
        add_unique(texts, alternative_text(alternative, root, depth + 1));
      }
      if (!texts.empty()) return join(texts, " | ");
    }
  }
  if (const json::array* parts = array_member(schema, "allOf")) {
    for (const json::value& part : *parts) {
      std::string text = type_at(resolve_schema(part, root), root, depth + 1);
      if (text != "any") return text;
    }
  }
  if (has_fields(schema)) return "object";
  if (const json::value* ref = schema.if_contains("$ref"); ref && ref->is_string()) {
    return "$ref " + std::string(ref->as_string());  // not local: not resolved
  }
  return "any";
}

std::string allowed_at(const json::object& schema, const json::value& root, int depth) {
  if (depth > kMaxDepth) return "";
  std::vector<std::string> parts;
  if (const json::array* values = array_member(schema, "enum")) {
    std::vector<std::string> texts;
    for (const json::value& value : *values) texts.push_back(value_text(value));
    parts.push_back(join(texts, ", "));
  }
  if (const json::value* constant = schema.if_contains("const")) {
    parts.push_back("only " + value_text(*constant));
  }
  parts.push_back(range_text(schema));
  parts.push_back(length_text(schema));
  if (const json::value* pattern = schema.if_contains("pattern"); pattern && pattern->is_string()) {
    parts.push_back("pattern " + std::string(pattern->as_string()));
  }
  if (const json::value* format = schema.if_contains("format"); format && format->is_string()) {
    parts.push_back("format " + std::string(format->as_string()));
  }
  if (const json::value* items = schema.if_contains("items"); items && items->is_object()) {
    const std::string inner = allowed_at(resolve_schema(*items, root), root, depth + 1);
    if (!inner.empty()) parts.push_back("items: " + inner);
  }
  parts.push_back(item_count_text(schema));
  if (const json::value* unique = schema.if_contains("uniqueItems");
      unique && unique->is_bool() && unique->as_bool()) {
    parts.push_back("unique");
  }
  if (const json::object* values = object_member(schema, "additionalProperties");
      values && !has_fields(schema)) {
    const std::string inner = allowed_at(resolve_schema(*values, root), root, depth + 1);
    if (!inner.empty()) parts.push_back("values: " + inner);
  }
  for (const char* key : {"oneOf", "anyOf"}) {
    if (const json::array* alternatives = array_member(schema, key)) {
      std::vector<std::string> texts;
      for (const json::value& alternative : *alternatives) {
        texts.push_back(allowed_at(resolve_schema(alternative, root), root, depth + 1));
      }
      parts.push_back(join(texts, " | "));
    }
  }
  return join(parts, "; ");
}

}  // namespace

std::string type_text(const json::object& schema, const json::value& root) {
  return type_at(schema, root, 0);
}

std::string allowed_text(const json::object& schema, const json::value& root) {
  return allowed_at(schema, root, 0);
}

}  // namespace connector::host::loader
