// The resource types of the NinjaOne connector, in the order a full listing walks
// them, served by the SDK's resource syncer. Adding a type is one new file and one
// line in registry.cpp.
#ifndef NINJAONE_RESOURCES_REGISTRY_HPP
#define NINJAONE_RESOURCES_REGISTRY_HPP

#include <memory>

#include "resources/resource_type.hpp"

namespace ninjaone::resources {

// The types (users first), and the ABI list operations over them.
const ResourceSyncer& syncer();

// One factory per resource file.
std::unique_ptr<const ResourceType> make_user_type();
std::unique_ptr<const ResourceType> make_role_type();
std::unique_ptr<const ResourceType> make_organization_type();
std::unique_ptr<const ResourceType> make_tenant_type();

}  // namespace ninjaone::resources

#endif  // NINJAONE_RESOURCES_REGISTRY_HPP
