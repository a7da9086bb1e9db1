// The host's own metrics about syncs and pending operations:
//   connector_syncs_total{connector,outcome}            counter; outcome: good, quarantined,
//                                                        failed, cancelled, crashed (the
//                                                        plugin's worker process was lost)
//   connector_sync_duration_seconds{connector}          histogram
//   connector_items_synced_total{connector,kind}        counter; items of committed runs;
//                                                        kind: resource_type, resource,
//                                                        entitlement, grant
//   connector_last_good_sync_timestamp_seconds{connector} gauge; Unix time of the end of
//                                                        the latest good sync
//   connector_pending_operations{connector}             gauge; provisioning operations
//                                                        still to poll
//   connector_worker_restarts_total{connector}          counter; worker processes started in
//                                                        place of one that was lost
// (plugin_counters.hpp adds connector_plugin_<name>_total from the plugins.)
#pragma once

#include <connector/store/sync_run.hpp>

#include <chrono>
#include <cstddef>
#include <string_view>

#include "metrics/metrics_registry.hpp"

namespace connector::host::service {

// Declares the families above in `metrics`. Idempotent.
void declare_sync_metrics(MetricsRegistry& metrics);

// Counts one finished sync (its final run state and how long it took). A failed run
// whose plugin worker was lost counts as outcome "crashed".
void record_sync(MetricsRegistry& metrics, const store::SyncRun& run,
                 std::chrono::duration<double> duration, bool worker_lost = false);

// Counts a worker process started for `connector` in place of one that was lost.
void record_worker_restart(MetricsRegistry& metrics, std::string_view connector) noexcept;

void record_last_good_sync(MetricsRegistry& metrics, std::string_view connector,
                           store::TimePoint finished_at);
void record_pending_operations(MetricsRegistry& metrics, std::string_view connector,
                               std::size_t pending);

}  // namespace connector::host::service
