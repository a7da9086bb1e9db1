#include "sync/connector_sync.hpp"

#include <connector/store/store.hpp>
#include <connector/store/sync_writer.hpp>

#include <exception>
#include <string>

#include "isolation/open_instance.hpp"
#include "isolation/worker_lost_error.hpp"
#include "log/service_log.hpp"
#include "metrics/plugin_counters.hpp"
#include "runtime/instance.hpp"
#include "runtime/interrupt.hpp"

namespace connector::host::service {
namespace {

// Cancelled when the host is stopping (the flag every call context polls), so a
// shutdown is not recorded as the connector failing.
store::RunStatus failure_status() {
  return runtime::interrupt_signal() != 0 ? store::RunStatus::cancelled : store::RunStatus::failed;
}

}  // namespace

SyncReport sync_connector(const manifest::ConnectorConfig& connector,
                          const SyncEnvironment& environment,
                          const SyncProgressCallback& progress) {
  const std::string& id = connector.manifest.id;
  LogScope scope(id, "");
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::steady_clock::now() - started; };
  spdlog::logger& logger = *environment.logger;

  const store::Store store(environment.state_dir);
  store::SyncWriter writer = store::SyncWriter::begin(
      store, id, store::SyncOptions{environment.guard, connector.manifest.store.keep_history});
  scope.set_sync_id(std::to_string(writer.run_id()));
  logger.info("sync started (plugin '{}')", connector.plugin->id());

  SyncReport report;
  try {
    // Plugins' counters (conn_host.add_to_counter) go to the process's /metrics.
    runtime::InstanceEnvironment lent(
        environment.logger, environment.secrets, environment.redactor, environment.deadline,
        [](std::string_view connector_id, std::string_view name, std::string_view labels,
           double delta) { add_plugin_counter(connector_id, name, labels, delta); },
        environment.worker_restarts);
    const auto instance = isolation::open_instance(connector, std::move(lent));
    walk_connector(*instance, writer, progress);
    report.run = writer.commit();
  } catch (const isolation::WorkerLostError& e) {
    report.worker_lost = true;
    report.run = writer.abort(environment.redactor->redact(e.what()), failure_status());
  } catch (const std::exception& e) {
    // The message may quote what the plugin said: no secret goes into the store.
    const std::string reason = environment.redactor->redact(e.what());
    report.run = writer.abort(reason, failure_status());
  }
  report.duration = elapsed();

  const auto& counts = report.run.counts;
  const std::string outcome(store::to_string(report.run.status));
  if (report.run.status == store::RunStatus::good) {
    logger.info("sync {} in {:.3f}s: {} resource types, {} resources, {} entitlements, {} grants",
                outcome, report.duration.count(), counts.resource_types, counts.resources,
                counts.entitlements, counts.grants);
  } else if (report.run.status == store::RunStatus::quarantined) {
    logger.warn("sync quarantined in {:.3f}s: {}", report.duration.count(),
                report.run.quarantine_reason.value_or("the mass-deletion guard objected"));
  } else {
    logger.log(environment.log_failure ? spdlog::level::err : spdlog::level::info,
               "sync {} after {:.3f}s: {}", outcome, report.duration.count(),
               report.run.error.value_or("no reason given"));
  }
  return report;
}

}  // namespace connector::host::service
