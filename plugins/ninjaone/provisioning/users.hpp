// Reading one NinjaOne user to learn its kind (technician or end user) with as few
// requests as the answer allows: one GET on the path of the kind the caller expects,
// and a second on the other kind's path only when the first says "not found".
#ifndef NINJAONE_PROVISIONING_USERS_HPP
#define NINJAONE_PROVISIONING_USERS_HPP

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "resources/resource_type.hpp"

namespace ninjaone::provisioning {

enum class UserKind { technician, end_user };

// "TECHNICIAN" or "END_USER", as NinjaOne names user and role types.
std::string_view type_name(UserKind kind);
// nullopt for any other name.
std::optional<UserKind> parse_type_name(std::string_view name);
// /v2/user/technician/{id} or /v2/user/end-user/{id}.
std::string user_path(UserKind kind, std::int32_t id);

struct FoundUser {
  UserKind kind;
  boost::json::object user;  // the user as NinjaOne sent it; empty when only its kind is known
};

// The user `id`, read expecting `expected`; nullopt when NinjaOne knows no such user.
std::optional<FoundUser> find_user(resources::CallContext& context, std::int32_t id,
                                   UserKind expected);

// The NinjaOne id of a principal "user:ID"; throws INVALID_ARGUMENT otherwise.
std::int32_t user_principal_id(std::string_view principal_id);

}  // namespace ninjaone::provisioning

#endif  // NINJAONE_PROVISIONING_USERS_HPP
