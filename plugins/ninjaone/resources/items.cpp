// Shapes shared by every resource type, and emitting them to the host.
#include <boost/json/array.hpp>
#include <boost/json/serializer.hpp>

#include <string>

#include "ids.hpp"
#include "resources/mapping.hpp"
#include "resources/resource_type.hpp"

namespace ninjaone::resources {
namespace {

// The least free space handed to the serializer per read.
constexpr std::size_t kMinimumRoom = 1024;

}  // namespace

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
  // One text buffer and serializer per thread, reused by every item: after the first
  // few items, serialising allocates nothing. The host copies the text before emit
  // returns, so the next item may overwrite it.
  thread_local std::string text;
  thread_local boost::json::serializer serializer;
  serializer.reset(&item);
  text.clear();
  while (!serializer.done()) {
    const std::size_t used = text.size();
    if (text.capacity() - used < kMinimumRoom) text.reserve(2 * (used + kMinimumRoom));
    text.resize(text.capacity());
    text.resize(used + serializer.read(text.data() + used, text.size() - used).size());
  }
  if (!call_.emit(text)) throw HostStopped{};
}

}  // namespace ninjaone::resources
