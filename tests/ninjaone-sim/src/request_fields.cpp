#include "request_fields.hpp"

#include <charconv>
#include <limits>

namespace ninjaone_sim {

namespace json = boost::json;

json::value parse_json_body(std::string_view body) {
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec) throw bad_request("Malformed JSON body");
  return value;
}

const json::object& json_object_body(const json::value& body) {
  if (!body.is_object()) throw bad_request("Request body must be a JSON object");
  return body.get_object();
}

std::optional<std::string> optional_string(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) throw bad_request(std::string(key) + " must be a string");
  return std::string(v->get_string());
}

std::optional<std::int32_t> optional_int32(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_int64() || v->get_int64() < std::numeric_limits<std::int32_t>::min() ||
      v->get_int64() > std::numeric_limits<std::int32_t>::max()) {
    // Boost.JSON stores non-negative literals as int64 too, so uint64 means > INT64_MAX.
    throw bad_request(std::string(key) + " must be an int32");
  }
  return static_cast<std::int32_t>(v->get_int64());
}

std::optional<bool> optional_bool(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) throw bad_request(std::string(key) + " must be a boolean");
  return v->get_bool();
}

std::string required_string(const json::object& o, std::string_view key) {
  auto v = optional_string(o, key);
  if (!v) throw bad_request(std::string(key) + " is required");
  return *v;
}

std::int32_t required_int32(const json::object& o, std::string_view key) {
  auto v = optional_int32(o, key);
  if (!v) throw bad_request(std::string(key) + " is required");
  return *v;
}

std::int32_t parse_id(std::string_view segment) {
  std::int32_t id = 0;
  auto [ptr, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), id);
  if (ec != std::errc() || ptr != segment.data() + segment.size()) {
    throw bad_request("Invalid identifier: " + std::string(segment));
  }
  return id;
}

std::optional<bool> bool_param(const ApiRequest& r, std::string_view key) {
  const auto* v = r.param(key);
  if (!v) return std::nullopt;
  if (*v == "true") return true;
  if (*v == "false") return false;
  throw bad_request(std::string(key) + " must be true or false");
}

std::optional<std::int32_t> int32_param(const ApiRequest& r, std::string_view key) {
  const auto* v = r.param(key);
  if (!v) return std::nullopt;
  try {
    return parse_id(*v);
  } catch (const ApiError&) {
    throw bad_request(std::string(key) + " must be an int32");
  }
}

}  // namespace ninjaone_sim
