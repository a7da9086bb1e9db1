// /v2/users, /v2/user/technician(s), /v2/user/end-user(s), /v2/user/roles and role
// membership changes.
#include <set>

#include "handlers.hpp"
#include "model_json.hpp"
#include "request_fields.hpp"
#include "user_stream.hpp"

namespace ninjaone_sim {
namespace {

Reply stream_users(Services& s, UserStream::Filter filter, UserShape shape, bool include_roles) {
  Reply reply;
  reply.stream = std::make_shared<UserStream>(s.store, std::move(filter), shape, include_roles);
  return reply;
}

bool is_type(const User& u, UserType type) { return u.type == type; }

}  // namespace

Reply list_users(Services& s, const ApiRequest& r) {
  std::optional<UserType> type;
  if (const auto* text = r.param("userType")) {
    type = parse_user_type(*text);
    if (!type) throw bad_request("userType must be TECHNICIAN or END_USER");
  }
  const bool roles = bool_param(r, "includeRoles").value_or(false);
  return stream_users(
      s, [type](const User& u) { return !type || u.type == *type; }, UserShape::generic, roles);
}

Reply list_technicians(Services& s, const ApiRequest& r) {
  const bool roles = bool_param(r, "includeRoles").value_or(false);
  return stream_users(
      s, [](const User& u) { return is_type(u, UserType::technician); }, UserShape::technician,
      roles);
}

Reply list_end_users(Services& s, const ApiRequest& r) {
  const bool roles = bool_param(r, "includeRoles").value_or(false);
  return stream_users(
      s, [](const User& u) { return is_type(u, UserType::end_user); }, UserShape::end_user, roles);
}

Reply get_user(Services& s, std::int32_t id, UserType type) {
  auto user = s.store.read([&](const State& state) { return state.user(id, type); });
  return json_reply(200, typed_user_json(user));
}

Reply create_user(Services& s, const ApiRequest& r, UserType type) {
  const auto body = parse_json_body(r.body);
  const auto& o = json_object_body(body);
  NewUser request;
  request.first_name = required_string(o, "firstName");
  request.last_name = required_string(o, "lastName");
  request.email = required_string(o, "email");
  request.phone = optional_string(o, "phone");
  if (type == UserType::end_user) {
    request.organization_id = optional_int32(o, "organizationId");
    request.full_portal_access = optional_bool(o, "fullPortalAccess").value_or(false);
    request.send_invitation = bool_param(r, "sendInvitation").value_or(false);
  }
  // NinjaOne answers 200 (not 201) with the new user.
  return json_reply(200, typed_user_json(s.store.create_user(type, request)));
}

Reply update_user(Services& s, const ApiRequest& r, std::int32_t id, UserType type) {
  const auto body = parse_json_body(r.body);
  const auto& o = json_object_body(body);
  UserPatch patch;
  patch.first_name = optional_string(o, "firstName");
  patch.last_name = optional_string(o, "lastName");
  if (type == UserType::end_user) {
    patch.organization_id = optional_int32(o, "organizationId");
    patch.full_portal_access = optional_bool(o, "fullPortalAccess");
  }
  return json_reply(200, typed_user_json(s.store.update_user(id, type, patch)));
}

Reply delete_user(Services& s, std::int32_t id, UserType type) {
  s.store.delete_user(id, type);
  return empty_reply(204);
}

Reply list_roles(Services& s, const ApiRequest& r) {
  std::optional<UserType> type;
  if (const auto* text = r.param("roleType")) {
    type = parse_user_type(*text);
    if (!type) throw bad_request("roleType must be TECHNICIAN or END_USER");
  }
  const std::string key = type ? "roles?" + std::string(to_string(*type)) : "roles";
  return cached_json_reply(s, key, [&](const State& state) {
    boost::json::array roles;
    for (const auto& [id, role] : state.tenant.roles) {
      if (!type || role.type == *type) roles.push_back(role_json(role, state.tenant.users));
    }
    return boost::json::value(std::move(roles));
  });
}

Reply change_role_members(Services& s, const ApiRequest& r, std::int32_t role_id, bool add) {
  // The body is a BARE JSON array of user ids, e.g. [101,102]; anything else is a 400.
  const auto body = parse_json_body(r.body);
  if (!body.is_array()) throw bad_request("Body must be a JSON array of user ids");
  std::vector<std::int32_t> ids;
  std::set<std::int32_t> seen;
  for (const auto& v : body.get_array()) {
    if (!v.is_int64() || v.get_int64() < 0 || v.get_int64() > INT32_MAX) {
      throw bad_request("Body must be a JSON array of user ids");
    }
    const auto id = static_cast<std::int32_t>(v.get_int64());
    if (!seen.insert(id).second) throw bad_request("User ids must be unique");
    ids.push_back(id);
  }
  auto role = s.store.change_role_members(role_id, ids, add);
  return s.store.read(
      [&](const State& state) { return json_reply(200, role_json(role, state.tenant.users)); });
}

}  // namespace ninjaone_sim
