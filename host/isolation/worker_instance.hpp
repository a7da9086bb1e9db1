// A connector whose plugin runs in a connector-worker process of its own, behind the
// same calls as an in-process instance (runtime/instance.hpp). docs/worker-protocol.md
// describes what crosses the socket.
//
// What the worker does cannot hurt the host: a crash, an exit or a hang fails the
// call with a WorkerLostError ("plugin 'crashing' crashed (SIGSEGV) in
// list_resources"), after the worker is ended (SIGTERM, SIGKILL after a grace
// period) and reaped. The instance then stays lost: every later call fails the same
// way, and the next instance of the connector starts a new worker.
//
// Calls run one at a time per worker (a plugin with "concurrent-calls" is served
// correctly, only not concurrently). The calling thread does the exchange itself:
// it sends the call, then reads the worker's frames (items into the sink, the
// plugin's log lines, counters and secrets into the host's services) until the
// result, waking at least every poll_interval to pass on a cancel (SIGINT, SIGTERM)
// or the deadline. No thread of the host's is started.
//
// The worker is tied to the thread that created the instance (PR_SET_PDEATHSIG): that
// thread must outlive the instance, as the service's and the CLI's threads do.
#pragma once

#include <sys/types.h>

#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "isolation/sandbox_policy.hpp"
#include "isolation/worker_process.hpp"
#include "manifest/manifest.hpp"
#include "runtime/instance.hpp"
#include "worker_protocol/messages.hpp"
#include "worker_protocol/socket_io.hpp"

namespace connector::host::isolation {

struct WorkerSettings {
  std::filesystem::path executable;  // connector-worker (worker_command.hpp)
  manifest::WorkerLimits limits;
  SandboxPaths sandbox;
  // The host's patience.
  std::chrono::milliseconds startup_timeout{std::chrono::seconds(10)};
  // After a cancel (a signal, the deadline), before the worker is ended.
  std::chrono::milliseconds answer_grace{std::chrono::seconds(2)};
  // After SIGTERM, before SIGKILL.
  std::chrono::milliseconds kill_grace{std::chrono::seconds(2)};
  std::chrono::milliseconds destroy_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds poll_interval{std::chrono::milliseconds(100)};
};

class WorkerInstance final : public runtime::Instance {
 public:
  // Starts the worker, waits for it to load the plugin, then calls create with
  // `config` (resolved, validated; stored secrets replace the manifest's values).
  // Throws PluginCallError when the plugin refuses the config, WorkerLostError when
  // the worker cannot start or is lost, HostError (plugin_load) when
  // connector-worker cannot be started at all.
  static std::unique_ptr<WorkerInstance> create(std::shared_ptr<const loader::PluginLibrary> plugin,
                                                std::string connector_id,
                                                boost::json::object config,
                                                runtime::InstanceEnvironment environment,
                                                WorkerSettings settings);
  // Calls destroy (bounded by destroy_timeout), then ends and reaps the worker.
  ~WorkerInstance() override;

  // The worker's process id (tests, benchmarks); it stays valid until destruction.
  pid_t worker_pid() const noexcept;

  runtime::IsolationReport isolation() const override;

  void validate(const runtime::ItemSink& sink) override;
  void list_resource_types(const runtime::ItemSink& sink) override;
  std::string list_page(runtime::ListOperation operation, const runtime::ListQuery& query,
                        std::string_view page_token, const runtime::ItemSink& sink) override;
  std::string list_page(runtime::ListOperation operation, const runtime::ListQuery& query,
                        std::string_view page_token, const runtime::ItemTextSink& sink) override;
  void grant(std::string_view entitlement_id, std::string_view principal_id, bool dry_run,
             const runtime::ItemSink& sink) override;
  void revoke(std::string_view entitlement_id, std::string_view principal_id, bool dry_run,
              const runtime::ItemSink& sink) override;
  void create_account(std::string_view resource_type, std::string_view profile_json, bool dry_run,
                      const runtime::ItemSink& sink) override;
  void delete_account(std::string_view resource_id, bool dry_run,
                      const runtime::ItemSink& sink) override;
  void get_operation(std::string_view operation_json, const runtime::ItemSink& sink) override;
  void end_walk(std::string_view walk_id) noexcept override;

 private:
  using Clock = std::chrono::steady_clock;

  // What the host waits for, and how long.
  struct Wait {
    std::string where;  // "in list_resources", "while its worker started"
    Clock::time_point started;
    std::optional<Clock::time_point> deadline;       // when the call is cancelled
    std::optional<Clock::time_point> call_deadline;  // limits.call_timeout's share of it
    std::uint64_t call_id = 0;                       // 0: nothing to cancel
    std::optional<Clock::time_point> give_up;        // once cancelled: when to end it
  };

  WorkerInstance(std::shared_ptr<const loader::PluginLibrary> plugin, std::string connector_id,
                 runtime::InstanceEnvironment environment, WorkerSettings settings);

  void start_worker();
  Wait call_wait(std::string_view operation) const;

  // One call: sends `request` and takes in the worker's frames until its result.
  // `Sink` is runtime::ItemSink or runtime::ItemTextSink (items as the worker's text).
  template <class Sink>
  void call(worker_protocol::CallRequest request, const Sink& sink,
            std::string* next_page = nullptr);
  static worker_protocol::CallRequest list_request(runtime::ListOperation operation,
                                                   const runtime::ListQuery& query,
                                                   std::string_view page_token);
  worker_protocol::CallResult exchange(worker_protocol::CallRequest& request,
                                       runtime::CallContext* context, Wait& wait);
  void deliver(const worker_protocol::CallResult& result, runtime::CallContext& context,
               const Wait& wait, std::string_view operation);

  // The next frame that is not a host service request (those are served here).
  worker_protocol::Frame next_frame(Wait& wait);
  bool serve_host_service(const worker_protocol::Frame& frame);
  template <class Message>
  void send(worker_protocol::MessageType type, const Message& message, const Wait& wait);

  // The ways a worker is lost; each ends it and throws.
  [[noreturn]] void worker_ended(const Wait& wait);
  [[noreturn]] void stopped_answering(const Wait& wait);
  [[noreturn]] void lose(const std::string& event, conn_status status = CONN_UNAVAILABLE);
  void check_not_lost(std::string_view operation) const;

  bool supports(worker_protocol::Operation operation) const;

  runtime::InstanceEnvironment environment_;
  WorkerSettings settings_;
  std::unique_ptr<runtime::HostServices> services_;
  std::unique_ptr<WorkerProcess> process_;
  worker_protocol::FrameBuffer received_;
  worker_protocol::Ready ready_;
  std::mutex calls_;  // one call at a time; held for the whole exchange
  std::uint64_t last_call_id_ = 0;
  std::optional<std::string> lost_;  // what happened, once the worker was lost
};

}  // namespace connector::host::isolation
