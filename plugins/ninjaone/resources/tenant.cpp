// Resource type `tenant` (trait app): the one NinjaOne instance this connector reads,
// keyed by its host (eg: tenant:app.ninjarmm.com). Its `administrator` entitlement
// (read-only) is held by the technicians NinjaOne flags as system administrators,
// taken from the one users listing of the call.
#include <boost/json/array.hpp>

#include <string>

#include "ids.hpp"
#include "resources/mapping.hpp"
#include "resources/registry.hpp"

namespace ninjaone::resources {
namespace {

namespace json = boost::json;

void check_key(const CallContext& context, std::optional<std::string_view> key) {
  if (key && *key != context.config().tenant_key) {
    throw connector::sdk::Error(CONN_NOT_FOUND, "tenant:" + std::string(*key) +
                                                    " not found (this connector's is tenant:" +
                                                    context.config().tenant_key + ")");
  }
}

class TenantType final : public ResourceType {
 public:
  std::string_view id() const override { return "tenant"; }

  json::object describe() const override {
    return {{"id", "tenant"}, {"display_name", "Tenant"}, {"traits", json::array{"app"}}};
  }

  void list_resources(CallContext& context, Page&) const override {
    context.emit(tenant_resource(context.config().tenant_key, context.config().client.base_url));
  }

  void list_entitlements(CallContext& context, std::optional<std::string_view> key,
                         Page&) const override {
    check_key(context, key);
    context.emit(tenant_administrator_entitlement(context.config().tenant_key));
  }

  void list_grants(CallContext& context, std::optional<std::string_view> key,
                   Page&) const override {
    check_key(context, key);
    if (!context.config().include_technicians) return;  // only technicians administer
    const std::string entitlement =
        ids::entitlement(ids::resource("tenant", context.config().tenant_key), "administrator");
    for (const UserFacts& user : context.user_facts()) {
      if (user.administrator) context.emit_grant(entitlement, ids::resource("user", user.id));
    }
  }
};

}  // namespace

json::object tenant_resource(std::string_view key, std::string_view base_url) {
  return json::object{{"id", ids::resource("tenant", key)},
                      {"type", "tenant"},
                      {"display_name", "NinjaOne " + std::string(key)},
                      {"traits", json::array{"app"}},
                      {"status", "enabled"},
                      {"profile", json::object{{"base_url", base_url}}}};
}

json::object tenant_administrator_entitlement(std::string_view key) {
  // NinjaOne's API cannot make a technician a system administrator: read-only.
  return entitlement_item(ids::resource("tenant", key), "administrator",
                          "System administrator of NinjaOne " + std::string(key), "permission",
                          false);
}

std::unique_ptr<const ResourceType> make_tenant_type() { return std::make_unique<TenantType>(); }

}  // namespace ninjaone::resources
