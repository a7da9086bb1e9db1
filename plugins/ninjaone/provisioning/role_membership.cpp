// role:R:member: one GET /v2/user/roles (the role and its members), a user read only
// when the answer depends on the user's kind, and at most one PATCH.
#include <boost/beast/http/verb.hpp>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <optional>
#include <string>

#include "ids.hpp"
#include "provisioning/memberships.hpp"
#include "provisioning/users.hpp"
#include "provisioning/writes.hpp"
#include "resources/json_fields.hpp"
#include "resources/mapping.hpp"

namespace ninjaone::provisioning {
namespace {

namespace json = boost::json;
using connector::sdk::Error;
using resources::id_field;
using resources::optional_string;

std::string role_label(std::int32_t role_id) { return ids::resource("role", role_id); }
std::string user_label(std::int32_t user_id) { return ids::resource("user", user_id); }

// The role as GET /v2/user/roles lists it; nullopt when it is not there.
std::optional<json::object> read_role(resources::CallContext& context, std::int32_t role_id) {
  std::optional<json::object> found;
  context.api().get_array(context.call(), resources::roles_target(context.config()),
                          [&](json::value&& item) {
                            if (found || !item.is_object()) return;
                            if (id_field(item.get_object(), "id") == role_id) {
                              found = std::move(item.get_object());
                            }
                          });
  return found;
}

// nullopt when the object carries no members list.
std::optional<bool> has_member(const json::object& role, std::int32_t user_id) {
  const json::value* members = role.if_contains("members");
  if (members == nullptr || !members->is_array()) return std::nullopt;
  for (const json::value& member : members->get_array()) {
    if (member.is_object() && id_field(member.get_object(), "id") == user_id) return true;
  }
  return false;
}

std::optional<UserKind> role_kind(const json::object& role) {
  const auto type = optional_string(role, "type");
  return parse_type_name(type ? *type : optional_string(role, "roleType").value_or(""));
}

// Checks that the user exists and is of the role's kind; sends no write.
void require_member_kind(resources::CallContext& context, std::int32_t role_id,
                         std::optional<UserKind> kind, std::int32_t user_id) {
  const auto user = find_user(context, user_id, kind.value_or(UserKind::technician));
  if (!user) throw Error(CONN_NOT_FOUND, user_label(user_id) + " not found");
  if (kind && user->kind != *kind) {
    throw Error(CONN_FAILED_PRECONDITION,
                role_label(role_id) + " is a " + std::string(type_name(*kind)) + " role and " +
                    user_label(user_id) + " is an " + std::string(type_name(user->kind)) +
                    " user: technician roles take technicians, end-user roles take end users");
  }
}

// The updated UserRole a successful PATCH answers with; nullopt when the body is not
// a JSON object (a proxy may mangle it), which leaves the outcome to a read.
std::optional<json::object> answered_role(const client::Response& response) {
  boost::system::error_code ec;
  json::value answer = json::parse(response.body, ec);
  if (ec || !answer.is_object()) return std::nullopt;
  return std::move(answer.get_object());
}

bool is_member_after(resources::CallContext& context, std::int32_t role_id, std::int32_t user_id) {
  const auto role = read_role(context, role_id);
  return role && has_member(*role, user_id).value_or(false);
}

}  // namespace

void change_role_membership(resources::CallContext& context, std::int32_t role_id,
                            std::int32_t user_id, Change change, bool dry_run) {
  const bool add = change == Change::add;
  const auto role = read_role(context, role_id);
  if (!role) throw Error(CONN_NOT_FOUND, role_label(role_id) + " not found");
  const bool member = has_member(*role, user_id).value_or(false);
  const auto kind = role_kind(*role);

  if (member == add) {
    // Nothing to change. A revoke still tells an unknown user from a non-member.
    if (!add) require_member_kind(context, role_id, kind, user_id);
    context.emit(result_item(add ? "already_granted" : "already_revoked", nullptr));
    return;
  }
  // A member is of the role's kind already; only a newcomer needs checking.
  if (add) require_member_kind(context, role_id, kind, user_id);

  const Write write{
      boost::beast::http::verb::patch,
      "/v2/user/role/" + std::to_string(role_id) + (add ? "/add-members" : "/remove-members"),
      json::value(json::array{user_id})};
  if (dry_run) {
    context.emit(dry_run_item(write));
    return;
  }
  const auto response = send_unless_applied(context, write, [&] {
    return is_member_after(context, role_id, user_id) == add ? Applied::yes : Applied::no;
  });
  if (response) {
    // The answer is the updated UserRole; one without members, or one that does not
    // parse, is confirmed by a read.
    const auto answer = answered_role(*response);
    const auto confirmed = answer ? has_member(*answer, user_id) : std::nullopt;
    const bool applied =
        confirmed ? *confirmed == add : is_member_after(context, role_id, user_id) == add;
    if (!applied) {
      throw Error(CONN_UNKNOWN, "PATCH " + write.path + " answered " +
                                    std::to_string(response->status) + " but " +
                                    role_label(role_id) + "'s members do not show " +
                                    user_label(user_id) + (add ? " added" : " removed"));
    }
  }
  json::object result = result_item(add ? "granted" : "revoked", response ? &*response : nullptr);
  if (!response) result["confirmed_by"] = "re-read after an ambiguous failure";
  context.emit(result);
}

}  // namespace ninjaone::provisioning
