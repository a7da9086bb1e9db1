#include "scheduler/backoff.hpp"

#include <algorithm>

namespace connector::host::scheduler {

std::chrono::milliseconds retry_delay(const BackoffPolicy& policy, unsigned failures,
                                      std::chrono::milliseconds period) {
  const auto cap = std::min(policy.max, period);
  auto delay = policy.initial;
  // Doubling stops at the cap, so the loop is short and cannot overflow.
  for (unsigned i = 1; i < failures && delay < cap; ++i) delay *= 2;
  return std::clamp(delay, std::chrono::milliseconds(0), cap);
}

std::chrono::milliseconds jittered(std::chrono::milliseconds period,
                                   std::chrono::milliseconds jitter, std::mt19937_64& random) {
  if (jitter.count() <= 0) return period;
  std::uniform_int_distribution<std::chrono::milliseconds::rep> extra(0, jitter.count());
  return period + std::chrono::milliseconds(extra(random));
}

}  // namespace connector::host::scheduler
