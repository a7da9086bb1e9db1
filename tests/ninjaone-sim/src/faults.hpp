// Fault injection: which request gets which failure. A spec is a comma list such as
//   "429=0.2,html200=0.05,reset=0.01,retry-after=2,slow-ms=300,paths=/v2/user/roles,methods=GET"
// (also "oversized-bytes=N", the firstName length of the "oversized" fault).
// Rates are probabilities (0..1) that together must not exceed 1. The n-th eligible
// request draws one number from a hash of (seed, n), so a given seed and request order
// always give the same faults. /_sim/* is never eligible.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ninjaone_sim {

enum class FaultKind {
  too_many_requests,       // "429": 429 with Retry-After
  too_many_requests_bare,  // "429-bare": 429 without Retry-After
  html_200,                // "html200": 200 text/html "Rate limit exceeded" page
  html_503,                // "html503": 503 text/html "Rate limit exceeded" page
  internal_error,          // "500"
  service_unavailable,     // "503"
  reset,                   // "reset": close before replying; request NOT applied
  reset_after_write,       // "reset-after-write": apply, then close without reply
  slow,                    // "slow": apply, reply after slow-ms
  malformed,               // "malformed": 200 application/json with broken JSON; not applied
  truncated,     // "truncated": apply, send part of the body under a longer Content-Length, close
  revoke,        // "revoke": every access token is revoked, then the request is handled as usual
  oversized,     // "oversized": 200, a JSON array whose one user has a firstName of
                 // oversized-bytes bytes, streamed; not applied
  huge_numbers,  // "huge-numbers": 200, a JSON array of two users, one holding numbers
                 // beyond a double's range (1e400) where strings are expected; not applied
};

std::string_view to_string(FaultKind kind);

struct FaultSpec {
  std::vector<std::pair<FaultKind, double>> rates;  // in the order given
  std::chrono::seconds retry_after{1};
  std::chrono::milliseconds slow{5000};
  std::uint64_t oversized_bytes = 100 * 1024 * 1024;  // "oversized-bytes=N"
  std::vector<std::string> path_prefixes;             // empty: every path ("paths=/a|/b")
  std::vector<std::string> methods;                   // empty: every method ("methods=GET|PATCH")
  std::string text;                                   // the spec as given

  // Throws std::invalid_argument naming the bad entry.
  static FaultSpec parse(std::string_view text);
};

class FaultInjector {
 public:
  explicit FaultInjector(std::uint64_t seed, FaultSpec spec = {});

  // The fault for this request, if any. `path` is already stripped of "/api".
  std::optional<FaultKind> decide(std::string_view method, std::string_view path);
  // Replaces the spec and restarts the request count, so a run stays reproducible.
  void set_spec(FaultSpec spec);
  std::shared_ptr<const FaultSpec> spec() const;

 private:
  std::uint64_t seed_;
  mutable std::mutex mutex_;
  std::shared_ptr<const FaultSpec> spec_;
  std::uint64_t counter_ = 0;
};

}  // namespace ninjaone_sim
