#include "item_record.hpp"

#include <boost/json.hpp>

#include <string>

#include "connector/store/sync_writer.hpp"
#include "content_hash.hpp"

namespace connector::store::detail {
namespace {

// How errors name a kind: "resource type", "resource", ...
std::string shown(ItemKind kind) {
  std::string name(kind_name(kind));
  for (char& c : name) {
    if (c == '_') c = ' ';
  }
  return name;
}

std::optional<std::string_view> optional_string(const boost::json::object& item,
                                                std::string_view field) {
  const auto* value = item.if_contains(field);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string_view(value->get_string());
}

std::string_view require_string(const boost::json::object& item, std::string_view field,
                                ItemKind kind) {
  auto value = optional_string(item, field);
  if (!value || value->empty()) {
    throw InvalidItemError(shown(kind) + " has no \"" + std::string(field) +
                           "\" string: " + boost::json::serialize(item).substr(0, 200));
  }
  return *value;
}

bool has_user_trait(const boost::json::object& resource) {
  const auto* traits = resource.if_contains("traits");
  if (traits == nullptr || !traits->is_array()) return false;
  for (const auto& trait : traits->get_array()) {
    if (trait.is_string() && trait.get_string() == "user") return true;
  }
  return false;
}

}  // namespace

boost::json::object parse_item(std::string_view json, ItemKind kind) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(json, error);
  if (error) throw InvalidItemError(shown(kind) + " is not valid JSON: " + error.message());
  if (!value.is_object()) throw InvalidItemError(shown(kind) + " is not a JSON object");
  return std::move(value.as_object());
}

ItemRecord describe_item(ItemKind kind, const boost::json::object& item, std::string_view json) {
  ItemRecord record;
  record.kind = kind;
  record.id = require_string(item, "id", kind);
  record.json = json;
  switch (kind) {
    case ItemKind::resource_type:
      break;
    case ItemKind::resource:
      record.type = require_string(item, "type", kind);
      record.is_user = *record.type == "user" || has_user_trait(item);
      break;
    case ItemKind::entitlement:
      record.resource = require_string(item, "resource", kind);
      break;
    case ItemKind::grant:
      record.entitlement = require_string(item, "entitlement", kind);
      record.principal = require_string(item, "principal", kind);
      break;
  }
  record.hash = content_hash(json);
  return record;
}

}  // namespace connector::store::detail
