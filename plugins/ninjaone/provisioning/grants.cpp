// grant and revoke: which entitlement is asked for, and the refusals that need no
// request (read-only entitlements, ids that cannot exist).
#include <string>

#include "ids.hpp"
#include "provisioning/memberships.hpp"
#include "provisioning/provisioning.hpp"
#include "provisioning/users.hpp"

namespace ninjaone::provisioning {
namespace {

using connector::sdk::Error;

std::int32_t ninja_id(const ids::EntitlementId& entitlement, std::string_view text) {
  const auto id = ids::parse_ninja_id(entitlement.resource.key);
  if (!id) {
    throw Error(CONN_NOT_FOUND, "entitlement '" + std::string(text) + "' not found: '" +
                                    entitlement.resource.key + "' is not a NinjaOne id");
  }
  return *id;
}

void change(resources::CallContext& context, const connector::sdk::GrantRequest& request,
            Change change) {
  const auto entitlement = ids::parse_entitlement(request.entitlement_id);
  if (!entitlement) {
    throw Error(CONN_INVALID_ARGUMENT, "entitlement '" + std::string(request.entitlement_id) +
                                           "' is not TYPE:ID:SLUG (eg: role:7:member)");
  }
  const std::string& type = entitlement->resource.type;
  const std::string& slug = entitlement->slug;
  const std::int32_t user_id = user_principal_id(request.principal_id);

  if (type == "role" && slug == "member") {
    change_role_membership(context, ninja_id(*entitlement, request.entitlement_id), user_id, change,
                           request.dry_run);
  } else if (type == "organization" && slug == "member") {
    if (!context.config().organization_membership_provisionable) {
      throw Error(CONN_FAILED_PRECONDITION,
                  std::string(request.entitlement_id) +
                      " is read-only: organization membership is provisionable only with "
                      "\"organization_membership_provisionable\": true in the connector config "
                      "(a grant then moves the end user to the organization)");
    }
    change_organization_membership(context, ninja_id(*entitlement, request.entitlement_id), user_id,
                                   change, request.dry_run);
  } else if (type == "tenant" && slug == "administrator") {
    throw Error(CONN_FAILED_PRECONDITION,
                std::string(request.entitlement_id) +
                    " is read-only: NinjaOne's API cannot make or unmake a system administrator");
  } else {
    throw Error(CONN_NOT_FOUND, "entitlement '" + std::string(request.entitlement_id) +
                                    "' not found (NinjaOne has role:R:member, "
                                    "organization:O:member and tenant:X:administrator)");
  }
}

}  // namespace

void grant(resources::CallContext& context, const connector::sdk::GrantRequest& request) {
  change(context, request, Change::add);
}

void revoke(resources::CallContext& context, const connector::sdk::GrantRequest& request) {
  change(context, request, Change::remove);
}

}  // namespace ninjaone::provisioning
