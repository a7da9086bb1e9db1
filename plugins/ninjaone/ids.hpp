// Identifiers: DESIGN section 4's shapes come from the SDK (connector/sdk/ids.hpp);
// what NinjaOne adds is its own id format.
#ifndef NINJAONE_IDS_HPP
#define NINJAONE_IDS_HPP

#include <connector/sdk/ids.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace ninjaone::ids {

using connector::sdk::ids::entitlement;
using connector::sdk::ids::EntitlementId;
using connector::sdk::ids::grant;
using connector::sdk::ids::parse_entitlement;
using connector::sdk::ids::parse_resource;
using connector::sdk::ids::resource;
using connector::sdk::ids::ResourceId;

// A NinjaOne id (int32, decimal, no sign or spaces); nullopt otherwise.
std::optional<std::int32_t> parse_ninja_id(std::string_view text);

}  // namespace ninjaone::ids

#endif  // NINJAONE_IDS_HPP
