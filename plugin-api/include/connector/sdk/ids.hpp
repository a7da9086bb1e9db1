// Identifiers as DESIGN section 4 fixes them, for every connector: resource `TYPE:ID`
// (eg: "role:7"), entitlement `TYPE:ID:SLUG` ("role:7:member"), grant
// `ENTITLEMENT:PRINCIPAL` ("role:7:member:user:101"). No part of a resource id may
// contain ':', which keeps every id splittable without escaping.
#ifndef CONNECTOR_SDK_IDS_HPP
#define CONNECTOR_SDK_IDS_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace connector::sdk::ids {

struct ResourceId {
  std::string type;  // eg: "role"
  std::string key;   // eg: "7"
  friend bool operator==(const ResourceId&, const ResourceId&) = default;
};

struct EntitlementId {
  ResourceId resource;  // eg: role:7
  std::string slug;     // eg: "member"
  friend bool operator==(const EntitlementId&, const EntitlementId&) = default;
};

std::string resource(std::string_view type, std::string_view key);
std::string resource(std::string_view type, std::int64_t key);
std::string entitlement(std::string_view resource_id, std::string_view slug);
std::string grant(std::string_view entitlement_id, std::string_view principal_id);

// nullopt unless the text is exactly TYPE:KEY with both parts non-empty.
std::optional<ResourceId> parse_resource(std::string_view text);
// nullopt unless the text is exactly TYPE:KEY:SLUG with every part non-empty.
std::optional<EntitlementId> parse_entitlement(std::string_view text);

}  // namespace connector::sdk::ids

#endif  // CONNECTOR_SDK_IDS_HPP
