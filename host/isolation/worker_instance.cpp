#include "isolation/worker_instance.hpp"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cerrno>
#include <set>
#include <system_error>

#include "isolation/worker_command.hpp"
#include "isolation/worker_lost_error.hpp"
#include "loader/plugin_operation.hpp"
#include "manifest/byte_size.hpp"
#include "runtime/call_error.hpp"
#include "runtime/interrupt.hpp"
#include "worker_protocol/startup.hpp"

namespace connector::host::isolation {
namespace {

namespace protocol = worker_protocol;
using protocol::Operation;
using std::chrono::milliseconds;

conn_str to_conn(std::string_view s) noexcept { return conn_str{s.data(), s.size()}; }

// "30 s", "1.5 s": how long something took, as a person reads it.
std::string seconds_text(std::chrono::steady_clock::duration duration) {
  const auto ms = std::chrono::duration_cast<milliseconds>(duration).count();
  if (ms % 1000 == 0 || ms >= 10'000) return std::to_string((ms + 500) / 1000) + " s";
  return std::to_string(ms / 1000) + "." + std::to_string((ms % 1000) / 100) + " s";
}

std::string duration_text(std::chrono::seconds duration) {
  const auto s = duration.count();
  if (s % 3600 == 0) return std::to_string(s / 3600) + " h";
  if (s % 60 == 0) return std::to_string(s / 60) + " min";
  return std::to_string(s) + " s";
}

// Connectors whose last worker was lost: the next worker of one is a restart.
class LostWorkers {
 public:
  void remember(const std::string& connector) {
    const std::lock_guard<std::mutex> lock(mutex_);
    connectors_.insert(connector);
  }
  bool forget(const std::string& connector) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return connectors_.erase(connector) != 0;
  }

 private:
  std::mutex mutex_;
  std::set<std::string> connectors_;
};

LostWorkers& lost_workers() {
  static LostWorkers workers;
  return workers;
}

}  // namespace

WorkerInstance::WorkerInstance(std::shared_ptr<const loader::PluginLibrary> plugin,
                               std::string connector_id, runtime::InstanceEnvironment environment,
                               WorkerSettings settings)
    : Instance(std::move(plugin), std::move(connector_id)),
      environment_(std::move(environment)),
      settings_(std::move(settings)),
      services_(std::make_unique<runtime::HostServices>(
          this->connector_id(), environment_.logger, *environment_.secrets, *environment_.redactor,
          environment_.counters, this->plugin().descriptor().config_schema.secret_fields())) {}

std::unique_ptr<WorkerInstance> WorkerInstance::create(
    std::shared_ptr<const loader::PluginLibrary> plugin, std::string connector_id,
    boost::json::object config, runtime::InstanceEnvironment environment, WorkerSettings settings) {
  config = with_stored_secrets(*plugin, std::move(config), connector_id, environment);
  std::unique_ptr<WorkerInstance> instance(new WorkerInstance(
      std::move(plugin), std::move(connector_id), std::move(environment), std::move(settings)));
  if (const int signal = runtime::interrupt_signal(); signal != 0)
    throw runtime::interrupted_error(signal);
  instance->start_worker();
  protocol::CallRequest create;
  create.operation = Operation::create;
  create.config_json = boost::json::serialize(config);
  instance->call(std::move(create), runtime::ItemSink{});
  return instance;
}

WorkerInstance::~WorkerInstance() {
  if (!process_) return;
  if (!lost_) {
    try {
      const std::lock_guard<std::mutex> serial(calls_);
      protocol::CallRequest destroy;
      destroy.operation = Operation::destroy;
      Wait wait{"in destroy", Clock::now(), Clock::now() + settings_.destroy_timeout, {}, 0, {}};
      exchange(destroy, nullptr, wait);
      if (!process_->wait_for_exit(settings_.kill_grace)) process_->end(settings_.kill_grace);
    } catch (const std::exception&) {  // lost meanwhile: already ended and reaped
    }
  }
  process_.reset();  // reaps a worker still there (SIGKILL)
}

pid_t WorkerInstance::worker_pid() const noexcept { return process_ ? process_->pid() : -1; }

runtime::IsolationReport WorkerInstance::isolation() const {
  return {"worker process " + std::to_string(worker_pid()), ready_.sandboxed, ready_.sandbox,
          ready_.limits + ", calls " + duration_text(settings_.limits.call_timeout) +
              " (limits.call_timeout)"};
}

void WorkerInstance::start_worker() {
  protocol::WorkerStartup startup;
  startup.parent = ::getpid();
  std::error_code ec;
  startup.plugin_path = std::filesystem::absolute(plugin().path(), ec).string();
  startup.plugin_id = plugin().id();
  startup.connector_id = connector_id();
  startup.memory_bytes = settings_.limits.memory_bytes;
  startup.cpu_seconds = static_cast<std::uint64_t>(settings_.limits.cpu.count());
  startup.open_files = settings_.limits.open_files;
  startup.readable = settings_.sandbox.readable;
  startup.writable = settings_.sandbox.writable;
  startup.writable_directories = settings_.sandbox.writable_directories;
  try {
    process_ = WorkerProcess::start(settings_.executable, protocol::to_arguments(startup),
                                    worker_environment());
  } catch (const std::system_error& e) {
    throw HostError(ExitCode::plugin_load,
                    "plugin '" + plugin().id() + "': cannot start its worker: " + e.what());
  }

  Wait wait{"while its worker started", Clock::now(), {}, {}, 0, {}};
  wait.deadline = Clock::now() + settings_.startup_timeout;
  if (environment_.deadline) wait.deadline = std::min(*wait.deadline, *environment_.deadline);
  try {
    const protocol::Frame frame = next_frame(wait);
    protocol::FrameReader in(frame);
    if (frame.type == protocol::MessageType::startup_failed) {
      const std::string reason = protocol::decode_startup_failed(in).reason;
      lose("could not start its worker: " + reason);
    }
    if (frame.type != protocol::MessageType::ready)
      throw protocol::ProtocolError("the worker spoke before it said it was ready");
    ready_ = protocol::decode_ready(in);
  } catch (const protocol::ProtocolError& e) {
    lose(std::string("broke the worker protocol ") + wait.where + " (" + e.what() + ")",
         CONN_INTERNAL);
  }
  if (environment_.logger) {
    environment_.logger->debug("connector '{}': worker {} started; sandbox: {}; limits: {}",
                               connector_id(), worker_pid(), ready_.sandbox, ready_.limits);
  }
  if (lost_workers().forget(connector_id()) && environment_.worker_restarts)
    environment_.worker_restarts(connector_id());
}

WorkerInstance::Wait WorkerInstance::call_wait(std::string_view operation) const {
  Wait wait{"in " + std::string(operation), Clock::now(), {}, {}, 0, {}};
  wait.call_deadline = wait.started + settings_.limits.call_timeout;
  wait.deadline = wait.call_deadline;
  if (environment_.deadline) wait.deadline = std::min(*wait.deadline, *environment_.deadline);
  return wait;
}

bool WorkerInstance::supports(Operation operation) const {
  const conn_plugin& table = plugin().table();
  switch (operation) {
    case Operation::create:
    case Operation::destroy:
      return true;
    case Operation::validate:
      return PLUGIN_OPERATION(table, validate) != nullptr;
    case Operation::list_resource_types:
      return PLUGIN_OPERATION(table, list_resource_types) != nullptr;
    case Operation::list_resources:
      return PLUGIN_OPERATION(table, list_resources) != nullptr;
    case Operation::list_entitlements:
      return PLUGIN_OPERATION(table, list_entitlements) != nullptr;
    case Operation::list_grants:
      return PLUGIN_OPERATION(table, list_grants) != nullptr;
    case Operation::grant:
      return PLUGIN_OPERATION(table, grant) != nullptr;
    case Operation::revoke:
      return PLUGIN_OPERATION(table, revoke) != nullptr;
    case Operation::create_account:
      return PLUGIN_OPERATION(table, create_account) != nullptr;
    case Operation::delete_account:
      return PLUGIN_OPERATION(table, delete_account) != nullptr;
    case Operation::get_operation:
      return PLUGIN_OPERATION(table, get_operation) != nullptr;
    case Operation::end_walk:
      return PLUGIN_OPERATION(table, end_walk) != nullptr;
  }
  return false;
}

void WorkerInstance::check_not_lost(std::string_view operation) const {
  if (lost_) {
    throw WorkerLostError(
        plugin().id(), CONN_UNAVAILABLE,
        *lost_ + "; " + std::string(operation) + " needs a new instance of the connector");
  }
}

template <class Sink>
void WorkerInstance::call(protocol::CallRequest request, const Sink& sink, std::string* next_page) {
  const std::string_view name = protocol::operation_name(request.operation);
  if (!supports(request.operation)) {
    throw runtime::PluginCallError(plugin().id(), CONN_UNIMPLEMENTED,
                                   "the plugin does not support " + std::string(name));
  }
  const std::lock_guard<std::mutex> serial(calls_);
  check_not_lost(name);
  if (const int signal = runtime::interrupt_signal(); signal != 0)
    throw runtime::interrupted_error(signal);
  if (environment_.logger)
    environment_.logger->debug("connector '{}': calling {}", connector_id(), name);
  runtime::CallContext context(plugin().id(), name, sink, environment_.deadline);
  Wait wait = call_wait(name);
  protocol::CallResult result;
  try {
    result = exchange(request, &context, wait);
  } catch (const protocol::ProtocolError& e) {
    lose(std::string("broke the worker protocol ") + wait.where + " (" + e.what() + ")",
         CONN_INTERNAL);
  }
  deliver(result, context, wait, name);
  if (next_page != nullptr) *next_page = context.next_page_token();
}

protocol::CallResult WorkerInstance::exchange(protocol::CallRequest& request,
                                              runtime::CallContext* context, Wait& wait) {
  request.call_id = wait.call_id = ++last_call_id_;
  request.remaining_ms = -1;
  if (wait.deadline) {
    // Rounded up: the worker counts the time left from when it receives the call, so
    // its deadline then never falls before the host's. Rounded down, a plugin that
    // honours its deadline could return CANCELLED a fraction of a millisecond before
    // the host's deadline, a cancel the host never asked for.
    request.remaining_ms = std::max<std::int64_t>(
        0, std::chrono::ceil<milliseconds>(*wait.deadline - Clock::now()).count());
  }
  send(protocol::MessageType::call, request, wait);
  for (;;) {
    const protocol::Frame frame = next_frame(wait);
    if (frame.type == protocol::MessageType::items) {
      protocol::ItemsReader items(frame);
      if (items.call_id() != wait.call_id)
        throw protocol::ProtocolError("items of call " + std::to_string(items.call_id()));
      bool go_on = true;
      for (std::uint32_t i = 0; i < items.count(); ++i) {
        const std::string_view item = items.next();
        // After a refusal the rest are items the plugin emitted before it heard.
        if (go_on)
          go_on = context != nullptr && context->raw()->emit(context->raw(), to_conn(item)) != 0;
      }
      items.expect_end();
      send(protocol::MessageType::items_ack, protocol::ItemsAck{wait.call_id, go_on}, wait);
    } else if (frame.type == protocol::MessageType::call_result) {
      protocol::FrameReader in(frame);
      protocol::CallResult result = protocol::decode_call_result(in);
      if (result.call_id != wait.call_id)
        throw protocol::ProtocolError("the result of call " + std::to_string(result.call_id));
      return result;
    } else {
      throw protocol::ProtocolError("message type " + std::to_string(static_cast<int>(frame.type)) +
                                    " during a call");
    }
  }
}

void WorkerInstance::deliver(const protocol::CallResult& result, runtime::CallContext& context,
                             const Wait& wait, std::string_view operation) {
  const conn_call* raw = context.raw();
  if (result.failed) {
    raw->fail(raw, result.fail_status, to_conn(result.fail_message), to_conn(result.fail_details));
  }
  if (result.has_next_page) raw->next_page(raw, to_conn(result.next_page));
  if (result.out_of_memory) {
    lose("ran out of memory " + wait.where + ": its worker reached limits.memory (" +
             manifest::format_byte_size(settings_.limits.memory_bytes) + ")",
         CONN_RESOURCE_EXHAUSTED);
  }
  if (!result.worker_error.empty()) {
    throw runtime::PluginCallError(
        plugin().id(), CONN_INTERNAL,
        std::string(operation) + " " + result.worker_error + " (a plugin bug); stopped");
  }
  const auto now = Clock::now();
  const bool own_deadline_passed = wait.call_deadline && now >= *wait.call_deadline &&
                                   !(environment_.deadline && now >= *environment_.deadline) &&
                                   runtime::interrupt_signal() == 0;
  if (own_deadline_passed &&
      (result.status == CONN_CANCELLED || result.status == CONN_DEADLINE_EXCEEDED)) {
    throw runtime::PluginCallError(plugin().id(), CONN_DEADLINE_EXCEEDED,
                                   std::string(operation) + " did not finish within " +
                                       duration_text(settings_.limits.call_timeout) +
                                       " (limits.call_timeout)");
  }
  context.finish(result.status);
}

template <class Message>
void WorkerInstance::send(protocol::MessageType type, const Message& message, const Wait& wait) {
  protocol::FrameWriter frame(type);
  encode(frame, message);
  try {
    protocol::send_all(process_->socket(), frame.finish());
  } catch (const std::system_error&) {
    worker_ended(wait);  // EPIPE: it closed its end, so it is ending
  }
}

protocol::Frame WorkerInstance::next_frame(Wait& wait) {
  for (;;) {
    // Checked before every frame too: a plugin that streams items without end must
    // still meet its deadline.
    const auto now = Clock::now();
    const int signal = runtime::interrupt_signal();
    if (!wait.give_up && (signal != 0 || (wait.deadline && now >= *wait.deadline))) {
      // Cancelled: the plugin sees cancelled() and should return. One that does not
      // within answer_grace is ended. Before a call there is nothing to cancel.
      if (wait.call_id != 0) {
        send(protocol::MessageType::cancel, protocol::Cancel{wait.call_id}, wait);
        wait.give_up = now + settings_.answer_grace;
      } else {
        wait.give_up = now;
      }
    }
    if (wait.give_up && now >= *wait.give_up) stopped_answering(wait);
    if (const auto frame = received_.next()) {
      if (serve_host_service(*frame)) continue;
      return *frame;
    }

    auto timeout = settings_.poll_interval;
    const auto until = [&](Clock::time_point when) {
      timeout = std::min(
          timeout, std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(when - now) +
                                                 milliseconds(1)));
    };
    if (wait.give_up) {
      until(*wait.give_up);
    } else if (wait.deadline) {
      until(*wait.deadline);
    }
    pollfd watched[2] = {{process_->socket(), POLLIN, 0}, {process_->pidfd(), POLLIN, 0}};
    if (::poll(watched, 2, static_cast<int>(timeout.count())) < 0 && errno != EINTR) {
      throw std::system_error(errno, std::generic_category(), "poll on the worker");
    }
    if ((watched[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      bool open = false;
      try {
        open = received_.read_from(process_->socket());
      } catch (const std::system_error&) {  // ECONNRESET: it is gone
      }
      if (!open) worker_ended(wait);
    } else if ((watched[1].revents & POLLIN) != 0) {
      // Ended, with nothing more to read (a child it forked may hold the socket open).
      worker_ended(wait);
    }
  }
}

bool WorkerInstance::serve_host_service(const protocol::Frame& frame) {
  const conn_host* host = services_->raw();
  protocol::FrameReader in(frame);
  switch (frame.type) {
    case protocol::MessageType::log: {
      const protocol::LogLine line = protocol::decode_log_line(in);
      host->log(host, line.level, to_conn(line.message));
      return true;
    }
    case protocol::MessageType::add_to_counter: {
      const protocol::CounterIncrement increment = protocol::decode_counter_increment(in);
      host->add_to_counter(host, to_conn(increment.name), to_conn(increment.labels_json),
                           increment.delta);
      return true;
    }
    case protocol::MessageType::store_secret: {
      const protocol::StoreSecret request = protocol::decode_store_secret(in);
      const conn_status status =
          host->store_secret(host, to_conn(request.key), to_conn(request.value));
      const Wait no_wait{"in store_secret", Clock::now(), {}, {}, 0, {}};
      send(protocol::MessageType::secret_stored, protocol::SecretStored{request.request_id, status},
           no_wait);
      return true;
    }
    default:
      return false;
  }
}

void WorkerInstance::worker_ended(const Wait& wait) {
  // It closed its end: it is exiting, or about to.
  std::optional<WorkerExit> exit = process_->wait_for_exit(settings_.kill_grace);
  if (!exit) exit = process_->end(settings_.kill_grace);
  std::string event = exit->describe();
  if (exit->signal == SIGXCPU) {
    event = "used up its CPU time (limits.cpu_seconds " +
            std::to_string(settings_.limits.cpu.count()) + ", SIGXCPU)";
  }
  lose(event + " " + wait.where);
}

void WorkerInstance::stopped_answering(const Wait& wait) {
  process_->end(settings_.kill_grace);
  if (const int signal = runtime::interrupt_signal(); signal != 0) {
    lost_ = "did not stop " + wait.where + " when cancelled, and was ended";
    lost_workers().remember(connector_id());
    throw runtime::interrupted_error(signal);
  }
  const auto waited = (wait.deadline ? *wait.deadline : Clock::now()) - wait.started;
  lose("stopped answering after " + seconds_text(waited) + " " + wait.where);
}

void WorkerInstance::lose(const std::string& event, conn_status status) {
  process_->end(settings_.kill_grace);
  lost_ = event;
  lost_workers().remember(connector_id());
  throw WorkerLostError(plugin().id(), status, event);
}

void WorkerInstance::validate(const runtime::ItemSink& sink) {
  protocol::CallRequest request;
  request.operation = Operation::validate;
  call(std::move(request), sink);
}

void WorkerInstance::list_resource_types(const runtime::ItemSink& sink) {
  protocol::CallRequest request;
  request.operation = Operation::list_resource_types;
  call(std::move(request), sink);
}

std::string WorkerInstance::list_page(runtime::ListOperation operation,
                                      const runtime::ListQuery& query, std::string_view page_token,
                                      const runtime::ItemSink& sink) {
  std::string next_page;
  call(list_request(operation, query, page_token), sink, &next_page);
  return next_page;
}

std::string WorkerInstance::list_page(runtime::ListOperation operation,
                                      const runtime::ListQuery& query, std::string_view page_token,
                                      const runtime::ItemTextSink& sink) {
  std::string next_page;
  call(list_request(operation, query, page_token), sink, &next_page);
  return next_page;
}

protocol::CallRequest WorkerInstance::list_request(runtime::ListOperation operation,
                                                   const runtime::ListQuery& query,
                                                   std::string_view page_token) {
  protocol::CallRequest request;
  switch (operation) {
    case runtime::ListOperation::resources:
      request.operation = Operation::list_resources;
      break;
    case runtime::ListOperation::entitlements:
      request.operation = Operation::list_entitlements;
      break;
    case runtime::ListOperation::grants:
      request.operation = Operation::list_grants;
      break;
  }
  request.resource_type = query.resource_type;
  request.resource_id = query.resource_id;
  request.page_token = page_token;
  request.walk_id = query.walk_id;
  request.page_size = query.page_size;
  return request;
}

void WorkerInstance::grant(std::string_view entitlement_id, std::string_view principal_id,
                           bool dry_run, const runtime::ItemSink& sink) {
  protocol::CallRequest request;
  request.operation = Operation::grant;
  request.entitlement_id = entitlement_id;
  request.principal_id = principal_id;
  request.dry_run = dry_run;
  call(std::move(request), sink);
}

void WorkerInstance::revoke(std::string_view entitlement_id, std::string_view principal_id,
                            bool dry_run, const runtime::ItemSink& sink) {
  protocol::CallRequest request;
  request.operation = Operation::revoke;
  request.entitlement_id = entitlement_id;
  request.principal_id = principal_id;
  request.dry_run = dry_run;
  call(std::move(request), sink);
}

void WorkerInstance::create_account(std::string_view resource_type, std::string_view profile_json,
                                    bool dry_run, const runtime::ItemSink& sink) {
  protocol::CallRequest request;
  request.operation = Operation::create_account;
  request.resource_type = resource_type;
  request.profile_json = profile_json;
  request.dry_run = dry_run;
  call(std::move(request), sink);
}

void WorkerInstance::delete_account(std::string_view resource_id, bool dry_run,
                                    const runtime::ItemSink& sink) {
  protocol::CallRequest request;
  request.operation = Operation::delete_account;
  request.resource_id = resource_id;
  request.dry_run = dry_run;
  call(std::move(request), sink);
}

void WorkerInstance::get_operation(std::string_view operation_json, const runtime::ItemSink& sink) {
  protocol::CallRequest request;
  request.operation = Operation::get_operation;
  request.operation_json = operation_json;
  call(std::move(request), sink);
}

void WorkerInstance::end_walk(std::string_view walk_id) noexcept {
  if (walk_id.empty() || !supports(Operation::end_walk)) return;
  try {
    const std::lock_guard<std::mutex> serial(calls_);
    if (lost_) return;
    if (environment_.logger)
      environment_.logger->debug("connector '{}': calling end_walk", connector_id());
    protocol::CallRequest request;
    request.operation = Operation::end_walk;
    request.walk_id = walk_id;
    Wait wait = call_wait("end_walk");
    exchange(request, nullptr, wait);
  } catch (const std::exception&) {  // lost, or cancelled: the plugin frees at destroy
  }
}

}  // namespace connector::host::isolation
