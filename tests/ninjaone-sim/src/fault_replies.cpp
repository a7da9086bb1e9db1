#include "fault_replies.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

namespace ninjaone_sim {
namespace {

constexpr std::string_view kRateLimitPage =
    "<!DOCTYPE html>\n<html><head><title>Too Many Requests</title></head>\n"
    "<body><h1>Rate limit exceeded - too many requests</h1>\n"
    "<p>Please slow down and try again later.</p></body></html>\n";

// A JSON array of one user whose firstName is `bytes` long, produced a chunk at a
// time so the simulator never holds it: what a tenant with one absurd user sends.
class OversizedUserArray : public ChunkSource {
 public:
  explicit OversizedUserArray(std::uint64_t bytes) : left_(bytes) {}

  bool next(std::string& chunk) override {
    if (!started_) {
      started_ = true;
      chunk = R"([{"id":1,"userType":"TECHNICIAN","email":"huge@example.com","firstName":")";
      return true;
    }
    if (left_ > 0) {
      const std::uint64_t n = std::min<std::uint64_t>(left_, kChunkBytes);
      chunk.assign(static_cast<std::size_t>(n), 'x');
      left_ -= n;
      return true;
    }
    chunk = R"(","lastName":"User"}])";
    return false;
  }

 private:
  static constexpr std::uint64_t kChunkBytes = 64 * 1024;
  bool started_ = false;
  std::uint64_t left_;
};

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
    case FaultKind::oversized:
    case FaultKind::huge_numbers:
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
    case FaultKind::oversized: {
      Reply r;
      r.stream = std::make_shared<OversizedUserArray>(spec.oversized_bytes);
      return r;
    }
    case FaultKind::huge_numbers: {
      // Valid JSON, but no double holds these numbers: a parser refuses them, or reads
      // them as it can (Boost.JSON 1.81: 1e400 is infinity, 0e999 NaN). User 1 has them in fields
      // the connector copies (phone, uid, mustChangePw) and in one it ignores; user 2 is ordinary.
      Reply r;
      r.body = R"([{"id":1,"userType":"TECHNICIAN","email":"far@example.com","firstName":"Far",)"
               R"("lastName":"Out","phone":1e400,"uid":-1e999,"mustChangePw":[0e999,true],)"
               R"("administrator":false,"lastLoginTime":1e400},)"
               R"({"id":2,"userType":"END_USER","organizationId":3,"email":"near@example.com",)"
               R"("firstName":"Near","lastName":"By","phone":"+1-555-0100"}])";
      return r;
    }
    default:
      return app_error_reply(ApiError(500, "INTERNAL_SERVER_ERROR", "not a replacing fault"));
  }
}

}  // namespace ninjaone_sim
