// A conn_call and a conn_host made in the test, so the client can be driven as the
// connector host would drive it: cancellation, a deadline, and store_secret calls
// recorded in order.
#pragma once

#include <connector/sdk.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ninjaone::client::testing {

class FakeCall {
 public:
  FakeCall() {
    raw_.struct_size = sizeof(raw_);
    raw_.host_data = this;
    raw_.cancelled = [](const conn_call* c) -> int { return self(c).cancelled_.load() ? 1 : 0; };
    raw_.remaining_ms = [](const conn_call* c) -> int64_t {
      const FakeCall& me = self(c);
      if (!me.deadline_) return -1;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *me.deadline_ - std::chrono::steady_clock::now());
      return std::max<int64_t>(0, left.count());
    };
    raw_.emit = [](const conn_call*, conn_str) -> int { return 1; };
    raw_.next_page = [](const conn_call*, conn_str) {};
    raw_.fail = [](const conn_call*, conn_status, conn_str, conn_str) {};
  }
  FakeCall(const FakeCall&) = delete;
  FakeCall& operator=(const FakeCall&) = delete;

  void cancel() { cancelled_ = true; }
  void set_deadline_in(std::chrono::milliseconds ms) {
    deadline_ = std::chrono::steady_clock::now() + ms;
  }
  connector::sdk::Call call() const { return connector::sdk::Call(&raw_); }

 private:
  static const FakeCall& self(const conn_call* c) {
    return *static_cast<const FakeCall*>(c->host_data);
  }
  conn_call raw_{};
  std::atomic<bool> cancelled_{false};
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

// Records every log line and store_secret call, in order, as "log:..." and
// "store:KEY=VALUE" events. store_secret fails while `refuse_store` is set.
class FakeHost {
 public:
  FakeHost() {
    raw_.struct_size = sizeof(raw_);
    raw_.host_data = this;
    raw_.name = "test-host";
    raw_.version = "0";
    raw_.log = [](const conn_host* h, conn_log_level, conn_str message) {
      self(h).record("log:" + std::string(connector::sdk::from_conn(message)));
    };
    raw_.store_secret = [](const conn_host* h, conn_str key, conn_str value) -> conn_status {
      FakeHost& me = self(h);
      if (me.refuse_store) return CONN_INTERNAL;
      me.record("store:" + std::string(connector::sdk::from_conn(key)) + "=" +
                std::string(connector::sdk::from_conn(value)));
      if (me.on_store) me.on_store();
      return CONN_OK;
    };
  }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  connector::sdk::Host host() const { return connector::sdk::Host(&raw_); }
  std::vector<std::string> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  void record(std::string event) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }

  std::atomic<bool> refuse_store{false};
  std::function<void()> on_store;  // runs inside store_secret, after recording it

 private:
  static FakeHost& self(const conn_host* h) { return *static_cast<FakeHost*>(h->host_data); }
  conn_host raw_{};
  mutable std::mutex mutex_;
  std::vector<std::string> events_;
};

}  // namespace ninjaone::client::testing
