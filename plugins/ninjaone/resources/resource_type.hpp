// The small interface each resource type implements (one file per type, as in
// baton-sdk's connectors), and the per-call context the types work in. A type knows
// the NinjaOne endpoints and the mapping to DESIGN section 4's shapes, and nothing of
// HTTP: it asks the client layer for JSON arrays and emits items.
#ifndef NINJAONE_RESOURCES_RESOURCE_TYPE_HPP
#define NINJAONE_RESOURCES_RESOURCE_TYPE_HPP

#include <connector/sdk.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/api_client.hpp"
#include "config.hpp"
#include "resources/facts.hpp"
#include "walk_cache.hpp"

namespace ninjaone::resources {

// Thrown out of a listing when the host wants no more items; the plugin turns it
// into a successful return without a next page.
struct HostStopped {};

// One ABI call: the client, the host's call, the config, the facts fetched during
// this call and, when the call belongs to a walk (ABI 1.2), the facts kept for the
// walk. Outside a walk facts live for the call only, so nothing served can be stale;
// inside one, the host asked for one consistent read and later calls reuse them.
class CallContext {
 public:
  CallContext(client::ApiClient& api, const connector::sdk::Call& call, const Config& config,
              std::shared_ptr<WalkFacts> walk = nullptr)
      : api_(api), call_(call), config_(config), walk_(std::move(walk)) {}

  client::ApiClient& api() const { return api_; }
  const connector::sdk::Call& call() const { return call_; }
  const Config& config() const { return config_; }

  // Emits one item; throws HostStopped when the host wants no more.
  void emit(const boost::json::object& item) const;
  // Emits the grant {"id","entitlement","principal"}; throws HostStopped as emit does.
  void emit_grant(std::string_view entitlement_id, std::string_view principal_id) const;
  // Emits an item already written as JSON text (json_text.hpp); throws HostStopped
  // as emit does. The host copies the text before this returns.
  void emit_text(std::string_view item) const;

  // True when the call belongs to a walk: a listing that fetches facts anyway should
  // then gather them and keep them once it completes.
  bool in_walk() const noexcept { return walk_ != nullptr; }

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
  const connector::sdk::Call& call_;
  const Config& config_;
  std::shared_ptr<WalkFacts> walk_;  // nullptr outside a walk
  WalkFacts::Shared<std::vector<UserFacts>> user_facts_;
  WalkFacts::Shared<std::vector<RoleFacts>> role_facts_;
};

// One page of a listing: the token the host gave (empty on the first page), its size
// hint (0: the type chooses), and the token of the next page (empty: this was the last).
struct Page {
  std::string_view token;
  std::uint32_t size_hint = 0;
  std::string next;
};

class ResourceType {
 public:
  virtual ~ResourceType() = default;

  virtual std::string_view id() const = 0;  // eg: "user"
  // The list_resource_types item: {"id","display_name","traits":[...]}.
  virtual boost::json::object describe() const = 0;

  virtual void list_resources(CallContext& context, Page& page) const = 0;
  // `key`: the resource's key ("7" for role:7), or nullopt for every resource of the type.
  virtual void list_entitlements(CallContext& context, std::optional<std::string_view> key,
                                 Page& page) const = 0;
  virtual void list_grants(CallContext& context, std::optional<std::string_view> key,
                           Page& page) const = 0;
};

}  // namespace ninjaone::resources

#endif  // NINJAONE_RESOURCES_RESOURCE_TYPE_HPP
