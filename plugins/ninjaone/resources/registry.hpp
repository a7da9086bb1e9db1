// The resource types of the NinjaOne connector, in the order a full listing walks
// them. Adding a type is one new file and one line in registry.cpp.
#ifndef NINJAONE_RESOURCES_REGISTRY_HPP
#define NINJAONE_RESOURCES_REGISTRY_HPP

#include <memory>
#include <string_view>
#include <vector>

#include "resources/resource_type.hpp"

namespace ninjaone::resources {

const std::vector<std::unique_ptr<const ResourceType>>& resource_types();
// nullptr for an unknown type id.
const ResourceType* find_resource_type(std::string_view id);

// One factory per resource file.
std::unique_ptr<const ResourceType> make_user_type();
std::unique_ptr<const ResourceType> make_role_type();
std::unique_ptr<const ResourceType> make_organization_type();
std::unique_ptr<const ResourceType> make_tenant_type();

}  // namespace ninjaone::resources

#endif  // NINJAONE_RESOURCES_REGISTRY_HPP
