// A connector whose plugin runs inside the host process: the plugin library loaded
// here, called directly through the C ABI.
//
// The fastest way to call a plugin, and the one to debug it with, but the plugin
// shares the host's fate: a crash ends the host, a hang holds its thread, and its
// memory is the host's. Manifests choose it with "isolation": "in-process".
//
// Each call gets its own CallContext; a plugin without the "concurrent-calls"
// capability gets its calls one at a time (a per-instance mutex).
#pragma once

#include <connector/plugin.h>

#include <boost/json/object.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "runtime/instance.hpp"

namespace connector::host::runtime {

class InProcessInstance final : public Instance {
 public:
  // Calls the plugin's create with `config` (resolved, validated), after replacing
  // the fields the plugin stored with store_secret in an earlier run. Throws
  // PluginCallError when the plugin refuses the config.
  static std::unique_ptr<InProcessInstance> create(
      std::shared_ptr<const loader::PluginLibrary> plugin, std::string connector_id,
      boost::json::object config, InstanceEnvironment environment);
  ~InProcessInstance() override;  // calls the plugin's destroy

  IsolationReport isolation() const override;

  void validate(const ItemSink& sink) override;
  void list_resource_types(const ItemSink& sink) override;
  std::string list_page(ListOperation operation, const ListQuery& query,
                        std::string_view page_token, const ItemSink& sink) override;
  std::string list_page(ListOperation operation, const ListQuery& query,
                        std::string_view page_token, const ItemTextSink& sink) override;
  void grant(std::string_view entitlement_id, std::string_view principal_id, bool dry_run,
             const ItemSink& sink) override;
  void revoke(std::string_view entitlement_id, std::string_view principal_id, bool dry_run,
              const ItemSink& sink) override;
  void create_account(std::string_view resource_type, std::string_view profile_json, bool dry_run,
                      const ItemSink& sink) override;
  void delete_account(std::string_view resource_id, bool dry_run, const ItemSink& sink) override;
  void get_operation(std::string_view operation_json, const ItemSink& sink) override;
  void end_walk(std::string_view walk_id) noexcept override;

 private:
  InProcessInstance(std::shared_ptr<const loader::PluginLibrary> plugin, std::string connector_id,
                    InstanceEnvironment environment);

  // Runs `op` (a conn_plugin member, NULL when unsupported) under the call policy.
  template <class Operation, class... Args>
  CallContext& call(std::string_view name, Operation op, CallContext& context, Args... args);
  template <class Sink>
  std::string list_page_into(ListOperation operation, const ListQuery& query,
                             std::string_view page_token, const Sink& sink);

  InstanceEnvironment environment_;
  std::unique_ptr<HostServices> services_;
  std::unique_ptr<std::mutex> serial_calls_;  // set when the plugin lacks "concurrent-calls"
  conn_instance* handle_ = nullptr;
};

}  // namespace connector::host::runtime
