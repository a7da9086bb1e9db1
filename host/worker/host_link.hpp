// The worker's connection to connector-host: one socket, written by whichever thread
// has something to say (the call's items and result, the plugin's log lines,
// counters and secrets), read by a thread of its own that hands calls to the main
// thread and acks, cancels and answers to whoever waits for them.
//
// When the host goes away (end of stream, a broken frame) the worker exits at once:
// there is nobody left to report to, and a plugin must not run on unattended.
#pragma once

#include <connector/status.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string_view>

#include "worker_protocol/frame.hpp"
#include "worker_protocol/messages.hpp"

namespace connector::host::worker {

class WorkerCall;

class HostLink {
 public:
  explicit HostLink(int socket) : socket_(socket) {}
  HostLink(const HostLink&) = delete;
  HostLink& operator=(const HostLink&) = delete;

  // Sends one whole frame. [thread-safe]
  void send(std::string_view frame);
  template <class Message>
  void send(worker_protocol::MessageType type, const Message& message) {
    worker_protocol::FrameWriter frame(type);
    encode(frame, message);
    send(frame.finish());
  }

  // Starts the reading thread (detached: the worker ends with _exit).
  void start_reading();

  // The next call the host asks for; blocks until it comes. [main thread]
  worker_protocol::CallRequest next_call();

  // Sends acks and cancels naming `call` to it from now on; nullptr between calls.
  // A cancel that came for the call before this (while it waited in the queue, or
  // between next_call() and here) is passed on now. [main thread]
  void attend(WorkerCall* call);

  // conn_host.store_secret: asks the host and waits for its answer. [thread-safe]
  conn_status store_secret(std::string_view key, std::string_view value);

 private:
  void read_frames();  // the reading thread's loop
  void dispatch(const worker_protocol::Frame& frame);

  const int socket_;
  std::mutex send_mutex_;  // one frame at a time on the socket

  std::mutex state_mutex_;  // everything below
  std::condition_variable state_changed_;
  std::deque<worker_protocol::CallRequest> calls_;
  WorkerCall* attended_ = nullptr;
  // The host numbers its calls 1, 2, 3... and a worker serves them in that order. A
  // cancel for a call newer than the last one attended waits here for attend(); one
  // for an older call crossed that call's result on the way and is for no call.
  std::uint64_t last_attended_ = 0;
  std::set<std::uint64_t> early_cancels_;
  std::uint64_t last_secret_request_ = 0;
  std::map<std::uint64_t, conn_status> secret_answers_;
};

// Ends the worker at once with `status`: the host is gone (0) or broke the protocol
// (70). `why`, when not empty, goes to stderr, which the worker shares with the host.
[[noreturn]] void leave(int status, std::string_view why = {}) noexcept;

}  // namespace connector::host::worker
