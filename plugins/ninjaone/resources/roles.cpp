// Resource type `role`: NinjaOne technician and end-user roles.
//
// Source: ONE `GET /v2/user/roles` (filtered by roleType when only one user type is
// configured). Each role carries its `members[]`, so the roles, their `member`
// entitlements and every membership grant come from that single call; nothing is
// fetched per role.
#include <boost/json/array.hpp>

#include <string>

#include "ids.hpp"
#include "resources/json_fields.hpp"
#include "resources/mapping.hpp"
#include "resources/registry.hpp"

namespace ninjaone::resources {
namespace {

namespace json = boost::json;

// "TECHNICIAN" or "END_USER": the spec calls the field `type`; accept `roleType` too.
std::string_view role_type(const json::object& role) {
  if (const auto type = string_field(role, "type")) return *type;
  return string_field(role, "roleType").value_or("");
}

bool type_is_listed(const json::object& role, const Config& config) {
  const std::string_view type = role_type(role);
  if (type == "TECHNICIAN") return config.include_technicians;
  if (type == "END_USER") return config.include_end_users;
  return true;  // an unknown kind of role is still access worth showing
}

std::string role_name(const json::object& role, std::int32_t id) {
  const std::string_view name = string_field(role, "name").value_or("");
  return name.empty() ? "role " + std::to_string(id) : std::string(name);
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
  context.api().get_array(context.call(), roles_target(context.config()), [&](json::value&& item) {
    if (!item.is_object()) return;
    const json::object& role = item.get_object();
    const auto id = id_field(role, "id");
    if (!id || !type_is_listed(role, context.config())) return;
    if (wanted && *id != *wanted) return;
    found = true;
    on_role(role, *id);
  });
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
    for_each_role(context, std::nullopt, [&](const json::object& role, std::int32_t) {
      if (auto resource = role_resource(role)) context.emit(*resource);
    });
  }

  void list_entitlements(CallContext& context, std::optional<std::string_view> key,
                         Page&) const override {
    for_each_role(context, key, [&](const json::object& role, std::int32_t) {
      if (auto entitlement = role_member_entitlement(role)) context.emit(*entitlement);
    });
  }

  void list_grants(CallContext& context, std::optional<std::string_view> key,
                   Page&) const override {
    for_each_role(context, key, [&](const json::object& role, std::int32_t id) {
      const json::value* members = role.if_contains("members");
      if (members == nullptr || !members->is_array()) return;
      const std::string entitlement = ids::entitlement(ids::resource("role", id), "member");
      for (const json::value& member : members->get_array()) {
        if (!member.is_object()) continue;
        if (const auto user = id_field(member.get_object(), "id")) {
          context.emit(grant_item(entitlement, ids::resource("user", *user)));
        }
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

std::optional<json::object> role_resource(const json::object& role) {
  const auto id = id_field(role, "id");
  if (!id) return std::nullopt;
  json::object profile;
  if (const std::string_view type = role_type(role); !type.empty()) profile["roleType"] = type;
  if (const auto description = string_field(role, "description")) {
    profile["description"] = *description;
  }
  return json::object{{"id", ids::resource("role", *id)},
                      {"type", "role"},
                      {"display_name", role_name(role, *id)},
                      {"traits", json::array{"role"}},
                      {"status", "enabled"},
                      {"profile", std::move(profile)}};
}

std::optional<json::object> role_member_entitlement(const json::object& role) {
  const auto id = id_field(role, "id");
  if (!id) return std::nullopt;
  // Role membership is what the connector provisions (add-members / remove-members).
  return entitlement_item(ids::resource("role", *id), "member",
                          "Member of role " + role_name(role, *id), "assignment", true);
}

std::unique_ptr<const ResourceType> make_role_type() { return std::make_unique<RoleType>(); }

}  // namespace ninjaone::resources
