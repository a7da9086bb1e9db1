// Shapes shared by every resource type, and emitting them to the host.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "ids.hpp"
#include "resources/mapping.hpp"
#include "resources/resource_type.hpp"

namespace ninjaone::resources {

boost::json::object entitlement_item(std::string_view resource_id, std::string_view slug,
                                     std::string display_name, std::string_view purpose,
                                     bool provisionable) {
  return boost::json::object{{"id", ids::entitlement(resource_id, slug)},
                             {"resource", resource_id},
                             {"slug", slug},
                             {"display_name", std::move(display_name)},
                             {"purpose", purpose},
                             {"grantable_to", boost::json::array{"user"}},
                             {"provisionable", provisionable}};
}

boost::json::object grant_item(std::string_view entitlement_id, std::string_view principal_id) {
  return boost::json::object{{"id", ids::grant(entitlement_id, principal_id)},
                             {"entitlement", entitlement_id},
                             {"principal", principal_id}};
}

void CallContext::emit(const boost::json::object& item) const {
  if (!call_.emit(boost::json::serialize(item))) throw HostStopped{};
}

}  // namespace ninjaone::resources
