// One live connector: a plugin instance made from a manifest, and the calls on it.
//
// Holds the plugin library (shared), so the library stays loaded until the instance
// is destroyed. Each call gets its own CallContext; a plugin without the
// "concurrent-calls" capability gets its calls one at a time (a per-instance mutex).
// An operation the plugin does not export is answered UNIMPLEMENTED by the host.
#pragma once

#include <connector/plugin.h>
#include <spdlog/logger.h>

#include <boost/json/object.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "loader/plugin_library.hpp"
#include "log/redactor.hpp"
#include "runtime/call_context.hpp"
#include "runtime/host_services.hpp"
#include "runtime/secret_store.hpp"

namespace connector::host::runtime {

// The list operations that take a conn_list_request and page.
enum class ListOperation { resources, entitlements, grants };
std::string_view operation_name(ListOperation operation) noexcept;

// What one list page asks for (see conn_list_request).
struct ListQuery {
  std::string resource_type;  // resources
  std::string resource_id;    // entitlements, grants; empty: of every resource
  uint32_t page_size = 0;     // a hint; 0: the plugin's choice
  // The walk (one consistent read, a sync) the call belongs to; empty for a one-shot
  // listing. Calls of one walk may be served from what the plugin fetched earlier in it.
  std::string walk_id;
};

// What the host lends to each instance; every member must outlive it. A constructor
// rather than an aggregate, so that callers may leave out the optional parts.
struct InstanceEnvironment {
  InstanceEnvironment(std::shared_ptr<spdlog::logger> logger_, SecretStore* secrets_,
                      log::Redactor* redactor_, Deadline deadline_ = {}, CounterSink counters_ = {})
      : logger(std::move(logger_)),
        secrets(secrets_),
        redactor(redactor_),
        deadline(deadline_),
        counters(std::move(counters_)) {}

  std::shared_ptr<spdlog::logger> logger;
  SecretStore* secrets = nullptr;
  log::Redactor* redactor = nullptr;
  Deadline deadline;     // applies to every call, create included
  CounterSink counters;  // add_to_counter; empty drops the counts
};

class Instance {
 public:
  // Calls the plugin's create with `config` (resolved, validated), after replacing
  // the fields the plugin stored with store_secret in an earlier run. Throws
  // PluginCallError when the plugin refuses the config.
  static std::unique_ptr<Instance> create(std::shared_ptr<const loader::PluginLibrary> plugin,
                                          std::string connector_id, boost::json::object config,
                                          InstanceEnvironment environment);
  ~Instance();  // calls the plugin's destroy
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  const std::string& connector_id() const noexcept { return connector_id_; }
  const loader::PluginLibrary& plugin() const noexcept { return *plugin_; }

  void validate(const ItemSink& sink);
  void list_resource_types(const ItemSink& sink);

  // One page: emits its items into `sink` and returns the next page's token (empty
  // after the last page). See PageLoop for all pages.
  std::string list_page(ListOperation operation, const ListQuery& query,
                        std::string_view page_token, const ItemSink& sink);
  // The same with the items as the plugin's text (what a sync stores).
  std::string list_page(ListOperation operation, const ListQuery& query,
                        std::string_view page_token, const ItemTextSink& sink);

  void grant(std::string_view entitlement_id, std::string_view principal_id, bool dry_run,
             const ItemSink& sink);
  void revoke(std::string_view entitlement_id, std::string_view principal_id, bool dry_run,
              const ItemSink& sink);
  void create_account(std::string_view resource_type, std::string_view profile_json, bool dry_run,
                      const ItemSink& sink);
  void delete_account(std::string_view resource_id, bool dry_run, const ItemSink& sink);
  void get_operation(std::string_view operation_json, const ItemSink& sink);

  // Tells the plugin that walk `walk_id` ended, so it frees what it kept for it. Does
  // nothing for a plugin without end_walk (older than ABI 1.2, or keeping nothing).
  // Never throws: it runs while a walk unwinds.
  void end_walk(std::string_view walk_id) noexcept;

 private:
  Instance(std::shared_ptr<const loader::PluginLibrary> plugin, std::string connector_id,
           InstanceEnvironment environment);

  // Runs `op` (a conn_plugin member, NULL when unsupported) under the call policy.
  template <class Operation, class... Args>
  CallContext& call(std::string_view name, Operation op, CallContext& context, Args... args);
  template <class Sink>
  std::string list_page_into(ListOperation operation, const ListQuery& query,
                             std::string_view page_token, const Sink& sink);

  std::shared_ptr<const loader::PluginLibrary> plugin_;  // first: released last
  std::string connector_id_;
  InstanceEnvironment environment_;
  std::unique_ptr<HostServices> services_;
  std::unique_ptr<std::mutex> serial_calls_;  // set when the plugin lacks "concurrent-calls"
  conn_instance* handle_ = nullptr;
};

}  // namespace connector::host::runtime
