// A connector's configuration, described once: in the plugin's own JSON Schema.
//
// ConfigReader checks the manifest's "config" object against that schema (valijson,
// draft 7, as the host does before `create`: a plugin must not trust that a host did)
// and then reads typed values from it. What the schema says is not said again in
// code: required fields, types, ranges, enums and unknown fields are the schema's to
// refuse, and a field left out reads as the schema's "default". Code adds only the
// rules a schema cannot express, through refuse(), which words them the same way.
//
//   const ConfigReader config(kConfigSchemaJson, config_json);
//   options.requests_per_minute = static_cast<int>(config.integer("requests_per_minute"));
//   if (config.has("token_url")) ...
//
// Every refusal is sdk::Error(INVALID_ARGUMENT) with one line, "config.FIELD: why"
// (eg: "config.max_concurrency: must be at most 64", "config.region: unknown region
// 'mars' (known: us, eu)"), and never quotes a value the schema marks "x-secret".
#ifndef CONNECTOR_SDK_CONFIG_READER_HPP
#define CONNECTOR_SDK_CONFIG_READER_HPP

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace connector::sdk {

class ConfigReader {
 public:
  // Parses `config_json` and checks it against `schema_json`. Throws sdk::Error
  // INVALID_ARGUMENT for the most specific violation, or "config: must be a JSON
  // object"; std::invalid_argument when the schema itself is not a usable schema (a
  // plugin bug).
  ConfigReader(std::string_view schema_json, std::string_view config_json);

  // The object at `field` (present, or its schema default), read with the schema of
  // that property; its refusals say "config.FIELD.SUB: ...". nullopt when the object
  // is absent and has no default.
  std::optional<ConfigReader> object(std::string_view field) const;

  // True when the config gives `field` itself (a default does not count).
  bool has(std::string_view field) const;

  // The value the config gives, or the schema's default. The required forms throw
  // "config.FIELD: is required" when there is neither; the schema has already
  // checked the type, so a mistyped value can only come from a schema that does not
  // say the type (it is refused the same way).
  std::string string(std::string_view field) const;
  std::optional<std::string> optional_string(std::string_view field) const;
  bool boolean(std::string_view field) const;
  std::int64_t integer(std::string_view field) const;
  std::optional<std::int64_t> optional_integer(std::string_view field) const;
  double number(std::string_view field) const;
  std::vector<std::string> strings(std::string_view field) const;
  // The raw value, given or default; nullptr when neither.
  const boost::json::value* value(std::string_view field) const;

  // Throws sdk::Error(INVALID_ARGUMENT, "config.FIELD: why"), for a rule the schema
  // cannot express (eg: a URL scheme that depends on another field).
  [[noreturn]] void refuse(std::string_view field, std::string_view why) const;

  // "config" or "config.ticket": how this reader's fields are named.
  const std::string& where() const noexcept { return where_; }

 private:
  ConfigReader(std::string where, boost::json::value config, boost::json::value schema);

  const boost::json::value* required(std::string_view field) const;

  std::string where_;
  boost::json::value config_;  // an object
  boost::json::value schema_;  // this object's schema (an object), for defaults
};

}  // namespace connector::sdk

#endif  // CONNECTOR_SDK_CONFIG_READER_HPP
