// After a ticket says the change is done, the host re-reads the role to see whether
// someone really made it: a resolved ticket is a person's word, the role is the fact.
#pragma once

#include <string_view>

#include "runtime/instance.hpp"

namespace connector::host::provisioning {

enum class Confirmation { confirmed, not_confirmed };
std::string_view to_string(Confirmation confirmation);

// Lists the grants of the entitlement's resource ("role:7" for "role:7:member")
// through the plugin and checks that `principal` now holds the entitlement (change
// "grant") or no longer does (change "revoke"). Throws what the plugin call throws,
// and std::invalid_argument for a change or an entitlement id it cannot check.
Confirmation confirm_change(runtime::Instance& instance, std::string_view change,
                            std::string_view entitlement, std::string_view principal);

}  // namespace connector::host::provisioning
