// Tolerant readers for fields of NinjaOne JSON objects: the API omits absent fields
// rather than sending null, and the connector must not fail on a field it does not
// need, so each reader answers "absent" for a missing or mistyped field.
#ifndef NINJAONE_RESOURCES_JSON_FIELDS_HPP
#define NINJAONE_RESOURCES_JSON_FIELDS_HPP

#include <boost/json/object.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace ninjaone::resources {

// Each reader takes the member's value, or nullptr when the member is absent (as
// object::if_contains answers), so a caller that found several members in one pass
// over an object reads them the same way as one that looks a member up by name.

// An id: NinjaOne ids are int32, and never negative, which keeps every id the
// connector emits ("user:101") readable back by ids::parse_ninja_id (no sign).
inline std::optional<std::int32_t> id_value(const boost::json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) {
    const std::int64_t n = v->get_int64();
    if (n < 0 || n > std::numeric_limits<std::int32_t>::max()) return std::nullopt;
    return static_cast<std::int32_t>(n);
  }
  if (v->is_uint64() && v->get_uint64() <= std::numeric_limits<std::int32_t>::max()) {
    return static_cast<std::int32_t>(v->get_uint64());
  }
  return std::nullopt;
}

inline std::optional<std::string_view> string_value(const boost::json::value* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string_view(v->get_string());
}

inline std::optional<bool> bool_value(const boost::json::value* v) {
  if (v == nullptr || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

inline std::optional<std::int32_t> id_field(const boost::json::object& o, std::string_view key) {
  return id_value(o.if_contains(key));
}

inline std::optional<std::string_view> string_field(const boost::json::object& o,
                                                    std::string_view key) {
  return string_value(o.if_contains(key));
}

inline std::optional<bool> bool_field(const boost::json::object& o, std::string_view key) {
  return bool_value(o.if_contains(key));
}

}  // namespace ninjaone::resources

#endif  // NINJAONE_RESOURCES_JSON_FIELDS_HPP
