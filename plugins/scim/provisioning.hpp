// grant / revoke (PATCH /Groups/{id} add or remove on `members`) and create_account /
// delete_account (POST / DELETE /Users). Each reads the state first, so a change
// already made answers already_granted, already_revoked or already_deleted without a
// write; a dry run answers the write it would send.
#ifndef SCIM_PROVISIONING_HPP
#define SCIM_PROVISIONING_HPP

#include <connector/sdk.hpp>

#include "resources.hpp"

namespace scim {

void grant(CallContext& context, const connector::sdk::GrantRequest& request);
void revoke(CallContext& context, const connector::sdk::GrantRequest& request);
void create_account(CallContext& context, const connector::sdk::AccountRequest& request);
void delete_account(CallContext& context, const connector::sdk::AccountRequest& request);

}  // namespace scim

#endif  // SCIM_PROVISIONING_HPP
