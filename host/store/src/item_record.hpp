// One item as the store keeps it (internal): its kind and id, its JSON text and
// that text's hash, and the few fields queries select on.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "content_hash.hpp"
#include "item_kind.hpp"
#include "item_scan.hpp"

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

// The record of `json`, whose content hash is `hash` and whose fields `scanned` holds
// (views into both).
inline ItemRecord make_record(ItemKind kind, std::string_view json, std::uint64_t hash,
                              const ScannedItem& scanned) {
  const auto field = [](std::string_view value) -> std::optional<std::string_view> {
    if (value.empty()) return std::nullopt;
    return value;
  };
  ItemRecord record;
  record.kind = kind;
  record.id = scanned.id;
  record.json = json;
  record.hash = hash;
  record.type = field(scanned.type);
  record.resource = field(scanned.resource);
  record.entitlement = field(scanned.entitlement);
  record.principal = field(scanned.principal);
  record.is_user = scanned.is_user;
  return record;
}

inline ItemRecord make_record(ItemKind kind, std::string_view json, const ScannedItem& scanned) {
  return make_record(kind, json, content_hash(json), scanned);
}

}  // namespace connector::store::detail
