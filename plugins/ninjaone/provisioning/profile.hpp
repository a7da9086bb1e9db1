// The create-account profile: checked against the published JSON Schema
// (profile_schema.json, embedded at build time) and turned into NinjaOne's request.
#ifndef NINJAONE_PROVISIONING_PROFILE_HPP
#define NINJAONE_PROVISIONING_PROFILE_HPP

#include <string_view>

#include "provisioning/users.hpp"
#include "provisioning/writes.hpp"

namespace ninjaone::provisioning {

struct NewUser {
  UserKind kind;
  Write write;  // POST /v2/user/technicians or /v2/user/end-users?sendInvitation=BOOL
};

// Throws INVALID_ARGUMENT "profile.FIELD: why" for a profile the schema refuses.
NewUser new_user(std::string_view profile_json);

// The JSON Schema of the profile.
std::string_view profile_schema();

}  // namespace ninjaone::provisioning

#endif  // NINJAONE_PROVISIONING_PROFILE_HPP
