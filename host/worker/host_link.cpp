#include "worker/host_link.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <thread>

#include "worker/worker_call.hpp"
#include "worker_protocol/socket_io.hpp"

namespace connector::host::worker {

namespace protocol = worker_protocol;

void leave(int status, std::string_view why) noexcept {
  if (!why.empty())
    std::fprintf(stderr, "connector-worker: %.*s\n", static_cast<int>(why.size()), why.data());
  ::_exit(status);
}

void HostLink::send(std::string_view frame) {
  const std::lock_guard<std::mutex> lock(send_mutex_);
  try {
    protocol::send_all(socket_, frame);
  } catch (const std::exception&) {
    leave(0);  // the host closed its end: it ended this worker, or ended itself
  }
}

void HostLink::start_reading() {
  std::thread([this] { read_frames(); }).detach();
}

void HostLink::read_frames() {
  protocol::FrameBuffer buffer;
  try {
    for (;;) {
      if (!buffer.read_from(socket_)) leave(0);
      while (const auto frame = buffer.next()) dispatch(*frame);
    }
  } catch (const protocol::ProtocolError& e) {
    leave(70, std::string("the host broke the protocol: ") + e.what());
  } catch (const std::exception&) {
    leave(0);  // the connection failed: the host is gone
  }
}

void HostLink::dispatch(const protocol::Frame& frame) {
  protocol::FrameReader in(frame);
  switch (frame.type) {
    case protocol::MessageType::call: {
      protocol::CallRequest request = protocol::decode_call_request(in);
      const std::lock_guard<std::mutex> lock(state_mutex_);
      calls_.push_back(std::move(request));
      state_changed_.notify_all();
      return;
    }
    case protocol::MessageType::cancel: {
      const protocol::Cancel cancel = protocol::decode_cancel(in);
      const std::lock_guard<std::mutex> lock(state_mutex_);
      if (attended_ != nullptr && attended_->id() == cancel.call_id) {
        attended_->cancel();
      } else if (cancel.call_id > last_attended_) {
        // Not taken up yet: a signal the host got just after sending the call.
        // Dropped, the plugin would block until the host ended the worker.
        early_cancels_.insert(cancel.call_id);
      }
      return;
    }
    case protocol::MessageType::items_ack: {
      const protocol::ItemsAck ack = protocol::decode_items_ack(in);
      const std::lock_guard<std::mutex> lock(state_mutex_);
      if (attended_ != nullptr && attended_->id() == ack.call_id) attended_->acknowledge(ack.go_on);
      return;
    }
    case protocol::MessageType::secret_stored: {
      const protocol::SecretStored answer = protocol::decode_secret_stored(in);
      const std::lock_guard<std::mutex> lock(state_mutex_);
      secret_answers_[answer.request_id] = answer.status;
      state_changed_.notify_all();
      return;
    }
    default:
      throw protocol::ProtocolError("message type " + std::to_string(static_cast<int>(frame.type)) +
                                    " is not one the host sends");
  }
}

protocol::CallRequest HostLink::next_call() {
  std::unique_lock<std::mutex> lock(state_mutex_);
  state_changed_.wait(lock, [&] { return !calls_.empty(); });
  protocol::CallRequest request = std::move(calls_.front());
  calls_.pop_front();
  return request;
}

void HostLink::attend(WorkerCall* call) {
  const std::lock_guard<std::mutex> lock(state_mutex_);
  attended_ = call;
  if (call == nullptr) return;
  last_attended_ = std::max(last_attended_, call->id());
  if (early_cancels_.count(call->id()) != 0) call->cancel();
  early_cancels_.erase(early_cancels_.begin(), early_cancels_.upper_bound(last_attended_));
}

conn_status HostLink::store_secret(std::string_view key, std::string_view value) {
  std::uint64_t request_id = 0;
  {
    const std::lock_guard<std::mutex> lock(state_mutex_);
    request_id = ++last_secret_request_;
  }
  send(protocol::MessageType::store_secret,
       protocol::StoreSecret{request_id, std::string(key), std::string(value)});
  std::unique_lock<std::mutex> lock(state_mutex_);
  state_changed_.wait(lock, [&] { return secret_answers_.count(request_id) != 0; });
  const conn_status status = secret_answers_[request_id];
  secret_answers_.erase(request_id);
  return status;
}

}  // namespace connector::host::worker
