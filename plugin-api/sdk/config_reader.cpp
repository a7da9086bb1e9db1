#include <connector/sdk.hpp>
#include <connector/sdk/config_reader.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <stdexcept>

namespace connector::sdk {
namespace {

namespace json = boost::json;

// One step of a path into the config: a property name, or an array index.
struct Step {
  std::string name;
  std::optional<std::size_t> index;
};
using Path = std::vector<Step>;

// Why the config is refused, and where.
struct Refusal {
  Path path;
  std::string why;
};

// valijson's context {"<root>", "[base_url]", "[0]"} as steps.
Path path_of(const std::vector<std::string>& context) {
  Path path;
  for (const std::string& part : context) {
    if (part == "<root>" || part.size() < 2) continue;
    const std::string inner = part.substr(1, part.size() - 2);
    const bool digits = !inner.empty() && std::all_of(inner.begin(), inner.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
    if (digits) {
      path.push_back(Step{{}, std::stoul(inner)});
    } else {
      path.push_back(Step{inner, std::nullopt});
    }
  }
  return path;
}

// The schema node at `pointer` ("#/definitions/x") in `root`, or nullptr.
const json::object* resolve_pointer(const json::object& root, std::string_view pointer) {
  if (!pointer.starts_with("#/")) return nullptr;
  const json::object* node = &root;
  std::string_view rest = pointer.substr(2);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view key = rest.substr(0, slash);
    const json::value* next = node->if_contains(key);
    if (next == nullptr || !next->is_object()) return nullptr;
    node = &next->get_object();
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  }
  return node;
}

// `node` with a "$ref" followed (once: the referenced node's own keywords), or `node`.
const json::object& followed(const json::object& root, const json::object& node) {
  const json::value* ref = node.if_contains("$ref");
  if (ref == nullptr || !ref->is_string()) return node;
  const json::object* target = resolve_pointer(root, ref->get_string());
  return target != nullptr ? *target : node;
}

// The schema of the property or item `step` of `node`, or nullptr.
const json::object* child_schema(const json::object& node, const Step& step) {
  const char* keyword = step.index ? "items" : "properties";
  const json::value* container = node.if_contains(keyword);
  if (container == nullptr || !container->is_object()) return nullptr;
  if (step.index) return &container->get_object();
  const json::value* property = container->get_object().if_contains(step.name);
  return property != nullptr && property->is_object() ? &property->get_object() : nullptr;
}

const json::object* schema_at(const json::object& root, const Path& path) {
  const json::object* node = &root;
  for (const Step& step : path) {
    node = child_schema(followed(root, *node), step);
    if (node == nullptr) return nullptr;
  }
  return node;
}

const json::value* value_at(const json::value& config, const Path& path) {
  const json::value* value = &config;
  for (const Step& step : path) {
    if (step.index) {
      if (!value->is_array() || *step.index >= value->get_array().size()) return nullptr;
      value = &value->get_array()[*step.index];
    } else {
      if (!value->is_object()) return nullptr;
      value = value->get_object().if_contains(step.name);
      if (value == nullptr) return nullptr;
    }
  }
  return value;
}

std::string text_of(const json::value& v) {
  return v.is_string() ? std::string(v.get_string()) : json::serialize(v);
}

bool is_kind(const json::value& v, std::string_view type) {
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_int64() || v.is_uint64();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_bool();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  if (type == "null") return v.is_null();
  return true;
}

std::string kind_name(std::string_view type) {
  if (type == "string") return "a string";
  if (type == "integer") return "an integer";
  if (type == "number") return "a number";
  if (type == "boolean") return "true or false";
  if (type == "array") return "an array";
  if (type == "object") return "an object";
  return std::string(type);
}

// "must be a string" when `value` is not of the schema's type(s); "" when it is.
std::string type_mismatch(const json::object& schema, const json::value& value) {
  const json::value* type = schema.if_contains("type");
  if (type == nullptr) return {};
  std::vector<std::string_view> types;
  if (type->is_string()) types.push_back(type->get_string());
  if (type->is_array()) {
    for (const json::value& t : type->get_array()) {
      if (t.is_string()) types.push_back(t.get_string());
    }
  }
  if (types.empty() ||
      std::any_of(types.begin(), types.end(), [&](auto t) { return is_kind(value, t); })) {
    return {};
  }
  std::string names;
  for (std::size_t i = 0; i < types.size(); ++i) {
    names += (i == 0 ? "" : " or ") + kind_name(types[i]);
  }
  return "must be " + names;
}

// The bounds of a number as one phrase: "at least 1 and at most 64".
std::string number_bounds(const json::object& schema) {
  std::vector<std::string> parts;
  const std::pair<const char*, const char*> keywords[] = {{"minimum", "at least "},
                                                          {"exclusiveMinimum", "above "},
                                                          {"maximum", "at most "},
                                                          {"exclusiveMaximum", "below "}};
  for (const auto& [keyword, phrase] : keywords) {
    const json::value* bound = schema.if_contains(keyword);
    if (bound != nullptr && bound->is_number()) parts.push_back(phrase + json::serialize(*bound));
  }
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) text += (i == 0 ? "" : " and ") + parts[i];
  return text;
}

bool within_bounds(const json::object& schema, double n) {
  const auto bound = [&](const char* keyword) -> std::optional<double> {
    const json::value* v = schema.if_contains(keyword);
    if (v == nullptr || !v->is_number()) return std::nullopt;
    return v->to_number<double>();
  };
  if (const auto b = bound("minimum"); b && n < *b) return false;
  if (const auto b = bound("exclusiveMinimum"); b && n <= *b) return false;
  if (const auto b = bound("maximum"); b && n > *b) return false;
  if (const auto b = bound("exclusiveMaximum"); b && n >= *b) return false;
  return true;
}

std::string known_values(const json::array& values) {
  std::string known;
  for (const json::value& v : values) known += (known.empty() ? "" : ", ") + text_of(v);
  return known;
}

std::string description_of(const json::object& schema) {
  const json::value* d = schema.if_contains("description");
  return d != nullptr && d->is_string() ? std::string(d->get_string()) : std::string();
}

// What is wrong with `value` against `schema` (the property's, "$ref" followed), in a
// few words; "" when none of the keywords explained here is broken.
std::string explain(const json::object& schema, const json::value& value, const Step& leaf,
                    bool secret) {
  if (std::string wrong = type_mismatch(schema, value); !wrong.empty()) return wrong;
  if (const json::value* allowed = schema.if_contains("enum");
      allowed != nullptr && allowed->is_array()) {
    const json::array& values = allowed->get_array();
    if (std::find(values.begin(), values.end(), value) == values.end()) {
      const std::string what = leaf.index ? std::string("value") : leaf.name;
      const std::string quoted = secret ? std::string() : " '" + text_of(value) + "'";
      return "unknown " + what + quoted + " (known: " + known_values(values) + ")";
    }
  }
  if (value.is_number() && !within_bounds(schema, value.to_number<double>())) {
    return "must be " + number_bounds(schema);
  }
  if (value.is_string()) {
    const std::size_t length = value.get_string().size();
    const json::value* min = schema.if_contains("minLength");
    const json::value* max = schema.if_contains("maxLength");
    if (min != nullptr && min->is_int64() && length < static_cast<std::size_t>(min->get_int64())) {
      return min->get_int64() == 1 ? "must not be empty"
                                   : "must be at least " + json::serialize(*min) + " characters";
    }
    if (max != nullptr && max->is_int64() && length > static_cast<std::size_t>(max->get_int64())) {
      return "must be at most " + json::serialize(*max) + " characters";
    }
    if (const json::value* pattern = schema.if_contains("pattern"); pattern != nullptr) {
      return "does not have the expected form (" + text_of(*pattern) + ")";
    }
  }
  if (value.is_array()) {
    const std::size_t size = value.get_array().size();
    const json::value* min = schema.if_contains("minItems");
    if (min != nullptr && min->is_int64() && size < static_cast<std::size_t>(min->get_int64())) {
      return "must have at least " + json::serialize(*min) + " item" +
             (min->get_int64() == 1 ? "" : "s");
    }
    const json::value* unique = schema.if_contains("uniqueItems");
    if (unique != nullptr && *unique == true) {
      const json::array& items = value.get_array();
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (std::find(items.begin() + static_cast<std::ptrdiff_t>(i) + 1, items.end(), items[i]) !=
            items.end()) {
          return "must not list an item twice";
        }
      }
    }
  }
  if (schema.contains("oneOf") || schema.contains("anyOf")) {
    const std::string description = description_of(schema);
    return description.empty() ? "is none of the forms the schema allows"
                               : "is none of the forms the schema allows: " + description;
  }
  return {};
}

bool marked_secret(const json::object* property) {
  if (property == nullptr) return false;
  const json::value* marker = property->if_contains("x-secret");
  return marker != nullptr && *marker == true;
}

// "Missing required property 'x'." and the unknown-property error name a field of the
// object they are reported on: the person reading looks for that field.
std::optional<std::string> quoted_name(const std::string& description, std::string_view prefix) {
  const std::size_t start = description.find(prefix);
  if (start == std::string::npos) return std::nullopt;
  const std::size_t from = description.find('\'', start + prefix.size() - 1);
  if (from == std::string::npos) return std::nullopt;
  const std::size_t to = description.find('\'', from + 1);
  if (to == std::string::npos) return std::nullopt;
  return description.substr(from + 1, to - from - 1);
}

Refusal refusal_for(const json::object& root, const json::value& config,
                    const valijson::ValidationResults::Error& error) {
  Path path = path_of(error.context);
  const std::string& said = error.description;
  if (const auto name = quoted_name(said, "Missing required property '")) {
    path.push_back(Step{*name, std::nullopt});
    return {std::move(path), "is required"};
  }
  if (const auto name = quoted_name(said, "'additionalProperties' constraints: '")) {
    path.push_back(Step{*name, std::nullopt});
    return {std::move(path), "is not a known field"};
  }
  const json::object* node = schema_at(root, path);
  if (node == nullptr) return {std::move(path), said};
  const json::object& schema = followed(root, *node);
  // valijson names the constraint ("Failed to match regex pattern"), not what the field
  // wants or why; a schema says that with "x-error-message", as the host reads it too.
  if (const json::value* message = schema.if_contains("x-error-message");
      message != nullptr && message->is_string() && !path.empty()) {
    return {std::move(path), std::string(message->get_string())};
  }
  if (said.find("'not' constraint") != std::string::npos) {
    // {"not": {"required": ["a", "b"], "description": "give a or b, not both"}}
    const json::value* excluded = schema.if_contains("not");
    if (excluded != nullptr && excluded->is_object()) {
      const json::value* names = excluded->get_object().if_contains("required");
      if (names != nullptr && names->is_array() && !names->get_array().empty() &&
          names->get_array()[0].is_string()) {
        path.push_back(Step{std::string(names->get_array()[0].get_string()), std::nullopt});
      }
      const std::string description = description_of(excluded->get_object());
      return {std::move(path), description.empty() ? said : description};
    }
  }
  const json::value* value = value_at(config, path);
  if (value == nullptr || path.empty()) return {std::move(path), said};
  std::string why = explain(schema, *value, path.back(), marked_secret(node));
  return {std::move(path), why.empty() ? said : why};
}

// "config.ticket.tags" and, for an item of an array, "item 0: " before the reason.
std::string message_of(const std::string& where, const Refusal& refusal) {
  const Path& path = refusal.path;
  std::size_t named = path.size();
  while (named > 0 && path[named - 1].index) --named;
  std::string text = where;
  for (std::size_t i = 0; i < named; ++i) {
    text += path[i].index ? "[" + std::to_string(*path[i].index) + "]" : "." + path[i].name;
  }
  text += ": ";
  for (std::size_t i = named; i < path.size(); ++i) {
    text += "item " + std::to_string(*path[i].index) + ": ";
  }
  return text + refusal.why;
}

const valijson::Schema& compiled(const json::value& document,
                                 std::unique_ptr<valijson::Schema>& holder) {
  holder = std::make_unique<valijson::Schema>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::BoostJsonAdapter adapter(document);
    parser.populateSchema(adapter, *holder);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("the config schema is not usable: ") + e.what());
  }
  return *holder;
}

// The value `field` of `object` (an object), or nullptr.
const json::value* member(const json::value& object, std::string_view field) {
  return object.is_object() ? object.get_object().if_contains(field) : nullptr;
}

}  // namespace

ConfigReader::ConfigReader(std::string_view schema_json, std::string_view config_json)
    : where_("config") {
  boost::system::error_code ec;
  schema_ = json::parse(schema_json, ec);
  if (ec || !schema_.is_object()) {
    throw std::invalid_argument("the config schema is not a JSON object");
  }
  config_ = json::parse(config_json, ec);
  if (ec || !config_.is_object()) refuse("", "must be a JSON object");

  std::unique_ptr<valijson::Schema> holder;
  const valijson::Schema& schema = compiled(schema_, holder);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::BoostJsonAdapter target(config_);
  if (validator.validate(schema, target, &results)) return;

  // The most specific violation: valijson reports the failing leaf and then each
  // enclosing object again in general terms.
  std::optional<Refusal> best;
  for (const auto& error : results) {
    Refusal refusal = refusal_for(schema_.get_object(), config_, error);
    if (!best || refusal.path.size() > best->path.size()) best = std::move(refusal);
  }
  throw Error(CONN_INVALID_ARGUMENT, message_of(where_, *best));
}

ConfigReader::ConfigReader(std::string where, json::value config, json::value schema)
    : where_(std::move(where)), config_(std::move(config)), schema_(std::move(schema)) {}

const json::value* ConfigReader::value(std::string_view field) const {
  if (const json::value* given = member(config_, field)) return given;
  const json::value* properties = member(schema_, "properties");
  const json::value* property = properties != nullptr ? member(*properties, field) : nullptr;
  return property != nullptr ? member(*property, "default") : nullptr;
}

bool ConfigReader::has(std::string_view field) const { return member(config_, field) != nullptr; }

const json::value* ConfigReader::required(std::string_view field) const {
  const json::value* v = value(field);
  if (v == nullptr) refuse(field, "is required");
  return v;
}

std::optional<ConfigReader> ConfigReader::object(std::string_view field) const {
  const json::value* v = value(field);
  if (v == nullptr) return std::nullopt;
  if (!v->is_object()) refuse(field, "must be an object");
  const json::value* properties = member(schema_, "properties");
  const json::value* property = properties != nullptr ? member(*properties, field) : nullptr;
  return ConfigReader(where_ + "." + std::string(field), *v,
                      property != nullptr ? *property : json::value(json::object()));
}

std::optional<std::string> ConfigReader::optional_string(std::string_view field) const {
  const json::value* v = value(field);
  if (v == nullptr) return std::nullopt;
  if (v->is_object() && (v->get_object().contains("env") || v->get_object().contains("file"))) {
    // A reference ({"env":..} / {"file":..}) reaches a plugin resolved, as a string.
    refuse(field, "the secret reference was not resolved by the host");
  }
  if (!v->is_string()) refuse(field, "must be a string");
  return std::string(v->get_string());
}

std::string ConfigReader::string(std::string_view field) const {
  required(field);
  return *optional_string(field);
}

bool ConfigReader::boolean(std::string_view field) const {
  const json::value* v = required(field);
  if (!v->is_bool()) refuse(field, "must be true or false");
  return v->get_bool();
}

std::optional<std::int64_t> ConfigReader::optional_integer(std::string_view field) const {
  const json::value* v = value(field);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v->get_uint64());
  }
  refuse(field, "must be an integer");
}

std::int64_t ConfigReader::integer(std::string_view field) const {
  required(field);
  return *optional_integer(field);
}

double ConfigReader::number(std::string_view field) const {
  const json::value* v = required(field);
  if (!v->is_number()) refuse(field, "must be a number");
  return v->to_number<double>();
}

std::vector<std::string> ConfigReader::strings(std::string_view field) const {
  const json::value* v = required(field);
  if (!v->is_array()) refuse(field, "must be an array of strings");
  std::vector<std::string> out;
  for (const json::value& item : v->get_array()) {
    if (!item.is_string()) refuse(field, "must be an array of strings");
    out.emplace_back(item.get_string());
  }
  return out;
}

void ConfigReader::refuse(std::string_view field, std::string_view why) const {
  const std::string name = field.empty() ? where_ : where_ + "." + std::string(field);
  throw Error(CONN_INVALID_ARGUMENT, name + ": " + std::string(why));
}

}  // namespace connector::sdk
