// The NinjaOne connector plugin: the sdk::Connector class the ABI exports. It owns
// the parsed config, the API client and the facts kept for the current walk; every
// operation builds a per-call context and hands it to the listing or validation code.
#include <connector/sdk.hpp>
#include <connector/sdk/walk_cache.hpp>

#include <string>

#include "api/ninjaone_api.hpp"
#include "config.hpp"
#include "config_schema.hpp"
#include "profile_schema.hpp"
#include "provisioning/provisioning.hpp"
#include "resources/registry.hpp"
#include "tickets/ticket_grants.hpp"
#include "tickets/ticketing.hpp"
#include "validate.hpp"

namespace ninjaone {
namespace sdk = connector::sdk;

class NinjaOneConnector : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{
      .id = "ninjaone",
      .name = "NinjaOne",
      .version = "0.1.0",
      .vendor = "connector-host project",
      .description =
          "NinjaOne RMM: technicians and end users, roles and their members, "
          "organizations and their end users, system administrators.",
      .config_schema = kConfigSchemaJson,
      .profile_schema = provisioning::kProfileSchemaJson,
      .concurrent_calls = true};

  NinjaOneConnector(sdk::Host host, std::string_view config_json)
      : sdk::Connector(host), config_(parse_config(config_json)), api_(config_.client, host) {}

  // Leaves a summary of the traffic in the host's log (operators size rate limits by it).
  ~NinjaOneConnector() override {
    const client::ClientStats s = api_.stats();
    host().info("ninjaone: " + std::to_string(s.requests) + " requests, " +
                std::to_string(s.bytes_received) + " bytes received, " + std::to_string(s.retries) +
                " retries, " + std::to_string(s.rate_limit_waits) + " rate-limit waits, " +
                std::to_string(s.token_refreshes) + " token refreshes");
  }

  void validate(sdk::Call& call) { ninjaone::validate(api_, config_, call, host()); }

  void list_resource_types(sdk::Call& call) { resources::syncer().list_resource_types(call); }

  // List calls of one walk (a sync) share what the walk fetched: see
  // connector/sdk/walk_cache.hpp.
  void list_resources(sdk::Call& call, const sdk::ListRequest& request) {
    resources::CallContext context(api_, call, config_, walks_.walk(request.walk_id));
    resources::syncer().list_resources(context, request);
  }

  void list_entitlements(sdk::Call& call, const sdk::ListRequest& request) {
    resources::CallContext context(api_, call, config_, walks_.walk(request.walk_id));
    resources::syncer().list_entitlements(context, request);
  }

  void list_grants(sdk::Call& call, const sdk::ListRequest& request) {
    resources::CallContext context(api_, call, config_, walks_.walk(request.walk_id));
    resources::syncer().list_grants(context, request);
  }

  void end_walk(std::string_view walk_id) { walks_.end(walk_id); }

  void grant(sdk::Call& call, const sdk::GrantRequest& request) {
    provision(call, [&](resources::CallContext& context) {
      if (config_.provisioning_mode == "ticket")
        return tickets::change_by_ticket(context, request, "grant");
      provisioning::grant(context, request);
    });
  }

  void revoke(sdk::Call& call, const sdk::GrantRequest& request) {
    provision(call, [&](resources::CallContext& context) {
      if (config_.provisioning_mode == "ticket")
        return tickets::change_by_ticket(context, request, "revoke");
      provisioning::revoke(context, request);
    });
  }

  // The state of a pending operation (a ticket a grant or revoke opened).
  void get_operation(sdk::Call& call, const sdk::OperationRequest& request) {
    provision(call, [&](resources::CallContext& context) {
      context.emit(tickets::read_operation(context, request.operation_json));
    });
  }

  void create_account(sdk::Call& call, const sdk::AccountRequest& request) {
    provision(call, [&](resources::CallContext& context) {
      provisioning::create_account(context, request);
    });
  }

  void delete_account(sdk::Call& call, const sdk::AccountRequest& request) {
    provision(call, [&](resources::CallContext& context) {
      provisioning::delete_account(context, request);
    });
  }

 private:
  // A provisioning call emits one item; a host that wants none ends it without error.
  template <class Operation>
  void provision(sdk::Call& call, Operation&& operation) {
    resources::CallContext context(api_, call, config_);
    try {
      operation(context);
    } catch (const resources::HostStopped&) {
    }
  }

  const Config config_;
  client::ApiClient api_;
  sdk::WalkCache walks_;
};

}  // namespace ninjaone

CONNECTOR_EXPORT_PLUGIN(ninjaone::NinjaOneConnector)
