// Direct provisioning: what the plugin's grant, revoke, create_account and
// delete_account do against the NinjaOne API. Each answers by emitting one item
// (a result, or with dry_run the would-be write) or throwing sdk::Error.
//
// Rules every function here keeps:
// - read before writing: a change already in place is answered without a write;
// - refusals (unknown id, wrong user type, read-only entitlement) send no write;
// - a write is never sent twice: after an ambiguous failure the state is read again
//   to learn whether it was applied (see writes.hpp).
#ifndef NINJAONE_PROVISIONING_PROVISIONING_HPP
#define NINJAONE_PROVISIONING_PROVISIONING_HPP

#include <connector/sdk.hpp>

#include "resources/resource_type.hpp"

namespace ninjaone::provisioning {

// grant/revoke of role:R:member, organization:O:member (when configured) and the
// read-only tenant:X:administrator (always refused). Results:
// {"status":"granted|already_granted|revoked|already_revoked","request_id"?:...}.
void grant(resources::CallContext& context, const connector::sdk::GrantRequest& request);
void revoke(resources::CallContext& context, const connector::sdk::GrantRequest& request);

// create_account --type user: the created user in DESIGN section 4's resource shape,
// plus "request_id". delete_account user:U: {"status":"deleted|already_deleted"}.
void create_account(resources::CallContext& context, const connector::sdk::AccountRequest& request);
void delete_account(resources::CallContext& context, const connector::sdk::AccountRequest& request);

}  // namespace ninjaone::provisioning

#endif  // NINJAONE_PROVISIONING_PROVISIONING_HPP
