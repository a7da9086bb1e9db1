// The provisionable memberships, one file each; grants.cpp picks one by the
// entitlement's resource type and refuses the read-only ones.
#ifndef NINJAONE_PROVISIONING_MEMBERSHIPS_HPP
#define NINJAONE_PROVISIONING_MEMBERSHIPS_HPP

#include <cstdint>

#include "resources/resource_type.hpp"

namespace ninjaone::provisioning {

enum class Change { add, remove };

// role:R:member through PATCH /v2/user/role/R/add-members|remove-members.
void change_role_membership(resources::CallContext& context, std::int32_t role_id,
                            std::int32_t user_id, Change change, bool dry_run);

// organization:O:member (when configured provisionable): an end user belongs to
// exactly one organization, so a grant moves it there (PATCH end-user) and a revoke
// of the organization it is in is refused.
void change_organization_membership(resources::CallContext& context, std::int32_t organization_id,
                                    std::int32_t user_id, Change change, bool dry_run);

}  // namespace ninjaone::provisioning

#endif  // NINJAONE_PROVISIONING_MEMBERSHIPS_HPP
