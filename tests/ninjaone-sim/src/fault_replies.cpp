#include "fault_replies.hpp"

namespace ninjaone_sim {
namespace {

constexpr std::string_view kRateLimitPage =
    "<!DOCTYPE html>\n<html><head><title>Too Many Requests</title></head>\n"
    "<body><h1>Rate limit exceeded - too many requests</h1>\n"
    "<p>Please slow down and try again later.</p></body></html>\n";

Reply html_page(unsigned status) {
  Reply r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = kRateLimitPage;
  return r;
}

}  // namespace

bool replaces_handling(FaultKind kind) {
  switch (kind) {
    case FaultKind::too_many_requests:
    case FaultKind::too_many_requests_bare:
    case FaultKind::html_200:
    case FaultKind::html_503:
    case FaultKind::internal_error:
    case FaultKind::service_unavailable:
    case FaultKind::malformed:
      return true;
    case FaultKind::reset:
    case FaultKind::reset_after_write:
    case FaultKind::slow:
    case FaultKind::truncated:
    case FaultKind::revoke:
      return false;
  }
  return false;
}

Reply fault_reply(FaultKind kind, const FaultSpec& spec) {
  switch (kind) {
    case FaultKind::too_many_requests: {
      auto r = app_error_reply(ApiError(429, "TOO_MANY_REQUESTS", "Rate limit exceeded"));
      r.headers.emplace_back("Retry-After", std::to_string(spec.retry_after.count()));
      return r;
    }
    case FaultKind::too_many_requests_bare:
      return app_error_reply(ApiError(429, "TOO_MANY_REQUESTS", "Rate limit exceeded"));
    case FaultKind::html_200:
      return html_page(200);
    case FaultKind::html_503:
      return html_page(503);
    case FaultKind::internal_error:
      return app_error_reply(ApiError(500, "INTERNAL_SERVER_ERROR", "Internal server error"));
    case FaultKind::service_unavailable:
      return app_error_reply(
          ApiError(503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable"));
    case FaultKind::malformed: {
      Reply r;
      r.body = R"([{"id":101,"firstName":"Broken","email":"broken@exam)";
      return r;
    }
    default:
      return app_error_reply(ApiError(500, "INTERNAL_SERVER_ERROR", "not a replacing fault"));
  }
}

}  // namespace ninjaone_sim
