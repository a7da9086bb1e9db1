// The client's running totals, updated from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace connector::sdk::http {

struct StatsCounters {
  std::atomic<std::uint64_t> requests{0};        // requests written to a connection
  std::atomic<std::uint64_t> bytes_received{0};  // response body bytes
  std::atomic<std::uint64_t> retries{0};
  std::atomic<std::uint64_t> rate_limit_waits{0};  // waits on the bucket or a server rate limit
  std::atomic<std::uint64_t> token_refreshes{0};   // access tokens fetched
};

}  // namespace connector::sdk::http
