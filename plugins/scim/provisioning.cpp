#include "provisioning.hpp"

#include <connector/sdk/ids.hpp>
#include <connector/sdk/json_fields.hpp>
#include <connector/sdk/json_text.hpp>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "writes.hpp"

namespace scim {
namespace {

namespace json = boost::json;
namespace ids = connector::sdk::ids;
using boost::beast::http::verb;
using connector::sdk::Error;

constexpr std::string_view kPatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
constexpr std::string_view kUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";

// The SCIM id of `principal` (user:KEY); INVALID_ARGUMENT for anything else.
std::string user_id_of(std::string_view principal, std::string_view field) {
  const auto id = ids::parse_resource(principal);
  if (!id || id->type != "user") {
    throw Error(CONN_INVALID_ARGUMENT, std::string(field) + " '" + std::string(principal) +
                                           "' is not a SCIM user id (user:ID)");
  }
  return scim_id_of(id->key);
}

// A JSON string literal inside a SCIM filter (RFC 7644 3.4.2.2 uses JSON's).
std::string filter_literal(std::string_view text) {
  std::string out;
  connector::sdk::append_json_string(out, text);
  return out;
}

bool has_member(const json::object& group, std::string_view user_id) {
  bool found = false;
  for_each_user_member(group, [&](std::string_view member) { found = found || member == user_id; });
  return found;
}

void require_user(CallContext& context, const std::string& user_id, std::string_view principal) {
  if (!read_resource(context.api(), context.call(), resource_path(kUsers, user_id)))
    throw Error(CONN_NOT_FOUND, std::string(principal) + " not found");
}

void change_membership(CallContext& context, const connector::sdk::GrantRequest& request,
                       bool add) {
  const auto entitlement = ids::parse_entitlement(request.entitlement_id);
  if (!entitlement) {
    throw Error(CONN_INVALID_ARGUMENT, "entitlement '" + std::string(request.entitlement_id) +
                                           "' is not TYPE:ID:SLUG (eg: group:G:member)");
  }
  if (entitlement->resource.type != "group" || entitlement->slug != "member") {
    throw Error(CONN_NOT_FOUND, "entitlement '" + std::string(request.entitlement_id) +
                                    "' not found (SCIM has group:G:member)");
  }
  const std::string user_id = user_id_of(request.principal_id, "principal");
  const std::string group_path = resource_path(kGroups, scim_id_of(entitlement->resource.key));
  const auto is_member_now = [&] {
    const auto group = read_resource(context.api(), context.call(), group_path);
    if (!group) throw Error(CONN_NOT_FOUND, "group:" + entitlement->resource.key + " not found");
    return has_member(*group, user_id);
  };

  if (is_member_now() == add) {
    // Nothing to change; a revoke still tells an unknown user from a non-member.
    if (!add) require_user(context, user_id, request.principal_id);
    context.emit(json::object{{"status", add ? "already_granted" : "already_revoked"}});
    return;
  }
  if (add) require_user(context, user_id, request.principal_id);

  json::object operation{{"op", add ? "add" : "remove"}};
  if (add) {
    operation["path"] = "members";
    operation["value"] = json::array{json::object{{"value", user_id}}};
  } else {
    operation["path"] = "members[value eq " + filter_literal(user_id) + "]";
  }
  const Write write{verb::patch, group_path,
                    json::object{{"schemas", json::array{kPatchOp}},
                                 {"Operations", json::array{std::move(operation)}}}};
  if (request.dry_run) return context.emit(dry_run_item(write));

  const auto response = send_unless_applied(context, write, [&] { return is_member_now() == add; });
  if (response) {
    // 200 answers the group (its members decide, when it lists them); 204 a read does.
    json::error_code ec;
    const json::value answer = json::parse(response->body, ec);
    const json::object* group = !ec ? answer.if_object() : nullptr;
    const bool applied = group != nullptr && group->contains("members")
                             ? has_member(*group, user_id) == add
                             : is_member_now() == add;
    if (!applied) {
      throw Error(CONN_UNKNOWN, "PATCH " + group_path + " answered " +
                                    std::to_string(response->status) + " but the group's members " +
                                    (add ? "do not show " : "still show ") +
                                    std::string(request.principal_id));
    }
  }
  context.emit(result_item(add ? "granted" : "revoked", response));
}

// The user named `user_name`, found with a filter (userName is unique, RFC 7643 4.1.1).
std::optional<json::object> find_by_user_name(CallContext& context, std::string_view user_name) {
  const std::string filter = "userName eq " + filter_literal(user_name);
  json::value answer = context.api().get_json(
      context.call(), std::string(kUsers) +
                          "?filter=" + boost::urls::encode(filter, boost::urls::unreserved_chars));
  json::object* list = answer.if_object();
  json::value* resources = list ? list->if_contains("Resources") : nullptr;
  if (resources == nullptr || !resources->is_array() || resources->get_array().empty())
    return std::nullopt;
  json::value& user = resources->get_array().front();
  if (!user.is_object()) return std::nullopt;
  return std::move(user.get_object());
}

}  // namespace

void grant(CallContext& context, const connector::sdk::GrantRequest& request) {
  change_membership(context, request, true);
}

void revoke(CallContext& context, const connector::sdk::GrantRequest& request) {
  change_membership(context, request, false);
}

void create_account(CallContext& context, const connector::sdk::AccountRequest& request) {
  if (request.resource_type != "user") {
    throw Error(CONN_INVALID_ARGUMENT, "create_account: resource type '" +
                                           std::string(request.resource_type) +
                                           "' cannot be created (only 'user')");
  }
  json::error_code ec;
  json::value profile = json::parse(request.profile_json, ec);
  if (ec || !profile.is_object()) {
    throw Error(CONN_INVALID_ARGUMENT,
                "create_account: the profile must be a JSON object: a SCIM User, eg: "
                "{\"userName\":\"ada@example.com\",\"name\":{\"givenName\":\"Ada\"}}");
  }
  json::object& user = profile.get_object();
  const std::string user_name(connector::sdk::require_string(user, "userName", "profile"));
  if (user_name.empty()) throw Error(CONN_INVALID_ARGUMENT, "profile.userName: must not be empty");
  if (!user.contains("schemas")) user["schemas"] = json::array{kUserSchema};
  const Write write{verb::post, std::string(kUsers), std::move(profile)};
  if (request.dry_run) return context.emit(dry_run_item(write));

  std::optional<json::object> created;
  const auto response = send_unless_applied(context, write, [&] {
    try {
      created = find_by_user_name(context, user_name);
    } catch (const Error& e) {
      throw Error(CONN_UNAVAILABLE, "POST /Users failed after it was sent, and whether user '" +
                                        user_name + "' exists now could not be read (" + e.what() +
                                        "); look for it before trying again");
    }
    return created.has_value();
  });
  if (response) {
    json::value answer = json::parse(response->body, ec);
    if (!ec && answer.is_object()) created = std::move(answer.get_object());
  }
  auto item = created ? user_item(*created) : std::nullopt;
  if (!item) throw Error(CONN_UNKNOWN, "POST /Users answered without the new user's id");
  if (!response) (*item)["confirmed_by"] = "re-read after an ambiguous failure";
  if (response && !response->request_id.empty()) (*item)["request_id"] = response->request_id;
  context.emit(*item);
}

void delete_account(CallContext& context, const connector::sdk::AccountRequest& request) {
  const std::string path = resource_path(kUsers, user_id_of(request.resource_id, "resource"));
  const auto exists = [&] {
    return read_resource(context.api(), context.call(), path).has_value();
  };
  if (!exists()) return context.emit(json::object{{"status", "already_deleted"}});
  const Write write{verb::delete_, path, std::nullopt};
  if (request.dry_run) return context.emit(dry_run_item(write));
  const auto response = send_unless_applied(context, write, [&] { return !exists(); });
  context.emit(result_item("deleted", response));
}

}  // namespace scim
