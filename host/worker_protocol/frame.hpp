// One frame of the host-worker protocol (docs/worker-protocol.md): an 8-byte header
// (payload size, message type) and a payload of fields written one after the other.
//
// Fields are fixed-size integers and doubles in the machine's byte order, and
// strings as a u32 length then the bytes. Both ends run on the same machine and
// come from the same build (the worker refuses another protocol version at start),
// so there is nothing to convert. A reader checks every length against what is
// left of the payload: a short or oversized frame is a ProtocolError, never a read
// past the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace connector::host::worker_protocol {

// Bumped on any change to a message's fields; the worker states it in `ready`.
inline constexpr std::uint32_t protocol_version = 1;

inline constexpr std::size_t header_size = 8;
// One frame's payload; an item larger than this cannot cross (the worker fails the
// call instead), and a peer announcing more is broken.
inline constexpr std::size_t max_payload_size = std::size_t{64} << 20;

enum class MessageType : std::uint16_t {
  // worker -> host
  ready = 1,           // the plugin is loaded, the sandbox and limits are in place
  startup_failed = 2,  // why the worker could not get that far; it exits next
  items = 3,           // a batch of items one call emitted
  call_result = 4,     // the call returned: its status, failure, next page token
  log = 5,             // conn_host.log
  store_secret = 6,    // conn_host.store_secret; the host answers secret_stored
  add_to_counter = 7,  // conn_host.add_to_counter
  // host -> worker
  call = 101,           // run one operation (create and destroy included)
  cancel = 102,         // make conn_call.cancelled() true for that call
  items_ack = 103,      // one items batch was taken in; whether to go on
  secret_stored = 104,  // the answer to store_secret
};

// Is `type` one of the types above?
bool is_message_type(std::uint16_t type) noexcept;

// The peer broke the protocol: a frame too short for its fields, too long, of an
// unknown type, or out of turn.
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A received frame: its type and payload (borrowed from the buffer it was cut from).
struct Frame {
  MessageType type;
  std::string_view payload;
};

// Builds one frame: the header, then each field in the order the message defines.
class FrameWriter {
 public:
  explicit FrameWriter(MessageType type) { reset(type); }

  // Starts a new frame of `type`, keeping the buffer's capacity.
  void reset(MessageType type);

  FrameWriter& u8(std::uint8_t value) { return raw(&value, sizeof value); }
  FrameWriter& u32(std::uint32_t value) { return raw(&value, sizeof value); }
  FrameWriter& i32(std::int32_t value) { return raw(&value, sizeof value); }
  FrameWriter& u64(std::uint64_t value) { return raw(&value, sizeof value); }
  FrameWriter& i64(std::int64_t value) { return raw(&value, sizeof value); }
  FrameWriter& f64(double value) { return raw(&value, sizeof value); }
  FrameWriter& boolean(bool value) { return u8(value ? 1 : 0); }
  FrameWriter& str(std::string_view value);

  // Overwrites the u32 field written at payload offset `offset` (a count known only
  // once the fields after it are written).
  void patch_u32(std::size_t offset, std::uint32_t value);

  std::size_t payload_size() const noexcept { return bytes_.size() - header_size; }

  // The whole frame, header filled in. Throws ProtocolError when the payload is
  // larger than max_payload_size.
  std::string_view finish();

 private:
  FrameWriter& raw(const void* data, std::size_t size);

  std::string bytes_;
};

// Reads the fields of one payload in order.
class FrameReader {
 public:
  explicit FrameReader(const Frame& frame) : type_(frame.type), rest_(frame.payload) {}

  MessageType type() const noexcept { return type_; }

  std::uint8_t u8() { return raw<std::uint8_t>(); }
  std::uint32_t u32() { return raw<std::uint32_t>(); }
  std::int32_t i32() { return raw<std::int32_t>(); }
  std::uint64_t u64() { return raw<std::uint64_t>(); }
  std::int64_t i64() { return raw<std::int64_t>(); }
  double f64() { return raw<double>(); }
  bool boolean() { return u8() != 0; }
  // Borrowed from the frame's buffer.
  std::string_view str();

  // Throws ProtocolError when bytes are left: a frame longer than its message.
  void expect_end() const;

 private:
  template <class T>
  T raw() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, rest_.data(), sizeof(T));
    rest_.remove_prefix(sizeof(T));
    return value;
  }
  void need(std::size_t size) const;

  MessageType type_;
  std::string_view rest_;
};

// The header's fields, read from its first header_size bytes. Throws ProtocolError
// for an unknown type or a payload larger than max_payload_size.
struct FrameHeader {
  std::uint32_t payload_size;
  MessageType type;
};
FrameHeader read_header(const char* bytes);

}  // namespace connector::host::worker_protocol
