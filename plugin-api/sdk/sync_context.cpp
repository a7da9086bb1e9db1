#include <connector/sdk/items.hpp>
#include <connector/sdk/sync_context.hpp>

#include <boost/json/serializer.hpp>

namespace connector::sdk {
namespace {

// The least free space handed to the serializer per read.
constexpr std::size_t kMinimumRoom = 1024;

}  // namespace

void SyncContext::emit_text(std::string_view item) const {
  if (!call_.emit(item)) throw HostStopped{};
}

void SyncContext::emit_grant(std::string_view entitlement_id, std::string_view principal_id) const {
  thread_local std::string text;  // reused: the host copies the item before emit returns
  write_grant_item(text, entitlement_id, principal_id);
  emit_text(text);
}

void SyncContext::emit(const boost::json::object& item) const {
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

}  // namespace connector::sdk
