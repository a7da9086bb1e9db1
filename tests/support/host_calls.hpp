// The host's side of plugin calls, for tests and benchmarks: one conn_call and one
// conn_host implementation that record what a plugin did through them, so that no
// suite or benchmark writes its own. (connector-host's own, host/runtime/call_context,
// is the product's and stays apart.)
//
//   test_support::RecordingHost host;
//   test_support::RecordingCall call;
//   plugin.list_resources(instance, call.get(), &request);
//   call.items(); call.next_page; call.fail_message; host.logs();
//
// RecordingCall keeps every item it is given, or hands each to a sink instead (a
// benchmark that must not grow); either way it counts them. Neither object may move:
// the C callbacks find it through host_data.
#pragma once

#include <connector/abi.h>
#include <connector/sdk.hpp>

#include <boost/json/value.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace test_support {

class RecordingCall {
 public:
  // Takes an item, returns false when the host wants no more.
  using ItemSink = std::function<bool(std::string_view item)>;

  // Keeps every item in raw_items.
  RecordingCall();
  // Hands every item to `sink` and keeps none.
  explicit RecordingCall(ItemSink sink);
  RecordingCall(const RecordingCall&) = delete;
  RecordingCall& operator=(const RecordingCall&) = delete;

  const conn_call* get() const noexcept { return &call_; }
  // The same call as the C++ SDK sees it.
  connector::sdk::Call call() const noexcept { return connector::sdk::Call(&call_); }

  // From now on remaining_ms counts down to `from_now` ahead (-1 until set: no deadline).
  void set_deadline_in(std::chrono::milliseconds from_now);

  // The items kept, parsed; throws if one is not JSON.
  std::vector<boost::json::value> items() const;
  // The only item kept; throws unless there was exactly one.
  boost::json::value only_item() const;

  // What the host side answers. `cancel` may be set from any thread.
  std::atomic<bool> cancel{false};
  std::size_t stop_after = std::numeric_limits<std::size_t>::max();  // emit says 0 from then on

  // What the plugin did.
  std::vector<std::string> raw_items;  // empty with a sink
  std::uint64_t item_count = 0;
  std::uint64_t item_bytes = 0;
  std::optional<std::string> next_page;  // as given, "" included
  int fail_count = 0;
  std::optional<conn_status> failed_status;
  std::string fail_message;
  std::string fail_details;

 private:
  static RecordingCall& self(const conn_call* c) {
    return *static_cast<RecordingCall*>(c->host_data);
  }
  void install();

  ItemSink sink_;
  std::atomic<std::int64_t> deadline_ns_{-1};  // steady_clock, since its epoch
  conn_call call_{};
};

// Host services that record log lines, stored secrets and counters, in order. Every
// member is thread-safe: a plugin may log from several threads at once.
class RecordingHost {
 public:
  RecordingHost();
  RecordingHost(const RecordingHost&) = delete;
  RecordingHost& operator=(const RecordingHost&) = delete;

  const conn_host* get() const noexcept { return &host_; }
  connector::sdk::Host host() const noexcept { return connector::sdk::Host(&host_); }

  // Makes this host look like one built against an older minor of the ABI: its
  // struct ends before `member_offset` (use offsetof(conn_host, member)).
  void truncate_to(std::size_t member_offset) {
    host_.struct_size = static_cast<std::uint32_t>(member_offset);
  }

  std::vector<std::pair<conn_log_level, std::string>> logs() const;
  std::vector<std::string> log_lines() const;
  std::map<std::string, std::string> secrets() const;  // the last value stored per key
  std::map<std::string, double> counters() const;      // by name followed by labels JSON
  // "log:MESSAGE" and "store:KEY=VALUE", in the order they happened.
  std::vector<std::string> events() const;

  // store_secret answers CONN_INTERNAL (and records nothing) while set.
  std::atomic<bool> refuse_store{false};
  // Runs inside store_secret, after recording it. Set before the plugin runs.
  std::function<void()> on_store;

 private:
  static RecordingHost& self(const conn_host* h) {
    return *static_cast<RecordingHost*>(h->host_data);
  }

  conn_host host_{};
  mutable std::mutex mutex_;
  std::vector<std::pair<conn_log_level, std::string>> logs_;
  std::map<std::string, std::string> secrets_;
  std::map<std::string, double> counters_;
  std::vector<std::string> events_;
};

}  // namespace test_support
