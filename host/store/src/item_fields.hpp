// Pulling the fields the store indexes out of an item JSON (internal).
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "connector/store/sync_writer.hpp"

namespace connector::store::detail {

// Parses `json`, which must be one JSON object; `kind` names it in errors.
inline boost::json::object parse_item(std::string_view json, std::string_view kind) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(json, error);
  if (error) {
    throw InvalidItemError(std::string(kind) + " is not valid JSON: " + error.message());
  }
  if (!value.is_object()) throw InvalidItemError(std::string(kind) + " is not a JSON object");
  return std::move(value.as_object());
}

inline std::optional<std::string_view> optional_string(const boost::json::object& item,
                                                       std::string_view field) {
  const auto* value = item.if_contains(field);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string_view(value->get_string());
}

inline std::string_view required_string(const boost::json::object& item, std::string_view field,
                                        std::string_view kind) {
  auto value = optional_string(item, field);
  if (!value || value->empty()) {
    throw InvalidItemError(std::string(kind) + " has no \"" + std::string(field) +
                           "\" string: " + boost::json::serialize(item).substr(0, 200));
  }
  return *value;
}

// A resource the guard counts as a user: of type "user", or carrying the "user" trait.
inline bool is_user(const boost::json::object& resource, std::string_view type) {
  if (type == "user") return true;
  const auto* traits = resource.if_contains("traits");
  if (traits == nullptr || !traits->is_array()) return false;
  for (const auto& trait : traits->get_array()) {
    if (trait.is_string() && trait.get_string() == "user") return true;
  }
  return false;
}

}  // namespace connector::store::detail
