#include "loader/schema_fields.hpp"

#include <boost/url/pct_string_view.hpp>

#include <algorithm>

namespace connector::host::loader {
namespace {

namespace json = boost::json;

// A ref chain longer than this is a loop ({"$ref": "#"} inside "#", or a to b to a).
constexpr int kMaxRefHops = 32;
constexpr int kMaxNestingDepth = 8;
// Refs shared by many fields can multiply them (each of 30 fields refers to an object
// of 30 fields...): the list stops here, far beyond what a person would read.
constexpr std::size_t kMaxFields = 10000;

// The schema a local "$ref" ("#/definitions/a") names, or nullptr. (valijson, which
// checks every schema the host loads, refuses any other kind of ref.)
const json::value* find_reference(std::string_view ref, const json::value& root) {
  if (ref.empty() || ref.front() != '#') return nullptr;
  // A URI fragment: the JSON pointer in it is percent-encoded ("%25" is '%').
  const auto fragment = boost::urls::make_pct_string_view(ref.substr(1));
  if (!fragment) return nullptr;
  const std::string pointer = fragment->decode();
  if (pointer.empty()) return &root;
  boost::system::error_code ec;
  return root.find_pointer(pointer, ec);
}

json::object as_schema_object(const json::value& schema) {
  if (schema.is_object()) return schema.as_object();
  if (schema.is_bool() && !schema.as_bool()) return json::object{{"not", json::object{}}};
  return {};  // `true`, and anything that is not a schema, accepts everything
}

bool is_true(const json::object& schema, std::string_view key) {
  const json::value* value = schema.if_contains(key);
  return value != nullptr && value->is_bool() && value->as_bool();
}

bool lists(const json::value* required, std::string_view name) {
  if (required == nullptr || !required->is_array()) return false;
  const auto& names = required->as_array();
  return std::any_of(names.begin(), names.end(), [&](const json::value& entry) {
    return entry.is_string() && entry.as_string() == name;
  });
}

// `schema` resolved as resolve_schema says; every ref followed is added to `followed`.
json::object resolve(const json::value& schema, const json::value& root,
                     std::vector<std::string>& followed) {
  json::object resolved = as_schema_object(schema);
  for (int hop = 0; hop < kMaxRefHops; ++hop) {
    const json::value* ref = resolved.if_contains("$ref");
    if (ref == nullptr || !ref->is_string()) break;
    const json::value* target = find_reference(ref->as_string(), root);
    if (target == nullptr) break;
    followed.emplace_back(ref->as_string());
    json::object merged = as_schema_object(*target);
    for (const auto& [key, value] : resolved) {
      if (key != "$ref") merged[key] = value;
    }
    resolved = std::move(merged);
  }
  return resolved;
}

// `enclosing_refs`: the refs followed to reach `schema`. A field that refers back to
// one of them is recursive (a tree node's children): listed, not entered again.
void collect(const json::object& schema, const json::value& root, const std::string& prefix,
             const std::string& required_with, const std::vector<std::string>& enclosing_refs,
             int depth, std::vector<SchemaField>& out) {
  const json::value* properties = schema.if_contains("properties");
  if (properties == nullptr || !properties->is_object()) return;
  const json::value* required = schema.if_contains("required");
  for (const auto& [name, property] : properties->as_object()) {
    if (out.size() >= kMaxFields) return;
    SchemaField field;
    field.path = prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
    std::vector<std::string> refs = enclosing_refs;
    const std::size_t enclosing = refs.size();
    field.schema = resolve(property, root, refs);
    const bool recursive =
        std::any_of(refs.begin() + static_cast<std::ptrdiff_t>(enclosing), refs.end(),
                    [&](const std::string& ref) {
                      return std::find(enclosing_refs.begin(), enclosing_refs.end(), ref) !=
                             enclosing_refs.end();
                    });
    field.required = lists(required, name);
    field.required_with = required_with;
    field.secret = is_true(field.schema, "x-secret");
    const json::value* nested = field.schema.if_contains("properties");
    field.has_fields = nested != nullptr && nested->is_object() && !nested->as_object().empty() &&
                       !recursive && depth < kMaxNestingDepth;
    out.push_back(field);
    if (field.has_fields) {
      // Below an optional object, "required" means: once that object is given.
      const std::string inner_required_with =
          !required_with.empty() ? required_with : (field.required ? "" : field.path);
      collect(field.schema, root, field.path, inner_required_with, refs, depth + 1, out);
    }
  }
}

}  // namespace

json::object resolve_schema(const json::value& schema, const json::value& root) {
  std::vector<std::string> followed;
  return resolve(schema, root, followed);
}

std::vector<SchemaField> schema_fields(const json::value& schema) {
  std::vector<SchemaField> fields;
  std::vector<std::string> refs;
  const json::object top = resolve(schema, schema, refs);
  collect(top, schema, "", "", refs, 0, fields);
  return fields;
}

}  // namespace connector::host::loader
