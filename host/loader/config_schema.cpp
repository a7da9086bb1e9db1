#include "loader/config_schema.hpp"

#include <boost/json/parse.hpp>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include "loader/schema_fields.hpp"

namespace connector::host::loader {
namespace {

// valijson's context is {"<root>", "[base_url]", "[0]", ...}; the host names fields
// as "base_url" or "servers[0].url".
std::string to_field_path(const std::vector<std::string>& context) {
  std::string path;
  for (const std::string& part : context) {
    if (part == "<root>" || part.size() < 2) continue;
    const std::string inner = part.substr(1, part.size() - 2);
    const bool index = !inner.empty() && std::all_of(inner.begin(), inner.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
    if (index) {
      path += "[" + inner + "]";
    } else {
      path += (path.empty() ? "" : ".") + inner;
    }
  }
  return path;
}

constexpr std::string_view kMissingField = "required field is missing";

// "Missing required property 'x'." is reported on the parent object; the user looks
// for the field itself, so the violation is moved onto it.
SchemaViolation to_violation(const valijson::ValidationResults::Error& error) {
  std::string path = to_field_path(error.context);
  static constexpr std::string_view missing = "Missing required property '";
  if (error.description.rfind(missing, 0) == 0) {
    const std::size_t end = error.description.find('\'', missing.size());
    if (end != std::string::npos) {
      const std::string field = error.description.substr(missing.size(), end - missing.size());
      return {path.empty() ? field : path + "." + field, std::string(kMissingField)};
    }
  }
  return {std::move(path), error.description};
}

// The schema of the field at `path` ("ticket.expire_after", "servers[0].url"), found
// through "properties" and "items"; nullptr when the schema does not describe it there.
const boost::json::object* field_schema(const boost::json::object& root, std::string_view path) {
  const boost::json::object* node = &root;
  while (!path.empty() && node != nullptr) {
    const boost::json::value* next = nullptr;
    if (path.front() == '[') {
      const std::size_t close = path.find(']');
      if (close == std::string_view::npos) return nullptr;
      next = node->if_contains("items");
      path.remove_prefix(close + 1);
    } else {
      if (path.front() == '.') path.remove_prefix(1);
      const std::size_t end = std::min(path.find('.'), path.find('['));
      const boost::json::value* properties = node->if_contains("properties");
      if (properties != nullptr && properties->is_object()) {
        next = properties->as_object().if_contains(path.substr(0, end));
      }
      path.remove_prefix(std::min(end, path.size()));
    }
    node = next != nullptr && next->is_object() ? &next->as_object() : nullptr;
  }
  return node;
}

// valijson's descriptions name the constraint ("Failed to match regex pattern"), not
// what the field wants or why; a schema can say that with "x-error-message".
void explain(const boost::json::object& schema, SchemaViolation& violation) {
  if (violation.message == kMissingField || violation.field_path.empty()) return;
  const boost::json::object* field = field_schema(schema, violation.field_path);
  if (field == nullptr) return;
  const boost::json::value* message = field->if_contains("x-error-message");
  if (message != nullptr && message->is_string()) violation.message = message->as_string();
}

}  // namespace

ConfigSchema ConfigSchema::parse(std::string_view text, std::string_view name) {
  boost::system::error_code ec;
  ConfigSchema schema;
  schema.document_ = boost::json::parse(text, ec);
  const std::string what(name);
  if (ec) throw std::invalid_argument(what + " is not valid JSON: " + ec.message());
  if (!schema.document_.is_object()) throw std::invalid_argument(what + " is not a JSON object");
  auto compiled = std::make_shared<valijson::Schema>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::BoostJsonAdapter adapter(schema.document_);
    parser.populateSchema(adapter, *compiled);
  } catch (const std::exception& e) {
    throw std::invalid_argument(what + " is not a usable JSON Schema: " + e.what());
  }
  schema.compiled_ = std::move(compiled);
  for (const SchemaField& field : schema_fields(schema.document_)) {
    if (field.secret) schema.secret_fields_.push_back(field.path);
  }
  return schema;
}

std::vector<SchemaViolation> ConfigSchema::validate(const boost::json::value& config) const {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::BoostJsonAdapter target(config);
  std::vector<SchemaViolation> violations;
  if (validator.validate(*compiled_, target, &results)) return violations;
  for (const auto& error : results) violations.push_back(to_violation(error));
  // valijson reports the failing leaf and then each enclosing object ("Failed to
  // validate against schema associated with property name ..."); the leaf says more.
  std::stable_sort(violations.begin(), violations.end(),
                   [](const SchemaViolation& a, const SchemaViolation& b) {
                     return a.field_path.size() > b.field_path.size();
                   });
  for (SchemaViolation& violation : violations) explain(document_.as_object(), violation);
  return violations;
}

}  // namespace connector::host::loader
