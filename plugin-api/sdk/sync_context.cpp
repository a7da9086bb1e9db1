#include <connector/sdk/items.hpp>
#include <connector/sdk/json_text.hpp>
#include <connector/sdk/sync_context.hpp>

namespace connector::sdk {

void SyncContext::emit_text(std::string_view item) const {
  if (!call_.emit(item)) throw HostStopped{};
}

void SyncContext::emit_grant(std::string_view entitlement_id, std::string_view principal_id) const {
  thread_local std::string text;  // reused: the host copies the item before emit returns
  write_grant_item(text, entitlement_id, principal_id);
  emit_text(text);
}

void SyncContext::emit(const boost::json::object& item) const {
  // Written by append_json_value rather than boost::json::serialize, which writes a
  // number beyond a double's range (1e400 from a server) as `Infinity`: not JSON, so
  // the host would refuse the item. One text buffer per thread, reused by every item:
  // the host copies the text before emit returns, so the next item may overwrite it.
  thread_local std::string text;
  text.clear();
  append_json_value(text, item);
  emit_text(text);
}

}  // namespace connector::sdk
