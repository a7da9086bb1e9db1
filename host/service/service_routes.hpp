// The service's HTTP endpoints:
//   GET /healthz  200 while the process serves requests (liveness)
//   GET /readyz   200 when the manifests are loaded, every enabled connector among
//                 them too, and the store is open; else 503 and the reasons, one a
//                 line (readiness)
//   GET /metrics  the metrics in the Prometheus text format
// Anything else is 404; a method other than GET or HEAD is 405.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "metrics/metrics_registry.hpp"
#include "service/http_server.hpp"

namespace connector::host::service {

// Why the service is not ready (one reason a line, no final line feed), or nullopt
// when it is. Called on the I/O thread.
using ReadinessProbe = std::function<std::optional<std::string>()>;

// `metrics` must outlive the handler; rendering runs its collectors.
HttpHandler make_service_routes(ReadinessProbe readiness, MetricsRegistry& metrics);

}  // namespace connector::host::service
