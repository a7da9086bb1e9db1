// What one plugin instance keeps for the walk it is serving (ABI 1.2 walk ids): the
// facts a full sync would otherwise fetch again, call after call. A sync lists the
// users, roles and organization pages for their resources, then the entitlements
// (roles and organizations again) and the grants (roles and users again); kept here,
// each is fetched once per walk.
//
// Only complete listings are kept: a listing that failed, was cancelled or was
// stopped early by the host keeps nothing, so a later call of the walk fetches again
// rather than serving a part as the whole. An instance keeps one walk: a call with
// another walk id starts afresh and drops the old one (a call still running for the
// old walk keeps its own reference, so nothing it uses goes away). end_walk and the
// instance's destruction free it. Every member is thread-safe: one instance may serve
// several calls at once.
#ifndef NINJAONE_WALK_CACHE_HPP
#define NINJAONE_WALK_CACHE_HPP

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "resources/facts.hpp"

namespace ninjaone {

// The facts kept for one walk. Each reader answers nullptr until a complete listing
// was kept; a listing kept twice (two calls racing) is the same data, the later wins.
class WalkFacts {
 public:
  template <class T>
  using Shared = std::shared_ptr<const T>;

  explicit WalkFacts(std::string id) : id_(std::move(id)) {}
  const std::string& id() const noexcept { return id_; }

  Shared<std::vector<resources::UserFacts>> users() const;
  void keep_users(Shared<std::vector<resources::UserFacts>> users);

  Shared<std::vector<resources::RoleFacts>> roles() const;
  void keep_roles(Shared<std::vector<resources::RoleFacts>> roles);

  // By the request target the page came from, eg: "/v2/organizations?pageSize=1000&after=7".
  Shared<resources::OrganizationPage> organization_page(std::string_view target) const;
  void keep_organization_page(std::string target, Shared<resources::OrganizationPage> page);

 private:
  const std::string id_;
  mutable std::mutex mutex_;
  Shared<std::vector<resources::UserFacts>> users_;
  Shared<std::vector<resources::RoleFacts>> roles_;
  std::map<std::string, Shared<resources::OrganizationPage>, std::less<>> organization_pages_;
};

// The walk an instance is serving now.
class WalkCache {
 public:
  // The facts of walk `id`, empty if it is not the walk kept until now (which it then
  // replaces). nullptr for an empty id: a call outside any walk keeps nothing.
  std::shared_ptr<WalkFacts> walk(std::string_view id);

  // Frees walk `id` when it is the one kept; any other id is ignored.
  void end(std::string_view id);

 private:
  std::mutex mutex_;
  std::shared_ptr<WalkFacts> current_;
};

}  // namespace ninjaone

#endif  // NINJAONE_WALK_CACHE_HPP
