// The compact facts the resource types take from NinjaOne's answers: what a later
// listing needs (grants, entitlements), and no more. A call keeps them while it runs,
// and a walk (ABI 1.2) keeps them for its later calls (connector/sdk/walk_cache.hpp), so a full
// sync fetches each listing once; they are small next to the answers they come from.
#ifndef NINJAONE_RESOURCES_FACTS_HPP
#define NINJAONE_RESOURCES_FACTS_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ninjaone::resources {

// What a user contributes to grants that are not role memberships.
struct UserFacts {
  std::int32_t id = 0;
  bool technician = false;
  bool administrator = false;                   // technicians: system administrator
  std::optional<std::int32_t> organization_id;  // end users
};

// Everything a role's resource, `member` entitlement and membership grants show.
struct RoleFacts {
  std::int32_t id = 0;
  std::string type;  // as NinjaOne sent it, eg: "TECHNICIAN"; "" when absent
  std::string name;  // "" when absent
  std::optional<std::string> description;
  std::vector<std::int32_t> member_ids;
};

// What an organization's `member` entitlement shows.
struct OrganizationFacts {
  std::int32_t id = 0;
  std::string name;  // "" when absent
};

// One API page of organizations, as the keyset paging returned it.
struct OrganizationPage {
  std::vector<OrganizationFacts> organizations;
  std::string next;  // the next page's token; empty after the last page
};

}  // namespace ninjaone::resources

#endif  // NINJAONE_RESOURCES_FACTS_HPP
