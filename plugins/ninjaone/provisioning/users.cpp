#include "provisioning/users.hpp"

#include <boost/json/parse.hpp>

#include "ids.hpp"

namespace ninjaone::provisioning {
namespace {

namespace json = boost::json;
using connector::sdk::Error;

UserKind other(UserKind kind) {
  return kind == UserKind::technician ? UserKind::end_user : UserKind::technician;
}

// NinjaOne's answer for an id of the other kind on a typed path: 400 INVALID_USER_TYPE.
bool says_wrong_user_type(const Error& error) {
  if (error.status() != CONN_INVALID_ARGUMENT || error.details_json().empty()) return false;
  boost::system::error_code ec;
  const json::value details = json::parse(error.details_json(), ec);
  if (ec || !details.is_object()) return false;
  const json::value* code = details.get_object().if_contains("error");
  return code != nullptr && code->is_string() && code->get_string() == "INVALID_USER_TYPE";
}

// The user at `kind`'s path; nullopt on 404. A wrong-type answer is thrown.
std::optional<json::object> read_user(resources::CallContext& context, std::int32_t id,
                                      UserKind kind) {
  try {
    json::value user = context.api().get_json(context.call(), user_path(kind, id));
    if (!user.is_object()) {
      throw Error(CONN_UNKNOWN, "NinjaOne answered " + user_path(kind, id) + " with a non-object");
    }
    return std::move(user.get_object());
  } catch (const Error& error) {
    if (error.status() == CONN_NOT_FOUND) return std::nullopt;
    throw;
  }
}

}  // namespace

std::string_view type_name(UserKind kind) {
  return kind == UserKind::technician ? "TECHNICIAN" : "END_USER";
}

std::optional<UserKind> parse_type_name(std::string_view name) {
  if (name == "TECHNICIAN") return UserKind::technician;
  if (name == "END_USER") return UserKind::end_user;
  return std::nullopt;
}

std::string user_path(UserKind kind, std::int32_t id) {
  return (kind == UserKind::technician ? "/v2/user/technician/" : "/v2/user/end-user/") +
         std::to_string(id);
}

std::optional<FoundUser> find_user(resources::CallContext& context, std::int32_t id,
                                   UserKind expected) {
  try {
    if (auto user = read_user(context, id, expected)) return FoundUser{expected, std::move(*user)};
  } catch (const Error& error) {
    if (!says_wrong_user_type(error)) throw;
    return FoundUser{other(expected), {}};
  }
  // Some tenants answer 404 rather than 400 for the other kind: ask that kind's path.
  if (auto user = read_user(context, id, other(expected))) {
    return FoundUser{other(expected), std::move(*user)};
  }
  return std::nullopt;
}

std::int32_t user_principal_id(std::string_view principal_id) {
  const auto parsed = ids::parse_resource(principal_id);
  const auto id =
      parsed && parsed->type == "user" ? ids::parse_ninja_id(parsed->key) : std::nullopt;
  if (!id) {
    throw Error(CONN_INVALID_ARGUMENT, "principal '" + std::string(principal_id) +
                                           "' is not a NinjaOne user id (eg: user:101)");
  }
  return *id;
}

}  // namespace ninjaone::provisioning
