// The SCIM 2.0 connector plugin: the sdk::Connector class the ABI exports. It owns
// the parsed config and the SDK's API client; every operation builds a per-call
// context and hands it to the resource types, provisioning or validation.
#include <connector/sdk.hpp>
#include <connector/sdk/walk_cache.hpp>

#include <string>

#include "config.hpp"
#include "config_schema.hpp"
#include "profile_schema.hpp"
#include "provisioning.hpp"
#include "resources.hpp"
#include "validate.hpp"

namespace scim {
namespace sdk = connector::sdk;

class ScimConnector : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{
      .id = "scim",
      .name = "SCIM 2.0",
      .version = "0.1.0",
      .vendor = "connector-host project",
      .description =
          "Any SCIM 2.0 service provider (RFC 7643/7644): users, groups and their "
          "members; membership granted and revoked with PATCH.",
      .config_schema = kConfigSchemaJson,
      .profile_schema = kProfileSchemaJson,
      .concurrent_calls = true};

  ScimConnector(sdk::Host host, std::string_view config_json)
      : sdk::Connector(host), config_(parse_config(config_json)), api_(config_.client, host) {}

  ~ScimConnector() override {
    const http::ClientStats s = api_.stats();
    host().info("scim: " + std::to_string(s.requests) + " requests, " +
                std::to_string(s.bytes_received) + " bytes received, " + std::to_string(s.retries) +
                " retries, " + std::to_string(s.token_refreshes) + " token refreshes");
  }

  void validate(sdk::Call& call) { scim::validate(api_, config_, call); }
  void list_resource_types(sdk::Call& call) { syncer().list_resource_types(call); }

  void list_resources(sdk::Call& call, const sdk::ListRequest& request) {
    CallContext context(api_, call, config_, walks_.walk(request.walk_id));
    syncer().list_resources(context, request);
  }
  void list_entitlements(sdk::Call& call, const sdk::ListRequest& request) {
    CallContext context(api_, call, config_, walks_.walk(request.walk_id));
    syncer().list_entitlements(context, request);
  }
  void list_grants(sdk::Call& call, const sdk::ListRequest& request) {
    CallContext context(api_, call, config_, walks_.walk(request.walk_id));
    syncer().list_grants(context, request);
  }

  void end_walk(std::string_view walk_id) { walks_.end(walk_id); }

  void grant(sdk::Call& call, const sdk::GrantRequest& request) {
    provision(call, [&](CallContext& context) { scim::grant(context, request); });
  }
  void revoke(sdk::Call& call, const sdk::GrantRequest& request) {
    provision(call, [&](CallContext& context) { scim::revoke(context, request); });
  }
  void create_account(sdk::Call& call, const sdk::AccountRequest& request) {
    provision(call, [&](CallContext& context) { scim::create_account(context, request); });
  }
  void delete_account(sdk::Call& call, const sdk::AccountRequest& request) {
    provision(call, [&](CallContext& context) { scim::delete_account(context, request); });
  }

 private:
  // A provisioning call emits one item; a host that wants none ends it without error.
  template <class Operation>
  void provision(sdk::Call& call, Operation&& operation) {
    CallContext context(api_, call, config_);
    try {
      operation(context);
    } catch (const sdk::HostStopped&) {
    }
  }

  const Config config_;
  http::ApiClient api_;
  sdk::WalkCache walks_;  // the group pages of each walk (a sync), until end_walk
};

}  // namespace scim

CONNECTOR_EXPORT_PLUGIN(scim::ScimConnector)
