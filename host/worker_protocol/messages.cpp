#include "worker_protocol/messages.hpp"

namespace connector::host::worker_protocol {

std::string_view operation_name(Operation operation) noexcept {
  switch (operation) {
    case Operation::create:
      return "create";
    case Operation::destroy:
      return "destroy";
    case Operation::validate:
      return "validate";
    case Operation::list_resource_types:
      return "list_resource_types";
    case Operation::list_resources:
      return "list_resources";
    case Operation::list_entitlements:
      return "list_entitlements";
    case Operation::list_grants:
      return "list_grants";
    case Operation::grant:
      return "grant";
    case Operation::revoke:
      return "revoke";
    case Operation::create_account:
      return "create_account";
    case Operation::delete_account:
      return "delete_account";
    case Operation::get_operation:
      return "get_operation";
    case Operation::end_walk:
      return "end_walk";
  }
  return "unknown operation";
}

namespace {

Operation to_operation(std::uint8_t code) {
  if (code < static_cast<std::uint8_t>(Operation::create) ||
      code > static_cast<std::uint8_t>(Operation::end_walk)) {
    throw ProtocolError("unknown operation " + std::to_string(code));
  }
  return static_cast<Operation>(code);
}

}  // namespace

void encode(FrameWriter& out, const CallRequest& request) {
  out.u64(request.call_id)
      .u8(static_cast<std::uint8_t>(request.operation))
      .i64(request.remaining_ms)
      .str(request.config_json)
      .str(request.resource_type)
      .str(request.resource_id)
      .str(request.page_token)
      .str(request.walk_id)
      .u32(request.page_size)
      .str(request.entitlement_id)
      .str(request.principal_id)
      .str(request.profile_json)
      .str(request.operation_json)
      .boolean(request.dry_run);
}

CallRequest decode_call_request(FrameReader& in) {
  CallRequest request;
  request.call_id = in.u64();
  request.operation = to_operation(in.u8());
  request.remaining_ms = in.i64();
  request.config_json = in.str();
  request.resource_type = in.str();
  request.resource_id = in.str();
  request.page_token = in.str();
  request.walk_id = in.str();
  request.page_size = in.u32();
  request.entitlement_id = in.str();
  request.principal_id = in.str();
  request.profile_json = in.str();
  request.operation_json = in.str();
  request.dry_run = in.boolean();
  in.expect_end();
  return request;
}

void encode(FrameWriter& out, const CallResult& result) {
  out.u64(result.call_id)
      .i32(result.status)
      .boolean(result.failed)
      .i32(result.fail_status)
      .str(result.fail_message)
      .str(result.fail_details)
      .boolean(result.has_next_page)
      .str(result.next_page)
      .boolean(result.out_of_memory)
      .str(result.worker_error);
}

CallResult decode_call_result(FrameReader& in) {
  CallResult result;
  result.call_id = in.u64();
  result.status = in.i32();
  result.failed = in.boolean();
  result.fail_status = in.i32();
  result.fail_message = in.str();
  result.fail_details = in.str();
  result.has_next_page = in.boolean();
  result.next_page = in.str();
  result.out_of_memory = in.boolean();
  result.worker_error = in.str();
  in.expect_end();
  return result;
}

void encode(FrameWriter& out, const Ready& ready) {
  out.u32(ready.protocol)
      .str(ready.plugin_id)
      .str(ready.plugin_version)
      .boolean(ready.sandboxed)
      .str(ready.sandbox)
      .str(ready.limits);
}

Ready decode_ready(FrameReader& in) {
  Ready ready;
  ready.protocol = in.u32();
  if (ready.protocol != protocol_version) {
    // The rest may be laid out differently: stop before reading it.
    throw ProtocolError("the worker speaks protocol " + std::to_string(ready.protocol) +
                        ", the host " + std::to_string(protocol_version));
  }
  ready.plugin_id = in.str();
  ready.plugin_version = in.str();
  ready.sandboxed = in.boolean();
  ready.sandbox = in.str();
  ready.limits = in.str();
  in.expect_end();
  return ready;
}

void encode(FrameWriter& out, const StartupFailed& failure) { out.str(failure.reason); }

StartupFailed decode_startup_failed(FrameReader& in) {
  StartupFailed failure{std::string(in.str())};
  in.expect_end();
  return failure;
}

void encode(FrameWriter& out, const LogLine& line) { out.i32(line.level).str(line.message); }

LogLine decode_log_line(FrameReader& in) {
  LogLine line;
  line.level = in.i32();
  line.message = in.str();
  in.expect_end();
  return line;
}

void encode(FrameWriter& out, const StoreSecret& request) {
  out.u64(request.request_id).str(request.key).str(request.value);
}

StoreSecret decode_store_secret(FrameReader& in) {
  StoreSecret request;
  request.request_id = in.u64();
  request.key = in.str();
  request.value = in.str();
  in.expect_end();
  return request;
}

void encode(FrameWriter& out, const SecretStored& answer) {
  out.u64(answer.request_id).i32(answer.status);
}

SecretStored decode_secret_stored(FrameReader& in) {
  SecretStored answer;
  answer.request_id = in.u64();
  answer.status = in.i32();
  in.expect_end();
  return answer;
}

void encode(FrameWriter& out, const CounterIncrement& increment) {
  out.str(increment.name).str(increment.labels_json).f64(increment.delta);
}

CounterIncrement decode_counter_increment(FrameReader& in) {
  CounterIncrement increment;
  increment.name = in.str();
  increment.labels_json = in.str();
  increment.delta = in.f64();
  in.expect_end();
  return increment;
}

void encode(FrameWriter& out, const Cancel& cancel) { out.u64(cancel.call_id); }

Cancel decode_cancel(FrameReader& in) {
  Cancel cancel{in.u64()};
  in.expect_end();
  return cancel;
}

void encode(FrameWriter& out, const ItemsAck& ack) { out.u64(ack.call_id).boolean(ack.go_on); }

ItemsAck decode_items_ack(FrameReader& in) {
  ItemsAck ack;
  ack.call_id = in.u64();
  ack.go_on = in.boolean();
  in.expect_end();
  return ack;
}

void ItemsBatch::start(std::uint64_t call_id) {
  frame_.reset(MessageType::items);
  frame_.u64(call_id).u32(0);  // the count, filled in by finish()
  count_ = 0;
}

void ItemsBatch::add(std::string_view item_json) {
  frame_.str(item_json);
  ++count_;
}

std::string_view ItemsBatch::finish() {
  frame_.patch_u32(sizeof(std::uint64_t), count_);
  return frame_.finish();
}

ItemsReader::ItemsReader(const Frame& frame) : in_(frame), call_id_(in_.u64()), count_(in_.u32()) {}

}  // namespace connector::host::worker_protocol
