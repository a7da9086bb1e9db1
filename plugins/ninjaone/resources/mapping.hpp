// The pure mapping from NinjaOne JSON objects to the items of DESIGN section 4, one
// group per resource type (each implemented in that type's file). No I/O here, so
// every function is unit-tested on its own.
#ifndef NINJAONE_RESOURCES_MAPPING_HPP
#define NINJAONE_RESOURCES_MAPPING_HPP

#include <connector/sdk/items.hpp>
#include <connector/sdk/json_array_stream.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config.hpp"
#include "resources/resource_type.hpp"

namespace ninjaone::resources {

// Shapes every connector shares (the SDK's connector/sdk/items.hpp).
using connector::sdk::entitlement_item;
using connector::sdk::write_grant_item;

// users.cpp. `type_hint` is the userType the request filtered on ("" when none), for
// answers that leave userType out. nullopt for an element without a usable id or of
// a kind the connector does not list.
std::string users_target(const Config& config);
// The user's item as JSON text, written into `out` (which it replaces; unspecified
// when nullopt), and the user's facts: a listing writes 100,000 of them, so the text
// is written directly, as grants are.
std::optional<UserFacts> write_user_item(std::string& out, const boost::json::object& user,
                                         std::string_view type_hint);
// The same from a record of user_record_shape(), as a users listing reads each user:
// the same text as from the whole object.
std::optional<UserFacts> write_user_item(std::string& out, const connector::sdk::JsonRecord& user,
                                         std::string_view type_hint);
const connector::sdk::RecordShape& user_record_shape();
// The same item as an object (what account creation answers; one spelling of a user
// item, the one above).
std::optional<boost::json::object> user_resource(const boost::json::object& user,
                                                 std::string_view type_hint);
std::optional<UserFacts> user_facts(const boost::json::object& user, std::string_view type_hint);

// roles.cpp. A role's items are made from its facts, so a role kept for a walk shows
// exactly as a freshly fetched one.
std::string roles_target(const Config& config);
std::optional<RoleFacts> role_facts(const boost::json::object& role);
boost::json::object role_resource(const RoleFacts& role);
boost::json::object role_member_entitlement(const RoleFacts& role);

// organizations.cpp. `after`: the last id of the previous page (none on the first).
std::string organizations_target(std::optional<std::int32_t> after, std::uint32_t page_size);
std::optional<boost::json::object> organization_resource(const boost::json::object& org);
std::optional<OrganizationFacts> organization_facts(const boost::json::object& org);
boost::json::object organization_member_entitlement(const OrganizationFacts& org,
                                                    bool provisionable);

// tenant.cpp. `key`: Config::tenant_key.
boost::json::object tenant_resource(std::string_view key, std::string_view base_url);
boost::json::object tenant_administrator_entitlement(std::string_view key);

}  // namespace ninjaone::resources

#endif  // NINJAONE_RESOURCES_MAPPING_HPP
