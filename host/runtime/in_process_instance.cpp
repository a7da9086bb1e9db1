#include "runtime/in_process_instance.hpp"

#include <connector/descriptor.h>
#include <connector/version.h>

#include <boost/json/serialize.hpp>

#include <optional>

#include "loader/plugin_operation.hpp"
#include "runtime/call_error.hpp"
#include "runtime/interrupt.hpp"

namespace connector::host::runtime {
namespace {

conn_str to_conn(std::string_view s) noexcept { return conn_str{s.data(), s.size()}; }

}  // namespace

InProcessInstance::InProcessInstance(std::shared_ptr<const loader::PluginLibrary> plugin,
                                     std::string connector_id, InstanceEnvironment environment)
    : Instance(std::move(plugin), std::move(connector_id)),
      environment_(std::move(environment)),
      services_(std::make_unique<HostServices>(
          this->connector_id(), environment_.logger, *environment_.secrets, *environment_.redactor,
          environment_.counters, this->plugin().descriptor().config_schema.secret_fields())) {
  if (!this->plugin().descriptor().has_capability(CONN_CAP_CONCURRENT)) {
    serial_calls_ = std::make_unique<std::mutex>();
  }
}

std::unique_ptr<InProcessInstance> InProcessInstance::create(
    std::shared_ptr<const loader::PluginLibrary> plugin, std::string connector_id,
    boost::json::object config, InstanceEnvironment environment) {
  config = with_stored_secrets(*plugin, std::move(config), connector_id, environment);
  std::unique_ptr<InProcessInstance> instance(
      new InProcessInstance(std::move(plugin), std::move(connector_id), std::move(environment)));
  if (const int signal = interrupt_signal(); signal != 0) throw interrupted_error(signal);
  const std::string config_json = boost::json::serialize(config);
  const loader::PluginLibrary& library = instance->plugin();
  CallContext context(library.id(), "create", {}, instance->environment_.deadline);
  instance->handle_ =
      library.table().create(instance->services_->raw(), to_conn(config_json), context.raw());
  if (instance->handle_ == nullptr) {
    context.finish(context.reported_status());  // throws: no instance to go on with
    throw PluginCallError(library.id(), CONN_INTERNAL, "create returned NULL");
  }
  return instance;
}

InProcessInstance::~InProcessInstance() {
  if (handle_ != nullptr) plugin().table().destroy(handle_);
}

IsolationReport InProcessInstance::isolation() const {
  return {"in-process", false,
          "none: the plugin runs inside the host and can read and write what the host can",
          "none: the plugin shares the host's memory, CPU and open files"};
}

template <class Operation, class... Args>
CallContext& InProcessInstance::call(std::string_view name, Operation op, CallContext& context,
                                     Args... args) {
  if (op == nullptr) {
    throw PluginCallError(plugin().id(), CONN_UNIMPLEMENTED,
                          "the plugin does not support " + std::string(name));
  }
  if (const int signal = interrupt_signal(); signal != 0) throw interrupted_error(signal);
  if (environment_.logger)
    environment_.logger->debug("connector '{}': calling {}", connector_id(), name);
  std::optional<std::lock_guard<std::mutex>> serial;
  if (serial_calls_) serial.emplace(*serial_calls_);
  const conn_status status = op(handle_, context.raw(), args...);
  context.finish(status);
  return context;
}

void InProcessInstance::validate(const ItemSink& sink) {
  CallContext context(plugin().id(), "validate", sink, environment_.deadline);
  call("validate", PLUGIN_OPERATION(plugin().table(), validate), context);
}

void InProcessInstance::list_resource_types(const ItemSink& sink) {
  CallContext context(plugin().id(), "list_resource_types", sink, environment_.deadline);
  call("list_resource_types", PLUGIN_OPERATION(plugin().table(), list_resource_types), context);
}

std::string InProcessInstance::list_page(ListOperation operation, const ListQuery& query,
                                         std::string_view page_token, const ItemSink& sink) {
  return list_page_into(operation, query, page_token, sink);
}

std::string InProcessInstance::list_page(ListOperation operation, const ListQuery& query,
                                         std::string_view page_token, const ItemTextSink& sink) {
  return list_page_into(operation, query, page_token, sink);
}

template <class Sink>
std::string InProcessInstance::list_page_into(ListOperation operation, const ListQuery& query,
                                              std::string_view page_token, const Sink& sink) {
  const conn_plugin& table = plugin().table();
  decltype(table.list_resources) op = nullptr;
  switch (operation) {
    case ListOperation::resources:
      op = PLUGIN_OPERATION(table, list_resources);
      break;
    case ListOperation::entitlements:
      op = PLUGIN_OPERATION(table, list_entitlements);
      break;
    case ListOperation::grants:
      op = PLUGIN_OPERATION(table, list_grants);
      break;
  }
  conn_list_request request{};
  request.struct_size = sizeof(request);
  request.resource_type = to_conn(query.resource_type);
  request.resource_id = to_conn(query.resource_id);
  request.page_token = to_conn(page_token);
  request.page_size = query.page_size;
  request.walk_id = to_conn(query.walk_id);
  const std::string_view name = operation_name(operation);
  CallContext context(plugin().id(), name, sink, environment_.deadline);
  return call(name, op, context, &request).next_page_token();
}

void InProcessInstance::grant(std::string_view entitlement_id, std::string_view principal_id,
                              bool dry_run, const ItemSink& sink) {
  const conn_grant_request request{sizeof(conn_grant_request), to_conn(entitlement_id),
                                   to_conn(principal_id), dry_run ? 1 : 0};
  CallContext context(plugin().id(), "grant", sink, environment_.deadline);
  call("grant", PLUGIN_OPERATION(plugin().table(), grant), context, &request);
}

void InProcessInstance::revoke(std::string_view entitlement_id, std::string_view principal_id,
                               bool dry_run, const ItemSink& sink) {
  const conn_grant_request request{sizeof(conn_grant_request), to_conn(entitlement_id),
                                   to_conn(principal_id), dry_run ? 1 : 0};
  CallContext context(plugin().id(), "revoke", sink, environment_.deadline);
  call("revoke", PLUGIN_OPERATION(plugin().table(), revoke), context, &request);
}

void InProcessInstance::create_account(std::string_view resource_type,
                                       std::string_view profile_json, bool dry_run,
                                       const ItemSink& sink) {
  const conn_account_request request{sizeof(conn_account_request), to_conn(resource_type),
                                     to_conn(profile_json), conn_str{}, dry_run ? 1 : 0};
  CallContext context(plugin().id(), "create_account", sink, environment_.deadline);
  call("create_account", PLUGIN_OPERATION(plugin().table(), create_account), context, &request);
}

void InProcessInstance::delete_account(std::string_view resource_id, bool dry_run,
                                       const ItemSink& sink) {
  const conn_account_request request{sizeof(conn_account_request), conn_str{}, conn_str{},
                                     to_conn(resource_id), dry_run ? 1 : 0};
  CallContext context(plugin().id(), "delete_account", sink, environment_.deadline);
  call("delete_account", PLUGIN_OPERATION(plugin().table(), delete_account), context, &request);
}

void InProcessInstance::get_operation(std::string_view operation_json, const ItemSink& sink) {
  const conn_operation_request request{sizeof(conn_operation_request), to_conn(operation_json)};
  CallContext context(plugin().id(), "get_operation", sink, environment_.deadline);
  call("get_operation", PLUGIN_OPERATION(plugin().table(), get_operation), context, &request);
}

void InProcessInstance::end_walk(std::string_view walk_id) noexcept {
  const auto end = PLUGIN_OPERATION(plugin().table(), end_walk);
  if (end == nullptr || walk_id.empty()) return;
  try {
    if (environment_.logger)
      environment_.logger->debug("connector '{}': calling end_walk", connector_id());
    // Serialised like every other call for a plugin without "concurrent-calls".
    std::optional<std::lock_guard<std::mutex>> serial;
    if (serial_calls_) serial.emplace(*serial_calls_);
    end(handle_, to_conn(walk_id));
  } catch (const std::exception&) {  // a failed lock or log line: the plugin frees at destroy
  }
}

}  // namespace connector::host::runtime
