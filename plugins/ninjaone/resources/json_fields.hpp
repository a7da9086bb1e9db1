// Reading NinjaOne JSON objects: the SDK's tolerant readers (connector/sdk/json_fields.hpp:
// an absent or mistyped field reads as "absent"), and NinjaOne's id rule.
#ifndef NINJAONE_RESOURCES_JSON_FIELDS_HPP
#define NINJAONE_RESOURCES_JSON_FIELDS_HPP

#include <connector/sdk/json_fields.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace ninjaone::resources {

using connector::sdk::bool_value;
using connector::sdk::optional_bool;
using connector::sdk::optional_string;
using connector::sdk::string_value;

// An id: NinjaOne ids are int32, and never negative, which keeps every id the
// connector emits ("user:101") readable back by ids::parse_ninja_id (no sign).
inline std::optional<std::int32_t> id_value(const boost::json::value* v) {
  const auto n = connector::sdk::int64_value(v);
  if (!n || *n < 0 || *n > std::numeric_limits<std::int32_t>::max()) return std::nullopt;
  return static_cast<std::int32_t>(*n);
}

inline std::optional<std::int32_t> id_field(const boost::json::object& o, std::string_view key) {
  return id_value(o.if_contains(key));
}

}  // namespace ninjaone::resources

#endif  // NINJAONE_RESOURCES_JSON_FIELDS_HPP
