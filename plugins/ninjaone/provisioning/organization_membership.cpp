// organization:O:member, provisionable only with organization_membership_provisionable:
// an end user's organizationId says where it belongs, so a grant moves the user
// (PATCH /v2/user/end-user/{id} {"organizationId":O}) and a revoke cannot leave it
// in no organization.
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>

#include <string>

#include "ids.hpp"
#include "provisioning/memberships.hpp"
#include "provisioning/users.hpp"
#include "provisioning/writes.hpp"
#include "resources/json_fields.hpp"

namespace ninjaone::provisioning {
namespace {

namespace json = boost::json;
using connector::sdk::Error;
using resources::id_field;

std::string organization_label(std::int32_t id) { return ids::resource("organization", id); }
std::string user_label(std::int32_t id) { return ids::resource("user", id); }

// The end user `user_id`; refuses unknown users and technicians.
json::object read_end_user(resources::CallContext& context, std::int32_t user_id) {
  auto user = find_user(context, user_id, UserKind::end_user);
  if (!user) throw Error(CONN_NOT_FOUND, user_label(user_id) + " not found");
  if (user->kind != UserKind::end_user) {
    throw Error(CONN_FAILED_PRECONDITION, "organization membership is for END_USER users and " +
                                              user_label(user_id) + " is a TECHNICIAN user");
  }
  return std::move(user->user);
}

void require_organization(resources::CallContext& context, std::int32_t organization_id) {
  try {
    context.api().get_json(context.call(), "/v2/organization/" + std::to_string(organization_id));
  } catch (const Error& error) {
    if (error.status() == CONN_NOT_FOUND) {
      throw Error(CONN_NOT_FOUND, organization_label(organization_id) + " not found");
    }
    throw;
  }
}

}  // namespace

void change_organization_membership(resources::CallContext& context, std::int32_t organization_id,
                                    std::int32_t user_id, Change change, bool dry_run) {
  const json::object user = read_end_user(context, user_id);
  const bool member = id_field(user, "organizationId") == organization_id;
  if (change == Change::remove) {
    if (!member) {
      context.emit(result_item("already_revoked", nullptr));
      return;
    }
    throw Error(CONN_FAILED_PRECONDITION,
                "an end user always belongs to exactly one organization: " + user_label(user_id) +
                    " cannot leave " + organization_label(organization_id) +
                    "; grant another organization's membership to move it");
  }
  if (member) {
    context.emit(result_item("already_granted", nullptr));
    return;
  }
  require_organization(context, organization_id);

  const Write write{boost::beast::http::verb::patch, user_path(UserKind::end_user, user_id),
                    json::value(json::object{{"organizationId", organization_id}})};
  if (dry_run) {
    context.emit(dry_run_item(write));
    return;
  }
  const auto moved = [&](const json::object& answer) {
    return id_field(answer, "organizationId") == organization_id;
  };
  const auto response = send_unless_applied(context, write, [&] {
    return moved(read_end_user(context, user_id)) ? Applied::yes : Applied::no;
  });
  if (response) {
    // The answer is the updated end user; one that does not parse (a proxy may mangle
    // it) is confirmed by a read, as role membership changes are.
    boost::system::error_code ec;
    const json::value answer = json::parse(response->body, ec);
    const bool applied = !ec && answer.is_object() ? moved(answer.get_object())
                                                   : moved(read_end_user(context, user_id));
    if (!applied) {
      throw Error(CONN_UNKNOWN, "PATCH " + write.path + " answered " +
                                    std::to_string(response->status) + " but " +
                                    user_label(user_id) + " is not in " +
                                    organization_label(organization_id));
    }
  }
  json::object result = result_item("granted", response ? &*response : nullptr);
  if (!response) result["confirmed_by"] = "re-read after an ambiguous failure";
  context.emit(result);
}

}  // namespace ninjaone::provisioning
