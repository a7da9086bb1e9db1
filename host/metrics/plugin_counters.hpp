// The host's side of conn_host.add_to_counter (ABI 1.1): a plugin's own counters,
// eg: its HTTP requests by status, retries, rate-limit waits.
//
// add_to_counter(name="http_requests", labels={"status":"429"}, delta=1) from the
// connector "ninjaone-prod" becomes
//   connector_plugin_http_requests_total{connector="ninjaone-prod",status="429"} += 1
// A call that breaks host.h's rules (name not [a-z0-9_]+, labels not a flat JSON
// object of strings, a "connector" label, a negative or non-finite delta) is dropped
// and counted in connector_plugin_counter_rejected_total{connector}: a plugin bug
// must neither take the host down nor corrupt the exposition.
#pragma once

#include <string>
#include <string_view>

#include "metrics/metrics_registry.hpp"

namespace connector::host::service {

// The Prometheus name for the plugin counter `name`: "connector_plugin_<name>_total".
std::string plugin_counter_name(std::string_view name);

// Adds `delta` as described above. Never throws. [thread-safe]
void add_plugin_counter(MetricsRegistry& metrics, std::string_view connector, std::string_view name,
                        std::string_view labels_json, double delta) noexcept;

// The same into process_metrics(): what the conn_host callback calls.
void add_plugin_counter(std::string_view connector, std::string_view name,
                        std::string_view labels_json, double delta) noexcept;

}  // namespace connector::host::service
