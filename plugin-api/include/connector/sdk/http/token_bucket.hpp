// The client-side rate limit: a token bucket refilled at requests_per_minute / 60
// tokens a second, holding at most ten seconds' worth, so a tenant's limit is kept
// before the server has to enforce it while short bursts still go at full speed.
#pragma once

#include <connector/sdk.hpp>

#include <chrono>
#include <mutex>

namespace connector::sdk::http {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // requests_per_minute <= 0 means unlimited. The bucket starts full.
  explicit TokenBucket(int requests_per_minute, Clock::time_point now = Clock::now());

  bool unlimited() const noexcept { return per_second_ <= 0; }
  double capacity() const noexcept { return capacity_; }

  // Takes one token if there is one at `now` and returns zero; otherwise takes
  // nothing and returns how long until there will be one. [thread-safe]
  Clock::duration try_take(Clock::time_point now);

  // Blocks until a token is taken. Returns true if it had to wait. Throws
  // sdk::Error CANCELLED when the call is cancelled, DEADLINE_EXCEEDED when the call's
  // deadline comes before the next token. [thread-safe]
  bool take(const connector::sdk::Call& call);

 private:
  std::mutex mutex_;
  double per_second_;
  double capacity_;
  double tokens_;
  Clock::time_point refilled_at_;
};

}  // namespace connector::sdk::http
