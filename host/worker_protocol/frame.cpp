#include "worker_protocol/frame.hpp"

#include <cstring>

namespace connector::host::worker_protocol {

bool is_message_type(std::uint16_t type) noexcept {
  switch (static_cast<MessageType>(type)) {
    case MessageType::ready:
    case MessageType::startup_failed:
    case MessageType::items:
    case MessageType::call_result:
    case MessageType::log:
    case MessageType::store_secret:
    case MessageType::add_to_counter:
    case MessageType::call:
    case MessageType::cancel:
    case MessageType::items_ack:
    case MessageType::secret_stored:
      return true;
  }
  return false;
}

void FrameWriter::reset(MessageType type) {
  bytes_.assign(header_size, '\0');
  const auto code = static_cast<std::uint16_t>(type);
  std::memcpy(bytes_.data() + 4, &code, sizeof code);
}

FrameWriter& FrameWriter::raw(const void* data, std::size_t size) {
  bytes_.append(static_cast<const char*>(data), size);
  return *this;
}

FrameWriter& FrameWriter::str(std::string_view value) {
  if (value.size() > max_payload_size) {
    throw ProtocolError("a string of " + std::to_string(value.size()) +
                        " bytes does not fit in a frame");
  }
  u32(static_cast<std::uint32_t>(value.size()));
  bytes_.append(value.data(), value.size());
  return *this;
}

void FrameWriter::patch_u32(std::size_t offset, std::uint32_t value) {
  std::memcpy(bytes_.data() + header_size + offset, &value, sizeof value);
}

std::string_view FrameWriter::finish() {
  const std::size_t size = payload_size();
  if (size > max_payload_size) {
    throw ProtocolError("a frame of " + std::to_string(size) + " bytes is larger than the " +
                        std::to_string(max_payload_size) + " a frame may carry");
  }
  const auto size32 = static_cast<std::uint32_t>(size);
  std::memcpy(bytes_.data(), &size32, sizeof size32);
  return bytes_;
}

void FrameReader::need(std::size_t size) const {
  if (rest_.size() < size) {
    throw ProtocolError("a frame of type " + std::to_string(static_cast<int>(type_)) +
                        " ended before its fields did");
  }
}

std::string_view FrameReader::str() {
  const std::uint32_t size = u32();
  need(size);
  const std::string_view value = rest_.substr(0, size);
  rest_.remove_prefix(size);
  return value;
}

void FrameReader::expect_end() const {
  if (!rest_.empty()) {
    throw ProtocolError("a frame of type " + std::to_string(static_cast<int>(type_)) + " has " +
                        std::to_string(rest_.size()) + " bytes past its fields");
  }
}

FrameHeader read_header(const char* bytes) {
  std::uint32_t size = 0;
  std::uint16_t type = 0;
  std::memcpy(&size, bytes, sizeof size);
  std::memcpy(&type, bytes + 4, sizeof type);
  if (!is_message_type(type)) throw ProtocolError("unknown message type " + std::to_string(type));
  if (size > max_payload_size) {
    throw ProtocolError("a frame announces " + std::to_string(size) + " bytes (at most " +
                        std::to_string(max_payload_size) + ")");
  }
  return {size, static_cast<MessageType>(type)};
}

}  // namespace connector::host::worker_protocol
