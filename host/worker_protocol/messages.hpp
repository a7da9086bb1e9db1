// The messages of the host-worker protocol and their fields, in frame order
// (docs/worker-protocol.md). Each has an encode (into a FrameWriter) and a decode
// (from a FrameReader, which throws ProtocolError on a malformed frame).
//
// Strings a decoded message holds are copies unless its comment says "borrowed";
// items batches are read in place (ItemsReader) so that no item is copied twice.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "worker_protocol/frame.hpp"

namespace connector::host::worker_protocol {

// What a `call` asks the worker to run: a conn_plugin member.
enum class Operation : std::uint8_t {
  create = 1,  // conn_plugin.create with config_json
  destroy,     // conn_plugin.destroy; the worker exits 0 after answering
  validate,
  list_resource_types,
  list_resources,
  list_entitlements,
  list_grants,
  grant,
  revoke,
  create_account,
  delete_account,
  get_operation,
  end_walk,
};

// The conn_plugin member's name, eg: "list_resources".
std::string_view operation_name(Operation operation) noexcept;

// host -> worker. One message for every operation: the fields an operation does not
// use stay empty (a few bytes each), which keeps one encoder and one decoder.
struct CallRequest {
  std::uint64_t call_id = 0;  // increasing per worker; cancel and items name it
  Operation operation = Operation::validate;
  // Milliseconds until the call's deadline when it was sent; -1: none. The worker
  // turns it into its own clock's deadline for conn_call.remaining_ms and cancelled.
  std::int64_t remaining_ms = -1;
  std::string config_json;      // create
  std::string resource_type;    // list_resources, create_account
  std::string resource_id;      // list_entitlements, list_grants, delete_account
  std::string page_token;       // list_*
  std::string walk_id;          // list_*, end_walk
  std::uint32_t page_size = 0;  // list_*
  std::string entitlement_id;   // grant, revoke
  std::string principal_id;     // grant, revoke
  std::string profile_json;     // create_account
  std::string operation_json;   // get_operation
  bool dry_run = false;         // grant, revoke, create_account, delete_account
};
void encode(FrameWriter& out, const CallRequest& request);
CallRequest decode_call_request(FrameReader& in);

// worker -> host, after the plugin's operation returned.
struct CallResult {
  std::uint64_t call_id = 0;
  std::int32_t status = 0;  // what the operation returned (create: OK or the failure)
  bool failed = false;      // fail() was called
  std::int32_t fail_status = 0;
  std::string fail_message;
  std::string fail_details;  // JSON object text or empty
  bool has_next_page = false;
  std::string next_page;
  // The plugin's allocations failed during the call: the worker reached its memory
  // limit. The host ends such a worker.
  bool out_of_memory = false;
  // The worker could not pass on what the plugin did (an item larger than a frame);
  // the call failed for that reason.
  std::string worker_error;
};
void encode(FrameWriter& out, const CallResult& result);
CallResult decode_call_result(FrameReader& in);

// worker -> host, once: the plugin is loaded and the worker is ready for `create`.
struct Ready {
  std::uint32_t protocol = protocol_version;
  std::string plugin_id;
  std::string plugin_version;
  bool sandboxed = false;
  std::string sandbox;  // eg: "Landlock ABI 7: ...", or why there is none
  std::string limits;   // eg: "memory 512 MiB, CPU 600 s, 256 open files"
};
void encode(FrameWriter& out, const Ready& ready);
Ready decode_ready(FrameReader& in);

// worker -> host, instead of Ready, just before exiting.
struct StartupFailed {
  std::string reason;
};
void encode(FrameWriter& out, const StartupFailed& failure);
StartupFailed decode_startup_failed(FrameReader& in);

// worker -> host: conn_host.log.
struct LogLine {
  std::int32_t level = 0;  // a conn_log_level
  std::string message;
};
void encode(FrameWriter& out, const LogLine& line);
LogLine decode_log_line(FrameReader& in);

// worker -> host: conn_host.store_secret; the plugin waits for SecretStored.
struct StoreSecret {
  std::uint64_t request_id = 0;
  std::string key;
  std::string value;
};
void encode(FrameWriter& out, const StoreSecret& request);
StoreSecret decode_store_secret(FrameReader& in);

// host -> worker: the answer to StoreSecret.
struct SecretStored {
  std::uint64_t request_id = 0;
  std::int32_t status = 0;  // a conn_status
};
void encode(FrameWriter& out, const SecretStored& answer);
SecretStored decode_secret_stored(FrameReader& in);

// worker -> host: conn_host.add_to_counter.
struct CounterIncrement {
  std::string name;
  std::string labels_json;
  double delta = 0;
};
void encode(FrameWriter& out, const CounterIncrement& increment);
CounterIncrement decode_counter_increment(FrameReader& in);

// host -> worker: make the call's cancelled() true. A cancel for a call that has
// already returned is ignored.
struct Cancel {
  std::uint64_t call_id = 0;
};
void encode(FrameWriter& out, const Cancel& cancel);
Cancel decode_cancel(FrameReader& in);

// host -> worker: one items batch was taken in. go_on false: the host wants no more
// items of this call, so emit() returns 0 from now on.
struct ItemsAck {
  std::uint64_t call_id = 0;
  bool go_on = true;
};
void encode(FrameWriter& out, const ItemsAck& ack);
ItemsAck decode_items_ack(FrameReader& in);

// worker -> host: a batch of items, built in place: start() writes the call id and
// a count placeholder, add() appends an item, finish() fills in the count.
class ItemsBatch {
 public:
  ItemsBatch() : frame_(MessageType::items) {}
  void start(std::uint64_t call_id);
  void add(std::string_view item_json);
  std::uint32_t count() const noexcept { return count_; }
  std::size_t payload_size() const noexcept { return frame_.payload_size(); }
  std::string_view finish();

 private:
  FrameWriter frame_;
  std::uint32_t count_ = 0;
};

// Reads a received batch's items one by one (each borrowed from the frame).
class ItemsReader {
 public:
  explicit ItemsReader(const Frame& frame);
  std::uint64_t call_id() const noexcept { return call_id_; }
  std::uint32_t count() const noexcept { return count_; }
  // The next item; call count() times.
  std::string_view next() { return in_.str(); }
  void expect_end() const { in_.expect_end(); }

 private:
  FrameReader in_;
  std::uint64_t call_id_;
  std::uint32_t count_;
};

}  // namespace connector::host::worker_protocol
