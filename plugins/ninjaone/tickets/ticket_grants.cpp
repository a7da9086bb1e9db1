#include "tickets/ticket_grants.hpp"

#include <optional>

#include "ids.hpp"
#include "provisioning/users.hpp"
#include "resources/json_fields.hpp"
#include "resources/mapping.hpp"
#include "tickets/ticketing.hpp"

namespace ninjaone::tickets {
namespace {

namespace json = boost::json;
using connector::sdk::Error;
using provisioning::UserKind;
using resources::id_field;
using resources::optional_string;

std::int32_t ninja_id_or_refuse(std::optional<std::int32_t> id, std::string_view text) {
  if (!id) throw Error(CONN_INVALID_ARGUMENT, "'" + std::string(text) + "' has no NinjaOne id");
  return *id;
}

std::optional<json::object> read_role(const resources::CallContext& context, std::int32_t role_id) {
  std::optional<json::object> found;
  context.api().get_array(
      context.call(), resources::roles_target(context.config()), [&](json::value&& item) {
        if (!found && item.is_object() && id_field(item.get_object(), "id") == role_id) {
          found = std::move(item.get_object());
        }
      });
  return found;
}

bool has_member(const json::object& role, std::int32_t user_id) {
  const json::value* members = role.if_contains("members");
  if (members == nullptr || !members->is_array()) return false;
  for (const json::value& member : members->get_array()) {
    if (member.is_object() && id_field(member.get_object(), "id") == user_id) return true;
  }
  return false;
}

std::string full_name(const json::object& user) {
  const std::string first(optional_string(user, "firstName").value_or(""));
  const std::string last(optional_string(user, "lastName").value_or(""));
  return first.empty() || last.empty() ? first + last : first + " " + last;
}

}  // namespace

void change_by_ticket(resources::CallContext& context, const connector::sdk::GrantRequest& request,
                      std::string_view operation) {
  const std::string entitlement_id(request.entitlement_id);
  const std::string principal_id(request.principal_id);
  const auto entitlement = ids::parse_entitlement(entitlement_id);
  if (!entitlement || entitlement->resource.type != "role" || entitlement->slug != "member") {
    throw Error(CONN_FAILED_PRECONDITION,
                "ticket mode provisions role memberships (role:R:member) only, not '" +
                    entitlement_id + "'");
  }
  const std::int32_t role_id =
      ninja_id_or_refuse(ids::parse_ninja_id(entitlement->resource.key), entitlement_id);
  const std::int32_t user_id = provisioning::user_principal_id(principal_id);

  const auto role = read_role(context, role_id);
  if (!role) throw Error(CONN_NOT_FOUND, "role:" + std::to_string(role_id) + " not found");
  const auto role_type = provisioning::parse_type_name(optional_string(*role, "type").value_or(""));
  const UserKind kind = role_type.value_or(UserKind::technician);
  const auto user = provisioning::find_user(context, user_id, kind);
  if (!user) throw Error(CONN_NOT_FOUND, principal_id + " not found");
  if (role_type && user->kind != *role_type) {
    throw Error(CONN_FAILED_PRECONDITION,
                "role:" + std::to_string(role_id) + " is a " + std::string(type_name(*role_type)) +
                    " role and " + principal_id + " is an " + std::string(type_name(user->kind)) +
                    " user: technician roles take technicians, end-user roles take end users");
  }
  const bool grant = operation == "grant";
  if (has_member(*role, user_id) == grant) {
    // Already as asked: no ticket for a change nobody needs to make.
    context.emit(json::object{{"status", grant ? "already_granted" : "already_revoked"}});
    return;
  }

  const TicketRequest ticket{std::string(operation),
                             entitlement_id,
                             std::string(optional_string(*role, "name").value_or("")),
                             principal_id,
                             full_name(user->user),
                             std::string(optional_string(user->user, "email").value_or(""))};
  context.emit(request.dry_run ? ticket_request_preview(context, ticket)
                               : open_ticket(context, ticket));
}

}  // namespace ninjaone::tickets
