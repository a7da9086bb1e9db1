// When a job runs next: its period with jitter after a success, an exponentially
// growing but bounded delay after failures.
#pragma once

#include <chrono>
#include <random>

namespace connector::host::scheduler {

struct BackoffPolicy {
  std::chrono::milliseconds initial{std::chrono::seconds(5)};  // after the first failure
  std::chrono::milliseconds max{std::chrono::minutes(5)};      // never longer than this
};

// The delay before retrying a job that failed `failures` times in a row (>= 1):
// initial * 2^(failures - 1), capped at policy.max and at `period`, so a failing
// job is never retried later than it would have run had it succeeded.
std::chrono::milliseconds retry_delay(const BackoffPolicy& policy, unsigned failures,
                                      std::chrono::milliseconds period);

// `period` plus a uniformly random extra in [0, jitter]: connectors sharing a period
// do not all hit their remote services in the same second.
std::chrono::milliseconds jittered(std::chrono::milliseconds period,
                                   std::chrono::milliseconds jitter, std::mt19937_64& random);

}  // namespace connector::host::scheduler
