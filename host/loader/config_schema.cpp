#include "loader/config_schema.hpp"

#include <boost/json/parse.hpp>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <stdexcept>

namespace connector::host::loader {
namespace {

// Walks "properties" (recursively) and records each property marked "x-secret": true
// or "x-file": "read" | "write".
void collect_marked_fields(const boost::json::object& schema, const std::string& prefix,
                           std::vector<std::string>& secrets, std::vector<FileField>& files) {
  const auto* properties = schema.if_contains("properties");
  if (properties == nullptr || !properties->is_object()) return;
  for (const auto& [name, property] : properties->as_object()) {
    if (!property.is_object()) continue;
    const std::string path = prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
    const auto* secret = property.as_object().if_contains("x-secret");
    if (secret != nullptr && secret->is_bool() && secret->as_bool()) secrets.push_back(path);
    const auto* file = property.as_object().if_contains("x-file");
    if (file != nullptr) {
      if (!file->is_string() || (file->as_string() != "read" && file->as_string() != "write")) {
        throw std::invalid_argument("config_schema: " + path +
                                    ": \"x-file\" must be \"read\" or \"write\"");
      }
      files.push_back({path, file->as_string() == "write"});
    }
    collect_marked_fields(property.as_object(), path, secrets, files);
  }
}

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

// "Missing required property 'x'." is reported on the parent object; the user looks
// for the field itself, so the violation is moved onto it.
SchemaViolation to_violation(const valijson::ValidationResults::Error& error) {
  std::string path = to_field_path(error.context);
  static constexpr std::string_view missing = "Missing required property '";
  if (error.description.rfind(missing, 0) == 0) {
    const std::size_t end = error.description.find('\'', missing.size());
    if (end != std::string::npos) {
      const std::string field = error.description.substr(missing.size(), end - missing.size());
      return {path.empty() ? field : path + "." + field, "required field is missing"};
    }
  }
  return {std::move(path), error.description};
}

}  // namespace

ConfigSchema ConfigSchema::parse(std::string_view text) {
  boost::system::error_code ec;
  ConfigSchema schema;
  schema.document_ = boost::json::parse(text, ec);
  if (ec) throw std::invalid_argument("config_schema is not valid JSON: " + ec.message());
  if (!schema.document_.is_object())
    throw std::invalid_argument("config_schema is not a JSON object");
  auto compiled = std::make_shared<valijson::Schema>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::BoostJsonAdapter adapter(schema.document_);
    parser.populateSchema(adapter, *compiled);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("config_schema is not a usable JSON Schema: ") +
                                e.what());
  }
  schema.compiled_ = std::move(compiled);
  collect_marked_fields(schema.document_.as_object(), "", schema.secret_fields_,
                        schema.file_fields_);
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
  return violations;
}

}  // namespace connector::host::loader
