#include "resources/registry.hpp"

#include <vector>

namespace ninjaone::resources {

const ResourceSyncer& syncer() {
  // Users first: a host syncing in this order knows every principal before it reads
  // the grants that name them.
  static const ResourceSyncer types = [] {
    std::vector<std::unique_ptr<const ResourceType>> list;
    list.push_back(make_user_type());
    list.push_back(make_role_type());
    list.push_back(make_organization_type());
    list.push_back(make_tenant_type());
    return ResourceSyncer(std::move(list));
  }();
  return types;
}

}  // namespace ninjaone::resources
