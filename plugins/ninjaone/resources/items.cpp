// Shapes shared by every resource type, and emitting them to the host.
#include <boost/json/array.hpp>
#include <boost/json/serializer.hpp>

#include <string>

#include "ids.hpp"
#include "resources/json_text.hpp"
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

void write_grant_item(std::string& out, std::string_view entitlement_id,
                      std::string_view principal_id) {
  out.assign(R"({"id":")");
  append_json_string_body(out, entitlement_id);
  out += ':';
  append_json_string_body(out, principal_id);
  out += R"(","entitlement":")";
  append_json_string_body(out, entitlement_id);
  out += R"(","principal":")";
  append_json_string_body(out, principal_id);
  out += R"("})";
}

void CallContext::emit_grant(std::string_view entitlement_id, std::string_view principal_id) const {
  thread_local std::string text;  // reused: the host copies the item before emit returns
  write_grant_item(text, entitlement_id, principal_id);
  emit_text(text);
}

void CallContext::emit_text(std::string_view item) const {
  if (!call_.emit(item)) throw HostStopped{};
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
  emit_text(text);
}

}  // namespace ninjaone::resources
