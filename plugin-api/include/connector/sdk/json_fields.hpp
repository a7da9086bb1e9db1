// Reading fields of JSON objects, under names that say what happens when a field is
// absent or of the wrong kind. Two families:
//
// - optional_*: for data a remote API sends. An API leaves fields out (rather than
//   sending null) and a connector must not fail on a field it does not need, so an
//   absent or mistyped field reads as nullopt. The *_value forms take the member's
//   value pointer (nullptr when absent, as object::if_contains answers), for a caller
//   that found several members in one pass over an object.
// - require_*: for input a connector cannot do without (a profile, an operation). An
//   absent or mistyped field throws sdk::Error(INVALID_ARGUMENT, "<where>.<key>: ...").
//
// A connector's configuration is read with ConfigReader (config_reader.hpp) instead,
// which checks it against the plugin's JSON Schema first.
#ifndef CONNECTOR_SDK_JSON_FIELDS_HPP
#define CONNECTOR_SDK_JSON_FIELDS_HPP

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace connector::sdk {

inline std::optional<std::string_view> string_value(const boost::json::value* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string_view(v->get_string());
}

inline std::optional<bool> bool_value(const boost::json::value* v) {
  if (v == nullptr || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

// An integer that fits in int64 (a larger uint64, or a number with a fraction, is not).
inline std::optional<std::int64_t> int64_value(const boost::json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() &&
      v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(v->get_uint64());
  }
  return std::nullopt;
}

inline std::optional<std::string_view> optional_string(const boost::json::object& o,
                                                       std::string_view key) {
  return string_value(o.if_contains(key));
}

inline std::optional<bool> optional_bool(const boost::json::object& o, std::string_view key) {
  return bool_value(o.if_contains(key));
}

inline std::optional<std::int64_t> optional_int64(const boost::json::object& o,
                                                  std::string_view key) {
  return int64_value(o.if_contains(key));
}

// A string, or a number written as JSON text (some APIs send codes as numbers, eg:
// an error_code of 5); nullopt for anything else.
std::optional<std::string> optional_string_or_number(const boost::json::object& o,
                                                     std::string_view key);

// The string at `key`. Throws sdk::Error(INVALID_ARGUMENT) "<where>.<key>: is required"
// or "...: must be a string".
std::string_view require_string(const boost::json::object& o, std::string_view key,
                                std::string_view where);
// The integer at `key` (as int64_value reads it), or throws as require_string does.
std::int64_t require_int64(const boost::json::object& o, std::string_view key,
                           std::string_view where);
// The object at `key`, or throws as require_string does.
const boost::json::object& require_object(const boost::json::object& o, std::string_view key,
                                          std::string_view where);

}  // namespace connector::sdk

#endif  // CONNECTOR_SDK_JSON_FIELDS_HPP
