// create_account and delete_account for the `user` type.
//
// A create that fails ambiguously is NOT re-read and NOT retried: NinjaOne has no
// idempotency key, and an email match could be an older account, so the caller is
// told to check before trying again.
#include <boost/beast/http/verb.hpp>

#include <string>

#include "ids.hpp"
#include "provisioning/profile.hpp"
#include "provisioning/provisioning.hpp"
#include "provisioning/users.hpp"
#include "provisioning/writes.hpp"
#include "resources/mapping.hpp"

namespace ninjaone::provisioning {
namespace {

namespace json = boost::json;
using connector::sdk::Error;

void require_user_type(std::string_view type) {
  if (type != "user") {
    throw Error(CONN_INVALID_ARGUMENT, "create_account: resource type '" + std::string(type) +
                                           "' cannot be created (only 'user')");
  }
}

}  // namespace

void create_account(resources::CallContext& context,
                    const connector::sdk::AccountRequest& request) {
  require_user_type(request.resource_type);
  const NewUser user = new_user(request.profile_json);
  if (request.dry_run) {
    context.emit(dry_run_item(user.write));
    return;
  }
  const auto response = send_unless_applied(context, user.write, []() -> Applied {
    // Whether the user was made cannot be told apart from an older account.
    throw Error(CONN_UNAVAILABLE,
                "creating the user failed after the request was sent: it may or may not exist "
                "now; look for it (resources --type user) before trying again");
  });
  const json::object created = object_answer(*response, user.write.path);
  auto resource = resources::user_resource(created, type_name(user.kind));
  if (!resource) {
    throw Error(CONN_UNKNOWN, user.write.path + " answered without the new user's id");
  }
  if (!response->request_id.empty()) (*resource)["request_id"] = response->request_id;
  context.emit(*resource);
}

void delete_account(resources::CallContext& context,
                    const connector::sdk::AccountRequest& request) {
  const std::int32_t user_id = user_principal_id(request.resource_id);
  // One read learns the kind (the DELETE path depends on it) and whether it exists.
  const auto user = find_user(context, user_id, UserKind::technician);
  if (!user) {
    context.emit(result_item("already_deleted", nullptr));
    return;
  }
  const Write write{boost::beast::http::verb::delete_, user_path(user->kind, user_id),
                    std::nullopt};
  if (request.dry_run) {
    context.emit(dry_run_item(write));
    return;
  }
  const auto response = send_unless_applied(context, write, [&] {
    return find_user(context, user_id, user->kind) ? Applied::no : Applied::yes;
  });
  json::object result = result_item("deleted", response ? &*response : nullptr);
  if (!response) result["confirmed_by"] = "re-read after an ambiguous failure";
  context.emit(result);
}

}  // namespace ninjaone::provisioning
