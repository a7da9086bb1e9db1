#include "worker/worker_call.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "worker/allocation_failures.hpp"

namespace connector::host::worker {
namespace {

namespace protocol = worker_protocol;
using Clock = std::chrono::steady_clock;

std::string_view view(conn_str s) noexcept {
  return s.data == nullptr ? std::string_view{} : std::string_view(s.data, s.size);
}

std::optional<Clock::time_point> deadline_from(std::int64_t remaining_ms) {
  if (remaining_ms < 0) return std::nullopt;
  return Clock::now() + std::chrono::milliseconds(remaining_ms);
}

// An item, with its length field and the batch's call id and count, fits a frame.
constexpr std::size_t largest_item = protocol::max_payload_size - 64;

}  // namespace

WorkerCall::WorkerCall(HostLink& link, const protocol::CallRequest& request)
    : link_(link),
      id_(request.call_id),
      deadline_(deadline_from(request.remaining_ms)),
      allocation_failures_at_start_(allocation_failures()) {
  call_.struct_size = sizeof(conn_call);
  call_.host_data = this;
  call_.cancelled = &on_cancelled;
  call_.remaining_ms = &on_remaining_ms;
  call_.emit = &on_emit;
  call_.next_page = &on_next_page;
  call_.fail = &on_fail;
  batch_.start(id_);
  result_.call_id = id_;
}

WorkerCall& WorkerCall::self(const conn_call* call) noexcept {
  return *static_cast<WorkerCall*>(call->host_data);
}

void WorkerCall::cancel() noexcept {
  const std::lock_guard<std::mutex> lock(window_mutex_);
  cancelled_ = true;
  acked_.notify_all();
}

void WorkerCall::acknowledge(bool go_on) noexcept {
  const std::lock_guard<std::mutex> lock(window_mutex_);
  if (unacknowledged_ > 0) --unacknowledged_;
  if (!go_on) go_on_ = false;
  acked_.notify_all();
}

bool WorkerCall::deadline_passed() const noexcept {
  return deadline_ && Clock::now() >= *deadline_;
}

int WorkerCall::on_cancelled(const conn_call* call) {
  const WorkerCall& context = self(call);
  return context.cancelled_ || context.deadline_passed() ? 1 : 0;
}

int64_t WorkerCall::on_remaining_ms(const conn_call* call) {
  const WorkerCall& context = self(call);
  if (!context.deadline_) return -1;
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(*context.deadline_ - Clock::now());
  return std::max<int64_t>(0, left.count());
}

int WorkerCall::on_emit(const conn_call* call, conn_str item_json) {
  WorkerCall& context = self(call);
  // No exception may cross back into the plugin.
  try {
    return context.emit(view(item_json)) ? 1 : 0;
  } catch (const std::exception& e) {
    context.go_on_ = false;
    if (context.result_.worker_error.empty())
      context.result_.worker_error = std::string("could not be passed on: ") + e.what();
    return 0;
  }
}

bool WorkerCall::emit(std::string_view item) {
  if (!go_on_.load(std::memory_order_relaxed) || cancelled_.load(std::memory_order_relaxed))
    return false;
  if (item.size() > largest_item) {
    go_on_ = false;
    result_.worker_error = "emitted item #" + std::to_string(emitted_ + 1) + " of " +
                           std::to_string(item.size()) + " bytes, more than the " +
                           std::to_string(largest_item) + " one item may be";
    return false;
  }
  if (batch_.payload_size() + sizeof(std::uint32_t) + item.size() > protocol::max_payload_size)
    send_batch();
  batch_.add(item);
  ++emitted_;
  if (batch_.payload_size() >= batch_bytes) send_batch();
  return go_on_.load(std::memory_order_relaxed) && !cancelled_.load(std::memory_order_relaxed);
}

void WorkerCall::send_batch() {
  if (batch_.count() == 0) return;
  {
    // A cancelled call's items still go: the host decides what it keeps.
    std::unique_lock<std::mutex> lock(window_mutex_);
    acked_.wait(lock, [&] { return unacknowledged_ < window || !go_on_; });
    if (!go_on_) {
      batch_.start(id_);  // the host wants no more: these would be dropped there
      return;
    }
    ++unacknowledged_;
  }
  link_.send(batch_.finish());
  batch_.start(id_);
}

void WorkerCall::on_next_page(const conn_call* call, conn_str token) {
  WorkerCall& context = self(call);
  try {
    context.result_.has_next_page = true;
    context.result_.next_page.assign(view(token));
  } catch (const std::exception&) {  // bad_alloc: reported through out_of_memory
  }
}

void WorkerCall::on_fail(const conn_call* call, conn_status status, conn_str message,
                         conn_str details) {
  WorkerCall& context = self(call);
  try {
    context.result_.failed = true;
    context.result_.fail_status = status;
    context.result_.fail_message.assign(view(message));
    context.result_.fail_details.assign(view(details));
  } catch (const std::exception&) {  // bad_alloc: reported through out_of_memory
  }
}

std::int32_t WorkerCall::failed_create_status() {
  if (result_.failed && result_.fail_status != CONN_OK) return result_.fail_status;
  result_.failed = true;
  result_.fail_status = CONN_INTERNAL;
  if (result_.fail_message.empty()) result_.fail_message = "create returned NULL";
  return CONN_INTERNAL;
}

protocol::CallResult WorkerCall::finish(std::int32_t status) {
  if (go_on_) send_batch();
  result_.status = status;
  result_.out_of_memory = allocation_failures() != allocation_failures_at_start_;
  return std::move(result_);
}

}  // namespace connector::host::worker
