// The host's side of one plugin operation call: implements conn_call.
//
// emit() hands each item to the caller's sink: parsed with Boost.JSON into an object
// (ItemSink), or as the text the plugin emitted, checked without being built
// (ItemTextSink: what a sync stores, so no item is parsed into a tree only to be
// serialized again). Either way an item that is not a JSON object stops the call and
// becomes a clear error naming the plugin: found by the check here, or by a text
// sink that reads every text whole anyway and says so (Check::by_receiver), so that
// no item is parsed twice. fail() records the plugin's status and
// message. cancelled() is true once a signal arrived or the deadline passed.
#pragma once

#include <connector/call.h>

#include <boost/json/object.hpp>
#include <boost/json/parser.hpp>

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "runtime/json_object_check.hpp"

namespace connector::host::runtime {

// Receives each item a plugin emits, already parsed. May throw: the exception stops
// the call and is rethrown from CallContext::finish.
using ItemSink = std::function<void(boost::json::object&& item)>;

// Thrown by an ItemTextSink that checks each text itself (Check::by_receiver) for a
// text that is not one JSON object. what() says why in the words of the call's own
// check: "not valid JSON (<parser's reason>)" or "not a JSON object". The call then
// fails exactly as if it had found the item itself.
class NotOneJsonObject : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Receives each item a plugin emits as its text, checked to be one JSON object; the
// text is valid only during the call. May throw, as an ItemSink may. Explicit, so a
// caller says which of the two it wants.
class ItemTextSink {
 public:
  // Who checks that a text is one JSON object: the call, before the sink sees it; or
  // the sink, which parses every text whole anyway (a sync's store), and throws
  // NotOneJsonObject before using one that is not.
  enum class Check { by_call, by_receiver };

  explicit ItemTextSink(std::function<void(std::string_view item_json)> receive,
                        Check check = Check::by_call)
      : receive_(std::move(receive)), check_(check) {}
  void operator()(std::string_view item_json) const { receive_(item_json); }
  Check check() const noexcept { return check_; }

 private:
  std::function<void(std::string_view item_json)> receive_;
  Check check_;
};

using Deadline = std::optional<std::chrono::steady_clock::time_point>;

class CallContext {
 public:
  // Tokens longer than this are a plugin bug (call.h).
  static constexpr std::size_t max_page_token_size = 4096;

  CallContext(std::string_view plugin_id, std::string_view operation, ItemSink sink,
              Deadline deadline);
  CallContext(std::string_view plugin_id, std::string_view operation, ItemTextSink sink,
              Deadline deadline);
  CallContext(const CallContext&) = delete;
  CallContext& operator=(const CallContext&) = delete;

  // Valid as long as this object; what the plugin receives.
  const conn_call* raw() const noexcept { return &call_; }

  // After the plugin returned `status`: throws the error it stands for
  // (PluginCallError, interrupted_error, deadline_error, or the sink's exception).
  void finish(conn_status status);

  // The token the plugin set with next_page (empty when this was the last page).
  const std::string& next_page_token() const noexcept { return next_page_; }
  std::size_t item_count() const noexcept { return items_; }

  // The status the plugin passed to fail(), or CONN_INTERNAL when it never called it
  // (for operations like create that answer with NULL instead of a status).
  conn_status reported_status() const noexcept { return failed_ ? fail_status_ : CONN_INTERNAL; }

  // True when the host wants the call to stop: signal or deadline.
  bool stop_requested() const noexcept;

 private:
  static int on_cancelled(const conn_call* call);
  static int64_t on_remaining_ms(const conn_call* call);
  static int on_emit(const conn_call* call, conn_str item_json);
  static void on_next_page(const conn_call* call, conn_str token);
  static void on_fail(const conn_call* call, conn_status status, conn_str message,
                      conn_str details);
  static CallContext& self(const conn_call* call) noexcept;

  void init_call();
  bool accept(std::string_view item_json);
  bool refuse(std::string_view why);
  bool deadline_passed() const noexcept;

  conn_call call_{};
  std::string plugin_id_;
  std::string operation_;
  ItemSink sink_;
  std::optional<ItemTextSink> text_sink_;  // set: items go there as text, unparsed
  Deadline deadline_;
  boost::json::parser parser_;  // reused across items: keeps its buffers warm
  JsonObjectCheck check_;       // the same for a text sink

  std::size_t items_ = 0;
  std::string next_page_;
  bool failed_ = false;
  conn_status fail_status_ = CONN_OK;
  std::string fail_message_;
  boost::json::object fail_details_;
  std::string protocol_error_;     // the plugin broke the ABI's rules
  std::exception_ptr sink_error_;  // the sink threw; rethrown by finish()
};

}  // namespace connector::host::runtime
