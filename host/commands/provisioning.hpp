// What the provisioning commands (grant, revoke, create-account, delete-account) share.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "manifest/connector_catalog.hpp"

namespace connector::host::commands {

// Throws HostError (provisioning_refused) unless the connector's manifest sets
// "provisioning": {"enabled": true}; the message says how to enable it.
void require_provisioning(const manifest::ConnectorConfig& connector, std::string_view command);

// A grant id ENTITLEMENT_ID:PRINCIPAL_ID split in two: the principal is its last two
// ':'-separated segments (eg: "role:7:member:user:101" -> {"role:7:member",
// "user:101"}). Throws HostError (usage) when it has fewer than three segments.
std::pair<std::string, std::string> split_grant_id(std::string_view grant_id);

}  // namespace connector::host::commands
