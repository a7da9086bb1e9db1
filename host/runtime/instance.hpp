// One live connector: a plugin instance made from a manifest, and the calls on it.
//
// Two implementations: InProcessInstance (runtime/in_process_instance.hpp) calls the
// plugin loaded in this process; WorkerInstance (isolation/worker_instance.hpp) calls
// it in a worker process of its own, so that a plugin that crashes, hangs or
// exhausts memory fails its calls instead of taking the host down. Callers see the
// same calls, items and errors either way; isolation/open_instance.hpp picks one
// from the connector's manifest.
//
// An operation the plugin does not export is answered UNIMPLEMENTED by the host.
#pragma once

#include <spdlog/logger.h>

#include <cstdint>
#include <functional>
#include <memory>
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

// Called when a connector's worker process starts in place of one that was lost
// (crashed, exited, stopped answering, ran out of memory): service mode counts it.
// Must be thread-safe and must not throw.
using WorkerRestartSink = std::function<void(std::string_view connector_id)>;

// What the host lends to each instance; every member must outlive it. A constructor
// rather than an aggregate, so that callers may leave out the optional parts.
struct InstanceEnvironment {
  InstanceEnvironment(std::shared_ptr<spdlog::logger> logger_, SecretStore* secrets_,
                      log::Redactor* redactor_, Deadline deadline_ = {}, CounterSink counters_ = {},
                      WorkerRestartSink worker_restarts_ = {})
      : logger(std::move(logger_)),
        secrets(secrets_),
        redactor(redactor_),
        deadline(deadline_),
        counters(std::move(counters_)),
        worker_restarts(std::move(worker_restarts_)) {}

  std::shared_ptr<spdlog::logger> logger;
  SecretStore* secrets = nullptr;
  log::Redactor* redactor = nullptr;
  Deadline deadline;                  // applies to every call, create included
  CounterSink counters;               // add_to_counter; empty drops the counts
  WorkerRestartSink worker_restarts;  // empty: not counted
};

// How an instance is kept apart from the host, for `validate` to show.
struct IsolationReport {
  std::string mode;  // "in-process" or "worker process 4242"
  bool sandboxed = false;
  std::string sandbox;  // what the sandbox allows, or why there is none
  std::string limits;   // eg: "memory 512 MiB, CPU 600 s, 256 open files, calls 10 min"
};

class Instance {
 public:
  virtual ~Instance() = default;  // destroys the plugin's instance
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  const std::string& connector_id() const noexcept { return connector_id_; }
  const loader::PluginLibrary& plugin() const noexcept { return *plugin_; }

  virtual IsolationReport isolation() const = 0;

  virtual void validate(const ItemSink& sink) = 0;
  virtual void list_resource_types(const ItemSink& sink) = 0;

  // One page: emits its items into `sink` and returns the next page's token (empty
  // after the last page). See PageLoop for all pages.
  virtual std::string list_page(ListOperation operation, const ListQuery& query,
                                std::string_view page_token, const ItemSink& sink) = 0;
  // The same with the items as the plugin's text, checked but not parsed into a tree
  // (what a sync stores).
  virtual std::string list_page(ListOperation operation, const ListQuery& query,
                                std::string_view page_token, const ItemTextSink& sink) = 0;

  virtual void grant(std::string_view entitlement_id, std::string_view principal_id, bool dry_run,
                     const ItemSink& sink) = 0;
  virtual void revoke(std::string_view entitlement_id, std::string_view principal_id, bool dry_run,
                      const ItemSink& sink) = 0;
  virtual void create_account(std::string_view resource_type, std::string_view profile_json,
                              bool dry_run, const ItemSink& sink) = 0;
  virtual void delete_account(std::string_view resource_id, bool dry_run, const ItemSink& sink) = 0;
  virtual void get_operation(std::string_view operation_json, const ItemSink& sink) = 0;

  // Tells the plugin that walk `walk_id` ended, so it frees what it kept for it. Does
  // nothing for a plugin without end_walk (older than ABI 1.2, or keeping nothing).
  // Never throws: it runs while a walk unwinds.
  virtual void end_walk(std::string_view walk_id) noexcept = 0;

 protected:
  Instance(std::shared_ptr<const loader::PluginLibrary> plugin, std::string connector_id)
      : plugin_(std::move(plugin)), connector_id_(std::move(connector_id)) {}

  // The plugin's config with the values it stored with store_secret in an earlier
  // run in place of the manifest's (only fields its schema marks secret); each such
  // value is made known to `redactor`.
  static boost::json::object with_stored_secrets(const loader::PluginLibrary& plugin,
                                                 boost::json::object config,
                                                 std::string_view connector_id,
                                                 const InstanceEnvironment& environment);

 private:
  std::shared_ptr<const loader::PluginLibrary> plugin_;  // first: released last
  std::string connector_id_;
};

}  // namespace connector::host::runtime
