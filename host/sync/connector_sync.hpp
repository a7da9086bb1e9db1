// One sync of one connector as the service runs it: a run begun in the store, a
// fresh plugin instance, the full walk, then commit (good or quarantined) or abort
// (failed, or cancelled when the host is shutting down). Every line it logs is
// tagged with the connector and the run's id (LogScope).
#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include <connector/store/mass_deletion_guard.hpp>
#include <connector/store/sync_run.hpp>

#include "log/redactor.hpp"
#include "manifest/connector_catalog.hpp"
#include "runtime/call_context.hpp"
#include "runtime/instance.hpp"
#include "runtime/secret_store.hpp"
#include "sync/sync_walk.hpp"

namespace connector::host::service {

// What a sync needs from the process; every member must outlive the sync.
struct SyncEnvironment {
  std::filesystem::path state_dir;
  std::shared_ptr<spdlog::logger> logger;
  runtime::SecretStore* secrets = nullptr;
  log::Redactor* redactor = nullptr;
  store::GuardOptions guard;
  // When every plugin call of the sync must have finished (the CLI's --timeout);
  // none: calls run as long as the plugin takes. A sync past it fails, and the
  // previous good sync stays current.
  runtime::Deadline deadline;
  // Whether a failed sync is logged as an error. The CLI says false: it reports the
  // failure itself, as its one-line error, and a second line would say it twice.
  bool log_failure = true;
  // Told when a connector's worker process starts in place of one that was lost
  // (service mode counts it in connector_worker_restarts_total); empty: not told.
  runtime::WorkerRestartSink worker_restarts;
};

struct SyncReport {
  store::SyncRun run;  // its final state: good, quarantined, failed or cancelled
  std::chrono::duration<double> duration{};
  // The run failed because the plugin's worker process was lost (crashed, exited,
  // stopped answering, ran out of memory); the run's error says which.
  bool worker_lost = false;
};

// Syncs `connector`. A failure of the plugin or of the walk ends the run as failed
// (or cancelled) and is reported, not thrown; only a store that cannot be opened
// or written to begin the run throws (std::exception): there is no run to report.
SyncReport sync_connector(const manifest::ConnectorConfig& connector,
                          const SyncEnvironment& environment,
                          const SyncProgressCallback& progress = {});

}  // namespace connector::host::service
