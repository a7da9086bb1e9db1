// What the service says about itself on /metrics, present from the start and also
// with no connector at all:
//   connector_host_build_info{version}       gauge; always 1
//   connector_host_connectors{state}         gauge; the manifest directory's connectors
//                                            by state: loaded, failed, disabled
//   connector_host_plugins{state}            gauge; the plugin directory's libraries by
//                                            state: loaded, failed
// Every state has its series, 0 included, so an alert on failed > 0 has a series to
// read before anything failed.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "metrics/metrics_registry.hpp"
#include "sync/connector_set.hpp"

namespace connector::host::service {

void record_build_info(MetricsRegistry& metrics, std::string_view version);
void record_connector_states(MetricsRegistry& metrics,
                             const std::vector<ConnectorStatus>& connectors);
void record_plugin_states(MetricsRegistry& metrics, std::size_t loaded, std::size_t failed);

}  // namespace connector::host::service
