#include "service/sync_metrics.hpp"

#include <string>

namespace connector::host::service {
namespace {

constexpr std::string_view syncs_total = "connector_syncs_total";
constexpr std::string_view sync_duration = "connector_sync_duration_seconds";
constexpr std::string_view items_synced = "connector_items_synced_total";
constexpr std::string_view last_good_sync = "connector_last_good_sync_timestamp_seconds";
constexpr std::string_view pending_operations = "connector_pending_operations";
constexpr std::string_view worker_restarts = "connector_worker_restarts_total";

}  // namespace

void declare_sync_metrics(MetricsRegistry& metrics) {
  metrics.declare(syncs_total, MetricType::counter, "Syncs finished, by connector and outcome");
  // From a small test tenant (well under a second) to a 100,000-user one (minutes).
  metrics.declare(sync_duration, MetricType::histogram, "Wall time of syncs, by connector",
                  {0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600});
  metrics.declare(items_synced, MetricType::counter,
                  "Items stored by completed syncs, by connector and kind");
  metrics.declare(last_good_sync, MetricType::gauge,
                  "Unix time at which the connector's latest good sync ended");
  metrics.declare(pending_operations, MetricType::gauge,
                  "Provisioning operations still to poll, by connector");
  metrics.declare(worker_restarts, MetricType::counter,
                  "Plugin worker processes started in place of one that crashed, exited, "
                  "stopped answering or ran out of memory, by connector");
}

void record_sync(MetricsRegistry& metrics, const store::SyncRun& run,
                 std::chrono::duration<double> duration, bool worker_lost) {
  const std::string outcome = worker_lost && run.status == store::RunStatus::failed
                                  ? "crashed"
                                  : std::string(store::to_string(run.status));
  metrics.add(syncs_total, {{"connector", run.connector}, {"outcome", outcome}});
  metrics.observe(sync_duration, {{"connector", run.connector}}, duration.count());
  if (run.status != store::RunStatus::good && run.status != store::RunStatus::quarantined) return;
  const std::pair<const char*, std::int64_t> kinds[] = {
      {"resource_type", run.counts.resource_types},
      {"resource", run.counts.resources},
      {"entitlement", run.counts.entitlements},
      {"grant", run.counts.grants}};
  for (const auto& [kind, count] : kinds) {
    metrics.add(items_synced, {{"connector", run.connector}, {"kind", kind}},
                static_cast<double>(count));
  }
  if (run.status == store::RunStatus::good && run.finished_at)
    record_last_good_sync(metrics, run.connector, *run.finished_at);
}

void record_worker_restart(MetricsRegistry& metrics, std::string_view connector) noexcept {
  try {
    metrics.add(worker_restarts, {{"connector", std::string(connector)}});
  } catch (const std::exception&) {  // a metric must never fail a sync
  }
}

void record_last_good_sync(MetricsRegistry& metrics, std::string_view connector,
                           store::TimePoint finished_at) {
  metrics.set(last_good_sync, {{"connector", std::string(connector)}},
              static_cast<double>(store::to_unix_ms(finished_at)) / 1000.0);
}

void record_pending_operations(MetricsRegistry& metrics, std::string_view connector,
                               std::size_t pending) {
  metrics.set(pending_operations, {{"connector", std::string(connector)}},
              static_cast<double>(pending));
}

}  // namespace connector::host::service
