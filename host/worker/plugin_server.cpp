#include "worker/plugin_server.hpp"

#include <string>

#include "loader/plugin_operation.hpp"
#include "worker/worker_call.hpp"

namespace connector::host::worker {
namespace {

namespace protocol = worker_protocol;
using protocol::Operation;

conn_str to_conn(const std::string& s) noexcept { return conn_str{s.data(), s.size()}; }

// The host checks what the plugin exports before it asks; this answers a host that
// did not, rather than calling through NULL.
std::int32_t unsupported(const WorkerCall& call, Operation operation) {
  const std::string message =
      "the plugin does not support " + std::string(operation_name(operation));
  call.raw()->fail(call.raw(), CONN_UNIMPLEMENTED, to_conn(message), conn_str{});
  return CONN_UNIMPLEMENTED;
}

conn_list_request list_request(const protocol::CallRequest& request) {
  conn_list_request list{};
  list.struct_size = sizeof(list);
  list.resource_type = to_conn(request.resource_type);
  list.resource_id = to_conn(request.resource_id);
  list.page_token = to_conn(request.page_token);
  list.page_size = request.page_size;
  list.walk_id = to_conn(request.walk_id);
  return list;
}

}  // namespace

bool PluginServer::serve(const protocol::CallRequest& request) {
  WorkerCall call(link_, request);
  link_.attend(&call);
  const std::int32_t status = run(request, call);
  // Still attended while the last batch goes: it may wait for the host's acks.
  const protocol::CallResult result = call.finish(status);
  link_.attend(nullptr);
  link_.send(protocol::MessageType::call_result, result);
  return request.operation != Operation::destroy;
}

std::int32_t PluginServer::run(const protocol::CallRequest& request, WorkerCall& call) {
  const conn_plugin& t = table_;
  const Operation operation = request.operation;
  if (operation == Operation::create) {
    if (instance_ == nullptr)
      instance_ = t.create(services_.raw(), to_conn(request.config_json), call.raw());
    return instance_ != nullptr ? CONN_OK : call.failed_create_status();
  }
  if (instance_ == nullptr) {
    // destroy before (or instead of) a successful create: nothing to destroy.
    return operation == Operation::destroy ? CONN_OK : unsupported(call, operation);
  }
  const conn_call* c = call.raw();
  switch (operation) {
    case Operation::create:
      break;
    case Operation::destroy:
      t.destroy(instance_);
      instance_ = nullptr;
      return CONN_OK;
    case Operation::validate: {
      const auto op = PLUGIN_OPERATION(t, validate);
      return op != nullptr ? op(instance_, c) : unsupported(call, operation);
    }
    case Operation::list_resource_types: {
      const auto op = PLUGIN_OPERATION(t, list_resource_types);
      return op != nullptr ? op(instance_, c) : unsupported(call, operation);
    }
    case Operation::list_resources:
    case Operation::list_entitlements:
    case Operation::list_grants: {
      const auto op = operation == Operation::list_resources ? PLUGIN_OPERATION(t, list_resources)
                      : operation == Operation::list_entitlements
                          ? PLUGIN_OPERATION(t, list_entitlements)
                          : PLUGIN_OPERATION(t, list_grants);
      if (op == nullptr) return unsupported(call, operation);
      const conn_list_request list = list_request(request);
      return op(instance_, c, &list);
    }
    case Operation::grant:
    case Operation::revoke: {
      const auto op =
          operation == Operation::grant ? PLUGIN_OPERATION(t, grant) : PLUGIN_OPERATION(t, revoke);
      if (op == nullptr) return unsupported(call, operation);
      const conn_grant_request grant{sizeof(conn_grant_request), to_conn(request.entitlement_id),
                                     to_conn(request.principal_id), request.dry_run ? 1 : 0};
      return op(instance_, c, &grant);
    }
    case Operation::create_account:
    case Operation::delete_account: {
      const auto op = operation == Operation::create_account ? PLUGIN_OPERATION(t, create_account)
                                                             : PLUGIN_OPERATION(t, delete_account);
      if (op == nullptr) return unsupported(call, operation);
      const conn_account_request account{
          sizeof(conn_account_request), to_conn(request.resource_type),
          to_conn(request.profile_json), to_conn(request.resource_id), request.dry_run ? 1 : 0};
      return op(instance_, c, &account);
    }
    case Operation::get_operation: {
      const auto op = PLUGIN_OPERATION(t, get_operation);
      if (op == nullptr) return unsupported(call, operation);
      const conn_operation_request pending{sizeof(conn_operation_request),
                                           to_conn(request.operation_json)};
      return op(instance_, c, &pending);
    }
    case Operation::end_walk: {
      const auto op = PLUGIN_OPERATION(t, end_walk);
      if (op != nullptr) op(instance_, to_conn(request.walk_id));
      return CONN_OK;
    }
  }
  return unsupported(call, operation);
}

}  // namespace connector::host::worker
