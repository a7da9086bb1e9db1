// Frames over a stream socket: whole writes, and a receive buffer that cuts what
// arrives into frames.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "worker_protocol/frame.hpp"

namespace connector::host::worker_protocol {

// Writes all of `bytes` to `socket`, retrying after EINTR and partial writes.
// MSG_NOSIGNAL: a peer that is gone is an error (EPIPE), not a SIGPIPE. Throws
// std::system_error.
void send_all(int socket, std::string_view bytes);

class FrameBuffer {
 public:
  FrameBuffer();

  // One read(2) into the buffer (blocking until something arrives when the socket
  // blocks). False at the end of the stream. Throws std::system_error on a read
  // error, ProtocolError when a header announces a frame no peer may send.
  bool read_from(int socket);

  // The next whole frame already read, or nullopt when it has not all arrived. Its
  // payload is valid until the next read_from().
  std::optional<Frame> next();

  // True when no byte of an unfinished frame is waiting.
  bool empty() const noexcept { return begin_ == end_; }

 private:
  // Room for at least `size` more bytes after end_, moving the unread part to the
  // front first.
  void make_room(std::size_t size);

  std::vector<char> data_;
  std::size_t begin_ = 0;  // first unread byte
  std::size_t end_ = 0;    // one past the last byte read
};

}  // namespace connector::host::worker_protocol
