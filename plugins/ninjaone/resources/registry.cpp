#include "resources/registry.hpp"

namespace ninjaone::resources {

const std::vector<std::unique_ptr<const ResourceType>>& resource_types() {
  // Users first: a host syncing in this order knows every principal before it reads
  // the grants that name them.
  static const auto types = [] {
    std::vector<std::unique_ptr<const ResourceType>> list;
    list.push_back(make_user_type());
    list.push_back(make_role_type());
    list.push_back(make_organization_type());
    list.push_back(make_tenant_type());
    return list;
  }();
  return types;
}

const ResourceType* find_resource_type(std::string_view id) {
  for (const auto& type : resource_types()) {
    if (type->id() == id) return type.get();
  }
  return nullptr;
}

}  // namespace ninjaone::resources
