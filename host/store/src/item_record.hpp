// One item as the store keeps it (internal): its kind and id, its JSON text and
// that text's hash, and the few fields queries select on, pulled out of the object.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

#include "item_kind.hpp"

namespace connector::store::detail {

struct ItemRecord {
  ItemKind kind = ItemKind::resource;
  std::string_view id;
  std::string_view json;                        // what is stored, verbatim
  std::uint64_t hash = 0;                       // content_hash(json)
  std::optional<std::string_view> type;         // resource
  std::optional<std::string_view> resource;     // entitlement
  std::optional<std::string_view> entitlement;  // grant
  std::optional<std::string_view> principal;    // grant
  bool is_user = false;  // a resource of type "user" or with the "user" trait
};

// Describes `item` (parsed from, or serialized as, `json`). The views point into
// `item` and `json`. Throws InvalidItemError when a field the store needs is missing.
ItemRecord describe_item(ItemKind kind, const boost::json::object& item, std::string_view json);

// Parses `json`, which must be one JSON object; throws InvalidItemError otherwise.
boost::json::object parse_item(std::string_view json, ItemKind kind);

}  // namespace connector::store::detail
