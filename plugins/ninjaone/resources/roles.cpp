// Resource type `role`: NinjaOne technician and end-user roles.
//
// Source: ONE `GET /v2/user/roles` (filtered by roleType when only one user type is
// configured). Each role carries its `members[]`, so the roles, their `member`
// entitlements and every membership grant come from that single call; nothing is
// fetched per role. The answer is read into compact facts (RoleFacts), once per call
// and, in a walk, once per walk: a sync's roles, entitlements and grants share it.
#include <boost/json/array.hpp>

#include <string>

#include "ids.hpp"
#include "resources/json_fields.hpp"
#include "resources/mapping.hpp"
#include "resources/registry.hpp"

namespace ninjaone::resources {
namespace {

namespace json = boost::json;

bool type_is_listed(std::string_view type, const Config& config) {
  if (type == "TECHNICIAN") return config.include_technicians;
  if (type == "END_USER") return config.include_end_users;
  return true;  // an unknown kind of role is still access worth showing
}

std::string role_name(const RoleFacts& role) {
  return role.name.empty() ? "role " + std::to_string(role.id) : role.name;
}

// Calls `on_role` for every listed role, or only for role `key` (NOT_FOUND when absent).
template <class OnRole>
void for_each_role(CallContext& context, std::optional<std::string_view> key, OnRole&& on_role) {
  std::optional<std::int32_t> wanted;
  if (key) {
    wanted = ids::parse_ninja_id(*key);
    if (!wanted) {
      throw connector::sdk::Error(CONN_INVALID_ARGUMENT,
                                  "'role:" + std::string(*key) + "' is not a NinjaOne role id");
    }
  }
  bool found = false;
  for (const RoleFacts& role : context.role_facts()) {
    if (wanted && role.id != *wanted) continue;
    found = true;
    on_role(role);
  }
  if (wanted && !found) {
    throw connector::sdk::Error(CONN_NOT_FOUND, "role:" + std::to_string(*wanted) + " not found");
  }
}

class RoleType final : public ResourceType {
 public:
  std::string_view id() const override { return "role"; }

  json::object describe() const override {
    return {{"id", "role"}, {"display_name", "Role"}, {"traits", json::array{"role"}}};
  }

  void list_resources(CallContext& context, Page& /*one page holds every role*/) const override {
    for_each_role(context, std::nullopt,
                  [&](const RoleFacts& role) { context.emit(role_resource(role)); });
  }

  void list_entitlements(CallContext& context, std::optional<std::string_view> key,
                         Page&) const override {
    for_each_role(context, key,
                  [&](const RoleFacts& role) { context.emit(role_member_entitlement(role)); });
  }

  void list_grants(CallContext& context, std::optional<std::string_view> key,
                   Page&) const override {
    for_each_role(context, key, [&](const RoleFacts& role) {
      const std::string entitlement = ids::entitlement(ids::resource("role", role.id), "member");
      for (const std::int32_t user : role.member_ids) {
        context.emit_grant(entitlement, ids::resource("user", user));
      }
    });
  }
};

}  // namespace

std::string roles_target(const Config& config) {
  if (config.include_technicians && !config.include_end_users) {
    return "/v2/user/roles?roleType=TECHNICIAN";
  }
  if (config.include_end_users && !config.include_technicians) {
    return "/v2/user/roles?roleType=END_USER";
  }
  return "/v2/user/roles";
}

std::optional<RoleFacts> role_facts(const json::object& role) {
  const auto id = id_field(role, "id");
  if (!id) return std::nullopt;
  RoleFacts facts;
  facts.id = *id;
  // "TECHNICIAN" or "END_USER": the spec calls the field `type`; accept `roleType` too.
  facts.type =
      optional_string(role, "type").value_or(optional_string(role, "roleType").value_or(""));
  facts.name = optional_string(role, "name").value_or("");
  if (const auto description = optional_string(role, "description")) {
    facts.description = std::string(*description);
  }
  if (const json::value* members = role.if_contains("members");
      members != nullptr && members->is_array()) {
    for (const json::value& member : members->get_array()) {
      if (!member.is_object()) continue;
      if (const auto user = id_field(member.get_object(), "id")) facts.member_ids.push_back(*user);
    }
  }
  return facts;
}

json::object role_resource(const RoleFacts& role) {
  json::object profile;
  if (!role.type.empty()) profile["roleType"] = role.type;
  if (role.description) profile["description"] = *role.description;
  return json::object{{"id", ids::resource("role", role.id)},
                      {"type", "role"},
                      {"display_name", role_name(role)},
                      {"traits", json::array{"role"}},
                      {"status", "enabled"},
                      {"profile", std::move(profile)}};
}

json::object role_member_entitlement(const RoleFacts& role) {
  // Role membership is what the connector provisions (add-members / remove-members).
  return entitlement_item(ids::resource("role", role.id), "member",
                          "Member of role " + role_name(role), "assignment", true);
}

const std::vector<RoleFacts>& CallContext::role_facts() {
  return facts<std::vector<RoleFacts>>("roles", [&] {
    std::vector<RoleFacts> roles;
    api_.get_array(call(), roles_target(config_), [&](json::value&& item) {
      if (!item.is_object()) return;
      auto role = resources::role_facts(item.get_object());
      if (role && type_is_listed(role->type, config_)) roles.push_back(std::move(*role));
    });
    return roles;
  });
}

std::unique_ptr<const ResourceType> make_role_type() { return std::make_unique<RoleType>(); }

}  // namespace ninjaone::resources
