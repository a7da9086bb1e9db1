#include "support/host_calls.hpp"

#include <boost/json/parse.hpp>

#include <stdexcept>

namespace test_support {
namespace {

std::string text(conn_str s) {
  return s.data == nullptr ? std::string() : std::string(s.data, s.size);
}

std::int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RecordingCall::RecordingCall() { install(); }

RecordingCall::RecordingCall(ItemSink sink) : sink_(std::move(sink)) { install(); }

void RecordingCall::install() {
  call_.struct_size = sizeof(conn_call);
  call_.host_data = this;
  call_.cancelled = [](const conn_call* c) -> int { return self(c).cancel.load() ? 1 : 0; };
  call_.remaining_ms = [](const conn_call* c) -> int64_t {
    const std::int64_t deadline = self(c).deadline_ns_.load();
    if (deadline < 0) return -1;
    return std::max<std::int64_t>(0, (deadline - steady_now_ns()) / 1'000'000);
  };
  call_.emit = [](const conn_call* c, conn_str item) -> int {
    RecordingCall& me = self(c);
    ++me.item_count;
    me.item_bytes += item.size;
    bool more = true;
    if (me.sink_) {
      more = me.sink_(std::string_view(item.data, item.size));
    } else {
      me.raw_items.push_back(text(item));
    }
    return more && me.item_count < me.stop_after ? 1 : 0;
  };
  call_.next_page = [](const conn_call* c, conn_str token) { self(c).next_page = text(token); };
  call_.fail = [](const conn_call* c, conn_status status, conn_str message, conn_str details) {
    RecordingCall& me = self(c);
    ++me.fail_count;
    me.failed_status = status;
    me.fail_message = text(message);
    me.fail_details = text(details);
  };
}

void RecordingCall::set_deadline_in(std::chrono::milliseconds from_now) {
  deadline_ns_ =
      steady_now_ns() + std::chrono::duration_cast<std::chrono::nanoseconds>(from_now).count();
}

std::vector<boost::json::value> RecordingCall::items() const {
  std::vector<boost::json::value> parsed;
  parsed.reserve(raw_items.size());
  for (const std::string& raw : raw_items) parsed.push_back(boost::json::parse(raw));
  return parsed;
}

boost::json::value RecordingCall::only_item() const {
  if (raw_items.size() != 1) {
    throw std::runtime_error("expected one item, got " + std::to_string(raw_items.size()));
  }
  return boost::json::parse(raw_items.front());
}

RecordingHost::RecordingHost() {
  host_.struct_size = sizeof(conn_host);
  host_.host_data = this;
  host_.name = "test-host";
  host_.version = "0.0.0";
  host_.log = [](const conn_host* h, conn_log_level level, conn_str message) {
    RecordingHost& me = self(h);
    const std::lock_guard lock(me.mutex_);
    me.logs_.emplace_back(level, text(message));
    me.events_.push_back("log:" + text(message));
  };
  host_.store_secret = [](const conn_host* h, conn_str key, conn_str value) -> conn_status {
    RecordingHost& me = self(h);
    if (me.refuse_store) return CONN_INTERNAL;
    {
      const std::lock_guard lock(me.mutex_);
      me.secrets_[text(key)] = text(value);
      me.events_.push_back("store:" + text(key) + "=" + text(value));
    }
    if (me.on_store) me.on_store();
    return CONN_OK;
  };
  host_.add_to_counter = [](const conn_host* h, conn_str name, conn_str labels_json, double delta) {
    RecordingHost& me = self(h);
    const std::lock_guard lock(me.mutex_);
    me.counters_[text(name) + text(labels_json)] += delta;
  };
}

std::vector<std::pair<conn_log_level, std::string>> RecordingHost::logs() const {
  const std::lock_guard lock(mutex_);
  return logs_;
}

std::vector<std::string> RecordingHost::log_lines() const {
  const std::lock_guard lock(mutex_);
  std::vector<std::string> lines;
  for (const auto& [level, line] : logs_) lines.push_back(line);
  return lines;
}

std::map<std::string, std::string> RecordingHost::secrets() const {
  const std::lock_guard lock(mutex_);
  return secrets_;
}

std::map<std::string, double> RecordingHost::counters() const {
  const std::lock_guard lock(mutex_);
  return counters_;
}

std::vector<std::string> RecordingHost::events() const {
  const std::lock_guard lock(mutex_);
  return events_;
}

}  // namespace test_support
