#include "worker_protocol/socket_io.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace connector::host::worker_protocol {
namespace {

// What one read asks for at least: many item batches per system call.
constexpr std::size_t read_chunk = 256 * 1024;

}  // namespace

void send_all(int socket, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(socket, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "send to the peer");
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
}

FrameBuffer::FrameBuffer() : data_(read_chunk) {}

void FrameBuffer::make_room(std::size_t size) {
  if (data_.size() - end_ >= size) return;
  if (begin_ > 0) {
    std::memmove(data_.data(), data_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (data_.size() - end_ < size) data_.resize(end_ + size);
}

bool FrameBuffer::read_from(int socket) {
  if (begin_ == end_) begin_ = end_ = 0;
  // A frame whose header has arrived says how much room it needs in one piece.
  std::size_t wanted = read_chunk;
  if (end_ - begin_ >= header_size) {
    const FrameHeader header = read_header(data_.data() + begin_);
    const std::size_t frame = header_size + header.payload_size;
    if (frame > end_ - begin_) wanted = std::max(wanted, frame - (end_ - begin_));
  }
  make_room(wanted);
  for (;;) {
    const ssize_t got = ::read(socket, data_.data() + end_, data_.size() - end_);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "read from the peer");
    }
    end_ += static_cast<std::size_t>(got);
    return got > 0;
  }
}

std::optional<Frame> FrameBuffer::next() {
  if (end_ - begin_ < header_size) return std::nullopt;
  const FrameHeader header = read_header(data_.data() + begin_);
  if (end_ - begin_ < header_size + header.payload_size) return std::nullopt;
  const Frame frame{header.type,
                    std::string_view(data_.data() + begin_ + header_size, header.payload_size)};
  begin_ += header_size + header.payload_size;
  return frame;
}

}  // namespace connector::host::worker_protocol
