// The per-call context the NinjaOne resource types work in, and the interface each
// implements (the SDK's resource-syncer base: one file per type, as in baton-sdk's
// connectors). A type knows the NinjaOne endpoints and the mapping to DESIGN section
// 4's shapes, and nothing of HTTP: it asks the API client for JSON arrays and emits
// items through the context.
#ifndef NINJAONE_RESOURCES_RESOURCE_TYPE_HPP
#define NINJAONE_RESOURCES_RESOURCE_TYPE_HPP

#include <connector/sdk.hpp>
#include <connector/sdk/resource_syncer.hpp>
#include <connector/sdk/sync_context.hpp>
#include <connector/sdk/walk_cache.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/ninjaone_api.hpp"
#include "config.hpp"
#include "resources/facts.hpp"

namespace ninjaone {

using connector::sdk::WalkFacts;

namespace resources {

using connector::sdk::HostStopped;
using connector::sdk::Page;

// One ABI call: the SDK's SyncContext (emitting, facts shared by the call and its
// walk) with the NinjaOne client and config, and the facts the NinjaOne types share.
class CallContext : public connector::sdk::SyncContext {
 public:
  CallContext(client::ApiClient& api, const connector::sdk::Call& call, const Config& config,
              std::shared_ptr<WalkFacts> walk = nullptr)
      : SyncContext(call, std::move(walk)), api_(api), config_(config) {}

  client::ApiClient& api() const { return api_; }
  const Config& config() const { return config_; }

  // Every configured user's grant-relevant facts, fetched at most once per call and,
  // in a walk, once per walk (users.cpp).
  const std::vector<UserFacts>& user_facts();
  // Hands over the facts of a COMPLETE users listing to the walk (no-op outside one).
  void keep_user_facts(std::vector<UserFacts> facts);

  // Every listed role, fetched at most once per call and, in a walk, once per walk
  // (roles.cpp).
  const std::vector<RoleFacts>& role_facts();

  // The organization page of request `target` the walk kept, or nullptr.
  WalkFacts::Shared<OrganizationPage> kept_organization_page(std::string_view target) const;
  // Hands over a COMPLETE organization page to the walk (no-op outside one).
  void keep_organization_page(std::string target, OrganizationPage page);

 private:
  client::ApiClient& api_;
  const Config& config_;
};

using ResourceType = connector::sdk::ResourceType<CallContext>;
using ResourceSyncer = connector::sdk::ResourceSyncer<CallContext>;

}  // namespace resources
}  // namespace ninjaone

#endif  // NINJAONE_RESOURCES_RESOURCE_TYPE_HPP
