#include "service/service_routes.hpp"

#include <string_view>

namespace connector::host::service {

HttpHandler make_service_routes(ReadinessProbe readiness, MetricsRegistry& metrics) {
  return [readiness = std::move(readiness), &metrics](std::string_view method,
                                                      std::string_view target) -> HttpResponse {
    const std::string_view path = target.substr(0, target.find('?'));
    if (method != "GET" && method != "HEAD")
      return {405, "text/plain; charset=utf-8", "GET only\n"};
    if (path == "/healthz") return {200, "text/plain; charset=utf-8", "ok\n"};
    if (path == "/readyz") {
      if (const auto reason = readiness())
        return {503, "text/plain; charset=utf-8", *reason + "\n"};
      return {200, "text/plain; charset=utf-8", "ready\n"};
    }
    if (path == "/metrics")
      return {200, "text/plain; version=0.0.4; charset=utf-8", metrics.render()};
    return {404, "text/plain; charset=utf-8", "not found; try /healthz, /readyz or /metrics\n"};
  };
}

}  // namespace connector::host::service
