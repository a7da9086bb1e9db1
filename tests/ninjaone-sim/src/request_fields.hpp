// Reading request bodies and query parameters strictly: a wrong type is a 400, as the
// real API's validation answers.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api.hpp"

namespace ninjaone_sim {

boost::json::value parse_json_body(std::string_view body);
const boost::json::object& json_object_body(const boost::json::value& body);

std::optional<std::string> optional_string(const boost::json::object& o, std::string_view key);
std::optional<std::int32_t> optional_int32(const boost::json::object& o, std::string_view key);
std::optional<bool> optional_bool(const boost::json::object& o, std::string_view key);
std::string required_string(const boost::json::object& o, std::string_view key);
std::int32_t required_int32(const boost::json::object& o, std::string_view key);

// A path segment that must be an int32 id.
std::int32_t parse_id(std::string_view segment);
// Query parameters: absent gives nullopt; a malformed value is a 400.
std::optional<bool> bool_param(const ApiRequest& r, std::string_view key);
std::optional<std::int32_t> int32_param(const ApiRequest& r, std::string_view key);

}  // namespace ninjaone_sim
