// The host's own metrics about syncs and pending operations:
//   connector_syncs_total{connector,outcome}            counter; outcome: good, quarantined,
//                                                        failed, cancelled
//   connector_sync_duration_seconds{connector}          histogram
//   connector_items_synced_total{connector,kind}        counter; items of committed runs;
//                                                        kind: resource_type, resource,
//                                                        entitlement, grant
//   connector_last_good_sync_timestamp_seconds{connector} gauge; Unix time of the end of
//                                                        the latest good sync
//   connector_pending_operations{connector}             gauge; provisioning operations
//                                                        still to poll
// (plugin_counters.hpp adds connector_plugin_<name>_total from the plugins.)
#pragma once

#include <connector/store/sync_run.hpp>

#include <chrono>
#include <cstddef>
#include <string_view>

#include "service/metrics_registry.hpp"

namespace connector::host::service {

// Declares the families above in `metrics`. Idempotent.
void declare_sync_metrics(MetricsRegistry& metrics);

// Counts one finished sync (its final run state and how long it took).
void record_sync(MetricsRegistry& metrics, const store::SyncRun& run,
                 std::chrono::duration<double> duration);

void record_last_good_sync(MetricsRegistry& metrics, std::string_view connector,
                           store::TimePoint finished_at);
void record_pending_operations(MetricsRegistry& metrics, std::string_view connector,
                               std::size_t pending);

}  // namespace connector::host::service
