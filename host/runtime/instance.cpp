#include "runtime/instance.hpp"

#include <connector/descriptor.h>
#include <connector/version.h>

#include <boost/json/serialize.hpp>

#include <optional>

#include "runtime/call_error.hpp"
#include "runtime/interrupt.hpp"

namespace connector::host::runtime {
namespace {

conn_str to_conn(std::string_view s) noexcept { return conn_str{s.data(), s.size()}; }

// A member of the plugin table, or nullptr when it lies beyond the plugin's
// struct_size (the plugin was built against an older minor) or is NULL.
#define PLUGIN_OPERATION(table, member) \
  (CONN_HAS_MEMBER(&(table), conn_plugin, member) ? (table).member : nullptr)

}  // namespace

std::string_view operation_name(ListOperation operation) noexcept {
  switch (operation) {
    case ListOperation::resources:
      return "list_resources";
    case ListOperation::entitlements:
      return "list_entitlements";
    case ListOperation::grants:
      return "list_grants";
  }
  return "list";
}

Instance::Instance(std::shared_ptr<const loader::PluginLibrary> plugin, std::string connector_id,
                   InstanceEnvironment environment)
    : plugin_(std::move(plugin)),
      connector_id_(std::move(connector_id)),
      environment_(std::move(environment)),
      services_(std::make_unique<HostServices>(
          connector_id_, environment_.logger, *environment_.secrets, *environment_.redactor,
          environment_.counters, plugin_->descriptor().config_schema.secret_fields())) {
  if (!plugin_->descriptor().has_capability(CONN_CAP_CONCURRENT)) {
    serial_calls_ = std::make_unique<std::mutex>();
  }
}

std::unique_ptr<Instance> Instance::create(std::shared_ptr<const loader::PluginLibrary> plugin,
                                           std::string connector_id, boost::json::object config,
                                           InstanceEnvironment environment) {
  // A value the plugin rotated in an earlier run replaces the manifest's: only fields
  // its schema marks secret are taken (SecretStore), so the file cannot redirect the
  // connector (a planted "base_url").
  const auto& secret_fields = plugin->descriptor().config_schema.secret_fields();
  for (const auto& [key, value] : environment.secrets->read(connector_id, secret_fields)) {
    environment.redactor->add(value);
    config[key] = value;
  }
  std::unique_ptr<Instance> instance(
      new Instance(std::move(plugin), std::move(connector_id), std::move(environment)));
  if (const int signal = interrupt_signal(); signal != 0) throw interrupted_error(signal);
  const std::string config_json = boost::json::serialize(config);
  CallContext context(instance->plugin_->id(), "create", {}, instance->environment_.deadline);
  instance->handle_ = instance->plugin_->table().create(instance->services_->raw(),
                                                        to_conn(config_json), context.raw());
  if (instance->handle_ == nullptr) {
    context.finish(context.reported_status());  // throws: no instance to go on with
    throw PluginCallError(instance->plugin_->id(), CONN_INTERNAL, "create returned NULL");
  }
  return instance;
}

Instance::~Instance() {
  if (handle_ != nullptr) plugin_->table().destroy(handle_);
}

template <class Operation, class... Args>
CallContext& Instance::call(std::string_view name, Operation op, CallContext& context,
                            Args... args) {
  if (op == nullptr) {
    throw PluginCallError(plugin_->id(), CONN_UNIMPLEMENTED,
                          "the plugin does not support " + std::string(name));
  }
  if (const int signal = interrupt_signal(); signal != 0) throw interrupted_error(signal);
  if (environment_.logger)
    environment_.logger->debug("connector '{}': calling {}", connector_id_, name);
  std::optional<std::lock_guard<std::mutex>> serial;
  if (serial_calls_) serial.emplace(*serial_calls_);
  const conn_status status = op(handle_, context.raw(), args...);
  context.finish(status);
  return context;
}

void Instance::validate(const ItemSink& sink) {
  CallContext context(plugin_->id(), "validate", sink, environment_.deadline);
  call("validate", PLUGIN_OPERATION(plugin_->table(), validate), context);
}

void Instance::list_resource_types(const ItemSink& sink) {
  CallContext context(plugin_->id(), "list_resource_types", sink, environment_.deadline);
  call("list_resource_types", PLUGIN_OPERATION(plugin_->table(), list_resource_types), context);
}

std::string Instance::list_page(ListOperation operation, const ListQuery& query,
                                std::string_view page_token, const ItemSink& sink) {
  const conn_plugin& table = plugin_->table();
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
  CallContext context(plugin_->id(), name, sink, environment_.deadline);
  return call(name, op, context, &request).next_page_token();
}

void Instance::grant(std::string_view entitlement_id, std::string_view principal_id, bool dry_run,
                     const ItemSink& sink) {
  const conn_grant_request request{sizeof(conn_grant_request), to_conn(entitlement_id),
                                   to_conn(principal_id), dry_run ? 1 : 0};
  CallContext context(plugin_->id(), "grant", sink, environment_.deadline);
  call("grant", PLUGIN_OPERATION(plugin_->table(), grant), context, &request);
}

void Instance::revoke(std::string_view entitlement_id, std::string_view principal_id, bool dry_run,
                      const ItemSink& sink) {
  const conn_grant_request request{sizeof(conn_grant_request), to_conn(entitlement_id),
                                   to_conn(principal_id), dry_run ? 1 : 0};
  CallContext context(plugin_->id(), "revoke", sink, environment_.deadline);
  call("revoke", PLUGIN_OPERATION(plugin_->table(), revoke), context, &request);
}

void Instance::create_account(std::string_view resource_type, std::string_view profile_json,
                              bool dry_run, const ItemSink& sink) {
  const conn_account_request request{sizeof(conn_account_request), to_conn(resource_type),
                                     to_conn(profile_json), conn_str{}, dry_run ? 1 : 0};
  CallContext context(plugin_->id(), "create_account", sink, environment_.deadline);
  call("create_account", PLUGIN_OPERATION(plugin_->table(), create_account), context, &request);
}

void Instance::delete_account(std::string_view resource_id, bool dry_run, const ItemSink& sink) {
  const conn_account_request request{sizeof(conn_account_request), conn_str{}, conn_str{},
                                     to_conn(resource_id), dry_run ? 1 : 0};
  CallContext context(plugin_->id(), "delete_account", sink, environment_.deadline);
  call("delete_account", PLUGIN_OPERATION(plugin_->table(), delete_account), context, &request);
}

void Instance::get_operation(std::string_view operation_json, const ItemSink& sink) {
  const conn_operation_request request{sizeof(conn_operation_request), to_conn(operation_json)};
  CallContext context(plugin_->id(), "get_operation", sink, environment_.deadline);
  call("get_operation", PLUGIN_OPERATION(plugin_->table(), get_operation), context, &request);
}

void Instance::end_walk(std::string_view walk_id) noexcept {
  const auto end = PLUGIN_OPERATION(plugin_->table(), end_walk);
  if (end == nullptr || walk_id.empty()) return;
  try {
    if (environment_.logger)
      environment_.logger->debug("connector '{}': calling end_walk", connector_id_);
    // Serialised like every other call for a plugin without "concurrent-calls".
    std::optional<std::lock_guard<std::mutex>> serial;
    if (serial_calls_) serial.emplace(*serial_calls_);
    end(handle_, to_conn(walk_id));
  } catch (const std::exception&) {  // a failed lock or log line: the plugin frees at destroy
  }
}

}  // namespace connector::host::runtime
