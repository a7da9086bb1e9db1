#include "service/service_runner.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <connector/store/operations.hpp>
#include <connector/store/store.hpp>
#include <connector/store/sync_runs.hpp>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/version.hpp"
#include "manifest/secret_environment.hpp"
#include "metrics/metrics_registry.hpp"
#include "provisioning/expiry_job.hpp"
#include "provisioning/poll_job.hpp"
#include "runtime/interrupt.hpp"
#include "scheduler/scheduler.hpp"
#include "service/host_state_metrics.hpp"
#include "service/http_server.hpp"
#include "service/service_routes.hpp"
#include "service/sync_metrics.hpp"
#include "sync/connector_set.hpp"
#include "sync/connector_sync.hpp"
#include "sync/terminal_progress.hpp"

namespace connector::host::service {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

constexpr std::string_view kTimedGrantsMetric = "connector_timed_grants";

// Written whole, then renamed: a reader never sees a half-written port.
void write_port_file(const std::filesystem::path& file, unsigned short port) {
  const std::filesystem::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << "\n";
    if (!out.flush())
      throw HostError(ExitCode::state, "cannot write the port file " + temporary.string());
  }
  std::filesystem::rename(temporary, file);
}

bool succeeded(store::RunStatus status) {
  // A quarantined run is complete; retrying would quarantine it again. An operator acts.
  return status == store::RunStatus::good || status == store::RunStatus::quarantined;
}

class Service {
 public:
  Service(commands::Session& session, const ServiceOptions& options)
      : session_(session),
        options_(options),
        logger_(make_service_logger(options.log_format, session.options().log_level,
                                    session.redactor())),
        workers_(options.max_concurrent_syncs + 1),  // + 1 for housekeeping jobs
        signals_(io_, SIGINT, SIGTERM, SIGHUP),
        grace_timer_(io_),
        scheduler_(
            io_, workers_,
            {.max_concurrent = options.max_concurrent_syncs, .backoff = {}, .once = options.once}),
        sync_environment_{session.options().state_dir,
                          logger_,
                          &session.secret_store(),
                          &session.redactor(),
                          {},
                          {},  // no deadline: a scheduled sync runs as long as it needs
                          true,
                          {}} {
    declare_sync_metrics(metrics_);
    metrics_.declare(kTimedGrantsMetric, MetricType::gauge,
                     "Timed grants by connector: active (not yet due) and overdue (due, not yet "
                     "revoked: a revoke failed and is retried)");
    record_build_info(metrics_, host_version);
    record_plugin_states(metrics_, 0, 0);
    record_connector_states(metrics_, {});
    sync_environment_.worker_restarts = [this](std::string_view connector) {
      record_worker_restart(metrics_, connector);
    };
  }

  int run() {
    load_plugins();
    load_manifests();
    // Out of the environment once in memory (a reload reads the kept values), while
    // no other thread is at work: the scheduler and the HTTP server start below.
    manifest::remove_secret_variables();
    check_store();
    start_http();
    wait_for_signal();
    scheduler_.set_jobs(jobs());
    if (options_.once) scheduler_.on_all_done([this] { finish(); });
    logger_->info("service started: {} jobs, at most {} syncs at once", scheduler_.job_count(),
                  options_.max_concurrent_syncs);
    io_.run();
    workers_.join();
    logger_->info("service stopped");
    return options_.once && failed_syncs_ > 0 ? static_cast<int>(ExitCode::plugin_call) : 0;
  }

 private:
  void load_plugins() {
    try {
      plugins_ = loader::PluginRegistry::scan(session_.options().plugins_dir);
    } catch (const std::runtime_error& e) {
      throw HostError(ExitCode::plugin_load, e.what());
    }
    for (const auto& failure : plugins_->failures())
      logger_->info("skipped {}: {}", failure.path.string(), failure.reason);
    record_plugin_states(metrics_, plugins_->plugins().size(), plugins_->failures().size());
  }

  // At start a directory that cannot be read ends the service; on reload the
  // connectors loaded before stay in use.
  void load_manifests() {
    const ReloadReport report =
        connectors_.reload(session_.options().manifests_dir, *plugins_, session_.redactor());
    for (const auto& failure : report.failures)
      logger_->error("manifest {} not loaded: {}", failure.file.string(), failure.error.what());
    for (const auto& id : report.kept)
      logger_->warn("connector '{}' keeps its previously loaded manifest", id);
    connector_statuses_ = connectors_.statuses();
    record_connector_states(metrics_, connector_statuses_);
    manifests_loaded_ = true;
  }

  // Opens the store once to show it works and to fill the gauges a fresh process
  // would otherwise lack until the first sync.
  void check_store() {
    try {
      store::Store store(session_.options().state_dir);
      for (const auto& connector : connectors_.connectors()) {
        const std::string& id = connector->manifest.id;
        if (const auto run = store::latest_good_run(store.db(), id); run && run->finished_at)
          record_last_good_sync(metrics_, id, *run->finished_at);
        record_pending_operations(metrics_, id, store::operations_to_poll(store.db(), id).size());
      }
      store_open_ = true;
    } catch (const std::exception& e) {
      store_open_ = false;
      logger_->error("store in {} not usable: {}", session_.options().state_dir.string(), e.what());
    }
  }

  void start_http() {
    try {
      http_ = std::make_unique<HttpServer>(
          io_, options_.listen, make_service_routes([this] { return unready_reason(); }, metrics_));
    } catch (const boost::system::system_error& e) {
      throw HostError(ExitCode::usage, "cannot listen on " + options_.listen.address().to_string() +
                                           ":" + std::to_string(options_.listen.port()) + ": " +
                                           e.code().message());
    }
    http_->start();
    const auto bound = http_->local_endpoint();
    if (options_.port_file) write_port_file(*options_.port_file, bound.port());
    logger_->info("serving /healthz, /readyz and /metrics on {}:{}", bound.address().to_string(),
                  bound.port());
  }

  // On the I/O thread, which is also where reloads change connector_statuses_.
  std::optional<std::string> unready_reason() const {
    if (!manifests_loaded_) return "manifests not loaded";
    std::vector<std::string> reasons;
    if (!store_open_) reasons.emplace_back("store not open");
    for (const ConnectorStatus& connector : connector_statuses_) {
      if (connector.state != ConnectorState::failed) continue;
      reasons.push_back("connector '" + connector.id + "' failed to load: " + connector.reason);
    }
    if (reasons.empty()) return std::nullopt;
    std::string text = reasons.front();
    for (std::size_t i = 1; i < reasons.size(); ++i) text += "\n" + reasons[i];
    return text;
  }

  // The scheduler's whole work list, rebuilt on reload. The provisioning poll of
  // pending operations joins as one more job here.
  std::vector<scheduler::Job> jobs() {
    std::vector<scheduler::Job> jobs;
    std::vector<std::string> ids;
    for (const ConnectorPtr& connector : connectors_.connectors()) {
      const auto& manifest = connector->manifest;
      ids.push_back(manifest.id);
      if (!manifest.enabled) {
        logger_->info("connector '{}' is disabled: not scheduled", manifest.id);
        continue;
      }
      if (!manifest.schedule || manifest.schedule->sync_every.count() <= 0) {
        logger_->info("connector '{}' has no schedule.sync_every: not scheduled", manifest.id);
        continue;
      }
      jobs.push_back({.key = "sync:" + manifest.id,
                      .every = manifest.schedule->sync_every,
                      .jitter = manifest.schedule->jitter,
                      .counts_toward_limit = true,
                      .run = [this, connector] { return sync(connector); }});
    }
    if (!options_.once) {
      jobs.push_back({.key = "pending-operations",
                      .every = options_.pending_operations_every,
                      .jitter = {},
                      .counts_toward_limit = false,
                      .run = [this, ids] { return count_pending_operations(ids); }});
      jobs.push_back(provisioning::make_poll_job(connectors_.connectors(), sync_environment_,
                                                 options_.pending_operations_every));
      jobs.push_back(provisioning::make_expiry_job(
          connectors_.connectors(), sync_environment_, options_.timed_grants_every,
          [this](const std::string& connector, store::TimedGrantCounts counts) {
            metrics_.set(kTimedGrantsMetric, {{"connector", connector}, {"state", "active"}},
                         static_cast<double>(counts.active));
            metrics_.set(kTimedGrantsMetric, {{"connector", connector}, {"state", "overdue"}},
                         static_cast<double>(counts.overdue));
          }));
    }
    return jobs;
  }

  // On a worker thread.
  bool sync(const ConnectorPtr& connector) {
    try {
      // A terminal shows one-off syncs' progress; a daemon's interleaved syncs would garble it.
      TerminalProgress progress(options_.once ? stderr : nullptr);
      const SyncReport report = sync_connector(*connector, sync_environment_,
                                               progress.enabled() ? progress.callback() : nullptr);
      store_open_ = true;
      record_sync(metrics_, report.run, report.duration, report.worker_lost);
      if (!succeeded(report.run.status)) ++failed_syncs_;
      return succeeded(report.run.status);
    } catch (const std::exception& e) {
      store_open_ = false;
      ++failed_syncs_;
      LogScope scope(connector->manifest.id, "");
      logger_->error("sync not started: the store failed: {}", e.what());
      return false;
    }
  }

  // On a worker thread.
  bool count_pending_operations(const std::vector<std::string>& ids) {
    try {
      store::Store store(session_.options().state_dir);
      for (const auto& id : ids)
        record_pending_operations(metrics_, id, store::operations_to_poll(store.db(), id).size());
      store_open_ = true;
      return true;
    } catch (const std::exception& e) {
      store_open_ = false;
      logger_->error("pending operations not counted: the store failed: {}", e.what());
      return false;
    }
  }

  void wait_for_signal() {
    signals_.async_wait([this](boost::system::error_code ec, int signal) {
      if (ec) return;  // cancelled: the service is finishing
      if (signal == SIGHUP) {
        reload();
      } else {
        shut_down(signal);
      }
      wait_for_signal();
    });
  }

  void reload() {
    logger_->info("SIGHUP: reloading manifests from {}", session_.options().manifests_dir.string());
    try {
      load_manifests();
    } catch (const std::exception& e) {
      logger_->error("reload failed, keeping every connector as it was: {}", e.what());
      return;
    }
    if (stopping_) return;
    scheduler_.set_jobs(jobs());
    logger_->info("reloaded: {} jobs", scheduler_.job_count());
  }

  void shut_down(int signal) {
    if (stopping_) {
      logger_->warn("second signal {}: exiting without waiting for the syncs", signal);
      logger_->flush();
      std::_Exit(0);
    }
    stopping_ = true;
    logger_->info("signal {}: stopping; {} syncs in progress get {} ms to end", signal,
                  scheduler_.running(), options_.grace_period.count());
    // Every call context polls this flag: plugins see cancelled() and return.
    runtime::set_interrupt_signal(signal);
    grace_timer_.expires_after(options_.grace_period);
    grace_timer_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      logger_->error("grace period over with {} syncs still running; exiting",
                     scheduler_.running());
      logger_->flush();
      // The worker threads are stuck in plugin calls and cannot be joined; their
      // runs stay 'running' in the store and the next start marks them failed.
      std::_Exit(0);
    });
    scheduler_.stop([this] { finish(); });
  }

  void finish() {
    grace_timer_.cancel();
    signals_.cancel();
    if (http_) http_->stop();
    io_.stop();
  }

  commands::Session& session_;
  ServiceOptions options_;
  std::shared_ptr<spdlog::logger> logger_;
  MetricsRegistry& metrics_ = process_metrics();
  asio::io_context io_;
  asio::thread_pool workers_;
  asio::signal_set signals_;
  asio::steady_timer grace_timer_;
  scheduler::Scheduler scheduler_;
  SyncEnvironment sync_environment_;
  std::optional<loader::PluginRegistry> plugins_;
  ConnectorSet connectors_;  // I/O thread only; jobs hold the connectors they run
  std::vector<ConnectorStatus> connector_statuses_;  // I/O thread only, as connectors_
  std::unique_ptr<HttpServer> http_;
  std::atomic<bool> manifests_loaded_{false};
  std::atomic<bool> store_open_{false};
  std::atomic<int> failed_syncs_{0};
  bool stopping_ = false;
};

}  // namespace

int run_service(commands::Session& session, const ServiceOptions& options) {
  Service service(session, options);
  return service.run();
}

}  // namespace connector::host::service
