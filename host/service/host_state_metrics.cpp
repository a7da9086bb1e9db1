#include "service/host_state_metrics.hpp"

#include <algorithm>
#include <string>

namespace connector::host::service {

void record_build_info(MetricsRegistry& metrics, std::string_view version) {
  metrics.declare("connector_host_build_info", MetricType::gauge,
                  "The connector-host build serving these metrics (the value is always 1).");
  metrics.set("connector_host_build_info", {{"version", std::string(version)}}, 1);
}

void record_connector_states(MetricsRegistry& metrics,
                             const std::vector<ConnectorStatus>& connectors) {
  metrics.declare("connector_host_connectors", MetricType::gauge,
                  "Connectors the manifest directory defines, by state: loaded, failed (the "
                  "manifest as it is now did not load), disabled.");
  for (const ConnectorState state :
       {ConnectorState::loaded, ConnectorState::failed, ConnectorState::disabled}) {
    const auto count = std::count_if(
        connectors.begin(), connectors.end(),
        [state](const ConnectorStatus& connector) { return connector.state == state; });
    metrics.set("connector_host_connectors", {{"state", state_name(state)}},
                static_cast<double>(count));
  }
}

void record_plugin_states(MetricsRegistry& metrics, std::size_t loaded, std::size_t failed) {
  metrics.declare("connector_host_plugins", MetricType::gauge,
                  "Plugin libraries in the plugin directory, by state: loaded, failed.");
  metrics.set("connector_host_plugins", {{"state", "loaded"}}, static_cast<double>(loaded));
  metrics.set("connector_host_plugins", {{"state", "failed"}}, static_cast<double>(failed));
}

}  // namespace connector::host::service
