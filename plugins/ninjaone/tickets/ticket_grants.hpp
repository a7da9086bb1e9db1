// grant/revoke of role:R:member in ticket mode: the same checks as a direct change
// (the role and the user exist, the user's type fits the role, the change is not
// already in place: then nothing is opened), then a ticket instead of the PATCH.
#ifndef NINJAONE_TICKETS_TICKET_GRANTS_HPP
#define NINJAONE_TICKETS_TICKET_GRANTS_HPP

#include <connector/sdk.hpp>

#include <string_view>

#include "resources/resource_type.hpp"

namespace ninjaone::tickets {

// `operation`: "grant" or "revoke". Emits one item: already_granted/already_revoked,
// the pending answer of open_ticket, or with dry_run the ticket that would be opened.
void change_by_ticket(resources::CallContext& context, const connector::sdk::GrantRequest& request,
                      std::string_view operation);

}  // namespace ninjaone::tickets

#endif  // NINJAONE_TICKETS_TICKET_GRANTS_HPP
