// A JSON Schema a plugin declares (its config's, or its account profile's), parsed
// once and used to validate manifests.
//
// Validation is done by valijson (draft 7). Fields marked "x-secret": true are
// collected (schema_fields.hpp says how) so the host knows which values to keep out
// of every output and log. A field's "x-error-message" (a string) replaces valijson's
// description of whatever that field breaks (but a missing required field): the
// schema says what the field wants and why, eg: "a count of at least 1 and a
// unit...: 0 would expire it at once".
#pragma once

#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace valijson {
class Schema;
}

namespace connector::host::loader {

// One way a config breaks its schema: where (eg: "base_url", "" for the object
// itself) and why (the field's "x-error-message", else valijson's description).
struct SchemaViolation {
  std::string field_path;
  std::string message;
};

class ConfigSchema {
 public:
  // Parses `text` as a JSON Schema. Throws std::invalid_argument naming what is wrong
  // (not JSON, not an object, rejected by the schema parser), `name` first (eg:
  // "profile_schema is not valid JSON: ...").
  static ConfigSchema parse(std::string_view text, std::string_view name = "config_schema");

  // Every violation of the schema by `config`, the most specific first. Empty when valid.
  std::vector<SchemaViolation> validate(const boost::json::value& config) const;

  // Dotted paths of the properties marked "x-secret": true (eg: "api_key", "auth.token").
  const std::vector<std::string>& secret_fields() const noexcept { return secret_fields_; }

  const boost::json::value& document() const noexcept { return document_; }

 private:
  boost::json::value document_;
  std::shared_ptr<const valijson::Schema> compiled_;
  std::vector<std::string> secret_fields_;
};

}  // namespace connector::host::loader
