// The per-call context of the SCIM resource types, the types themselves (one file
// each: users.cpp, groups.cpp) and the mapping of SCIM resources to DESIGN section
// 4's items, which provisioning answers with too.
#ifndef SCIM_RESOURCES_HPP
#define SCIM_RESOURCES_HPP

#include <connector/sdk.hpp>
#include <connector/sdk/resource_syncer.hpp>
#include <connector/sdk/sync_context.hpp>

#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config.hpp"
#include "scim_api.hpp"

namespace scim {

inline constexpr std::string_view kUsers = "/Users";
inline constexpr std::string_view kGroups = "/Groups";

class CallContext : public connector::sdk::SyncContext {
 public:
  CallContext(http::ApiClient& api, const connector::sdk::Call& call, const Config& config,
              std::shared_ptr<connector::sdk::WalkFacts> walk = nullptr)
      : SyncContext(call, std::move(walk)), api_(api), config_(config) {}
  http::ApiClient& api() const { return api_; }
  const Config& config() const { return config_; }

 private:
  http::ApiClient& api_;
  const Config& config_;
};

using ResourceType = connector::sdk::ResourceType<CallContext>;
using ResourceSyncer = connector::sdk::ResourceSyncer<CallContext>;

// The SCIM count of a listing page: the host's size hint, at most config page_size.
inline int page_count(const CallContext& context, const connector::sdk::Page& page) {
  const int most = context.config().page_size;
  return page.size_hint > 0 && page.size_hint < static_cast<std::uint32_t>(most)
             ? static_cast<int>(page.size_hint)
             : most;
}

// user then group: a host syncing in this order knows every principal first.
const ResourceSyncer& syncer();
std::unique_ptr<const ResourceType> make_user_type();
std::unique_ptr<const ResourceType> make_group_type();

// The `user` item of a SCIM User; nullopt when it has no string id.
std::optional<boost::json::object> user_item(const boost::json::object& user);

// The user ids among a SCIM Group's members (nested groups are left out).
template <class OnUser>
void for_each_user_member(const boost::json::object& group, OnUser&& on_user) {
  const boost::json::value* members = group.if_contains("members");
  if (members == nullptr || !members->is_array()) return;
  for (const boost::json::value& member : members->get_array()) {
    const boost::json::object* m = member.if_object();
    const boost::json::value* value = m ? m->if_contains("value") : nullptr;
    const boost::json::value* type = m ? m->if_contains("type") : nullptr;
    if (value == nullptr || !value->is_string()) continue;
    if (type != nullptr && type->is_string() && type->get_string() == "Group") continue;
    on_user(std::string_view(value->get_string()));
  }
}

}  // namespace scim

#endif  // SCIM_RESOURCES_HPP
