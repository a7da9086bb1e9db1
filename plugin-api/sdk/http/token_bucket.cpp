#include <connector/sdk/http/token_bucket.hpp>

#include <connector/sdk/call_wait.hpp>

#include <algorithm>
#include <cmath>

namespace connector::sdk::http {

namespace {
// The bucket holds this much time's worth of requests.
constexpr double kBurstSeconds = 10.0;
}  // namespace

TokenBucket::TokenBucket(int requests_per_minute, Clock::time_point now)
    : per_second_(requests_per_minute > 0 ? requests_per_minute / 60.0 : 0.0),
      capacity_(std::max(1.0, std::floor(per_second_ * kBurstSeconds))),
      tokens_(capacity_),
      refilled_at_(now) {}

TokenBucket::Clock::duration TokenBucket::try_take(Clock::time_point now) {
  if (unlimited()) return Clock::duration::zero();
  std::lock_guard lock(mutex_);
  if (now > refilled_at_) {
    const double elapsed = std::chrono::duration<double>(now - refilled_at_).count();
    tokens_ = std::min(capacity_, tokens_ + elapsed * per_second_);
    refilled_at_ = now;
  }
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return Clock::duration::zero();
  }
  const std::chrono::duration<double> wait((1.0 - tokens_) / per_second_);
  // Rounded up, so the caller does not wake a hair too early and wait twice.
  return std::max<Clock::duration>(std::chrono::ceil<std::chrono::microseconds>(wait),
                                   std::chrono::microseconds{1});
}

bool TokenBucket::take(const connector::sdk::Call& call) {
  bool waited = false;
  for (;;) {
    const Clock::duration wait = try_take(Clock::now());
    if (wait == Clock::duration::zero()) return waited;
    waited = true;
    const auto wait_ms = std::chrono::ceil<std::chrono::milliseconds>(wait);
    if (!wait_for(call, wait_ms)) {
      throw connector::sdk::Error(
          CONN_DEADLINE_EXCEEDED,
          "the call's deadline comes before the client-side rate limit (requests_per_minute) "
          "allows another request",
          R"({"retry_after_ms":)" + std::to_string(wait_ms.count()) + "}");
    }
  }
}

}  // namespace connector::sdk::http
