// The worker's side of one plugin operation call: implements conn_call by passing
// what the plugin does on to the host.
//
// Items are batched into frames of about batch_bytes; at most `window` batches may
// wait for the host's ack, so a host that stores slowly slows the plugin down
// (emit blocks) instead of the worker buffering a listing. When an ack says the host
// wants no more, and once the call is cancelled (by a signal the host got, or by its
// deadline), emit returns 0 as conn_call says, and the plugin stops.
#pragma once

#include <connector/call.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "worker/host_link.hpp"
#include "worker_protocol/messages.hpp"

namespace connector::host::worker {

class WorkerCall {
 public:
  static constexpr std::size_t batch_bytes = 64 * 1024;
  static constexpr unsigned window = 4;

  WorkerCall(HostLink& link, const worker_protocol::CallRequest& request);
  WorkerCall(const WorkerCall&) = delete;
  WorkerCall& operator=(const WorkerCall&) = delete;

  std::uint64_t id() const noexcept { return id_; }
  // Valid as long as this object; what the plugin receives.
  const conn_call* raw() const noexcept { return &call_; }

  // From the host, on the reading thread.
  void cancel() noexcept;
  void acknowledge(bool go_on) noexcept;

  // After the operation returned `status`: sends the last batch and returns the
  // result to send. [the thread that called the operation]
  worker_protocol::CallResult finish(std::int32_t status);

  // The status to report for a create that returned NULL: what the plugin passed to
  // fail(), else INTERNAL with "create returned NULL" as the message.
  std::int32_t failed_create_status();

 private:
  static int on_cancelled(const conn_call* call);
  static int64_t on_remaining_ms(const conn_call* call);
  static int on_emit(const conn_call* call, conn_str item_json);
  static void on_next_page(const conn_call* call, conn_str token);
  static void on_fail(const conn_call* call, conn_status status, conn_str message,
                      conn_str details);
  static WorkerCall& self(const conn_call* call) noexcept;

  bool deadline_passed() const noexcept;
  bool emit(std::string_view item);
  // Sends the batch being built, after waiting for room in the window.
  void send_batch();

  conn_call call_{};
  HostLink& link_;
  const std::uint64_t id_;
  const std::optional<std::chrono::steady_clock::time_point> deadline_;
  const std::uint64_t allocation_failures_at_start_;

  // Set by the host (reading thread), read on every emit: atomics, so that the path
  // of an item takes no lock and reads no clock. The deadline reaches emit as the
  // host's cancel, which it sends when the deadline passes.
  std::atomic<bool> go_on_{true};
  std::atomic<bool> cancelled_{false};

  std::mutex window_mutex_;  // unacknowledged_
  std::condition_variable acked_;
  unsigned unacknowledged_ = 0;

  // The plugin's side: emit, next_page and fail are never called concurrently for
  // one call (call.h), and finish comes after the operation returned.
  worker_protocol::ItemsBatch batch_;
  std::uint64_t emitted_ = 0;  // items the plugin handed over
  worker_protocol::CallResult result_;
};

}  // namespace connector::host::worker
