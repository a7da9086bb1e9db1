#include "runtime/call_context.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

#include "common/status_names.hpp"
#include "runtime/call_error.hpp"
#include "runtime/interrupt.hpp"

namespace connector::host::runtime {
namespace {

std::string_view view(conn_str s) noexcept {
  return s.data == nullptr ? std::string_view{} : std::string_view(s.data, s.size);
}

}  // namespace

CallContext::CallContext(std::string_view plugin_id, std::string_view operation, ItemSink sink,
                         Deadline deadline)
    : plugin_id_(plugin_id), operation_(operation), sink_(std::move(sink)), deadline_(deadline) {
  init_call();
}

CallContext::CallContext(std::string_view plugin_id, std::string_view operation, ItemTextSink sink,
                         Deadline deadline)
    : plugin_id_(plugin_id),
      operation_(operation),
      text_sink_(std::move(sink)),
      deadline_(deadline) {
  init_call();
}

void CallContext::init_call() {
  call_.struct_size = sizeof(conn_call);
  call_.host_data = this;
  call_.cancelled = &on_cancelled;
  call_.remaining_ms = &on_remaining_ms;
  call_.emit = &on_emit;
  call_.next_page = &on_next_page;
  call_.fail = &on_fail;
}

CallContext& CallContext::self(const conn_call* call) noexcept {
  return *static_cast<CallContext*>(call->host_data);
}

bool CallContext::deadline_passed() const noexcept {
  return deadline_ && std::chrono::steady_clock::now() >= *deadline_;
}

bool CallContext::stop_requested() const noexcept {
  return interrupt_signal() != 0 || deadline_passed();
}

int CallContext::on_cancelled(const conn_call* call) { return self(call).stop_requested() ? 1 : 0; }

int64_t CallContext::on_remaining_ms(const conn_call* call) {
  const CallContext& context = self(call);
  if (!context.deadline_) return -1;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      *context.deadline_ - std::chrono::steady_clock::now());
  return std::max<int64_t>(0, left.count());
}

int CallContext::on_emit(const conn_call* call, conn_str item_json) {
  CallContext& context = self(call);
  // No exception may cross back into the plugin.
  try {
    return context.accept(view(item_json)) ? 1 : 0;
  } catch (...) {
    context.sink_error_ = std::current_exception();
    return 0;
  }
}

bool CallContext::accept(std::string_view item_json) {
  if (!protocol_error_.empty() || sink_error_ || stop_requested()) return false;
  boost::system::error_code ec;
  if (text_sink_) {
    if (text_sink_->check() == ItemTextSink::Check::by_call) {
      switch (check_.check(item_json, ec)) {
        case JsonObjectCheck::Verdict::not_json:
          return refuse("not valid JSON (" + ec.message() + ")");
        case JsonObjectCheck::Verdict::not_an_object:
          return refuse("not a JSON object");
        case JsonObjectCheck::Verdict::object:
          break;
      }
    }
    try {
      (*text_sink_)(item_json);
    } catch (const NotOneJsonObject& refused) {
      return refuse(refused.what());
    }
    ++items_;
    return true;
  }
  parser_.reset();
  // write() takes a complete text: trailing garbage and truncation are errors too.
  parser_.write(item_json.data(), item_json.size(), ec);
  if (ec) return refuse("not valid JSON (" + ec.message() + ")");
  boost::json::value item = parser_.release();
  if (!item.is_object()) return refuse("not a JSON object");
  ++items_;
  sink_(std::move(item.as_object()));
  return true;
}

bool CallContext::refuse(std::string_view why) {
  protocol_error_ =
      operation_ + " emitted item #" + std::to_string(items_ + 1) + " that is " + std::string(why);
  return false;
}

void CallContext::on_next_page(const conn_call* call, conn_str token) {
  CallContext& context = self(call);
  try {
    if (token.size > max_page_token_size) {
      context.protocol_error_ = context.operation_ + " set a page token of " +
                                std::to_string(token.size) + " bytes (at most " +
                                std::to_string(max_page_token_size) + ")";
      return;
    }
    context.next_page_.assign(view(token));
  } catch (...) {
    context.sink_error_ = std::current_exception();
  }
}

void CallContext::on_fail(const conn_call* call, conn_status status, conn_str message,
                          conn_str details) {
  CallContext& context = self(call);
  try {
    context.failed_ = true;
    context.fail_status_ = status;
    context.fail_message_.assign(view(message));
    boost::system::error_code ec;
    boost::json::value parsed = boost::json::parse(view(details), ec);
    // Details are optional; unparsable ones are dropped rather than failing the call.
    if (!ec && parsed.is_object()) context.fail_details_ = std::move(parsed.as_object());
  } catch (...) {
    context.sink_error_ = std::current_exception();
  }
}

void CallContext::finish(conn_status status) {
  if (sink_error_) std::rethrow_exception(sink_error_);
  if (const int signal = interrupt_signal(); signal != 0) throw interrupted_error(signal);
  if (!protocol_error_.empty()) {
    throw PluginCallError(plugin_id_, CONN_INTERNAL, protocol_error_ + " (a plugin bug); stopped");
  }
  if (status == CONN_OK) return;
  if (deadline_passed() && (status == CONN_CANCELLED || status == CONN_DEADLINE_EXCEEDED)) {
    throw deadline_error(operation_);
  }
  std::string message = fail_message_;
  if (!failed_ || message.empty()) message = operation_ + " failed without a message";
  if (failed_ && fail_status_ != status) {
    // The plugin called fail() with one status and returned another: trust the return.
    message += " (fail() said " + std::string(status_name(fail_status_)) + ")";
  }
  throw PluginCallError(plugin_id_, status, message, std::move(fail_details_));
}

}  // namespace connector::host::runtime
