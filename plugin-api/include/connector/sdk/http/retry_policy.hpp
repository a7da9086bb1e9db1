// The pure parts of deciding whether and when to try a request again: exponential
// backoff with full jitter, and the Retry-After header. No I/O, so each is
// unit-tested on its own.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace connector::sdk::http {

// "Full jitter" (AWS architecture blog, "Exponential Backoff And Jitter"): the n-th
// retry (n from 0) waits a uniformly random time in [0, min(max, base * 2^n)], which
// spreads out clients that failed together better than a fixed exponential delay.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds base, std::chrono::milliseconds max, std::uint64_t seed);

  // The upper bound of the n-th wait: min(max, base * 2^n), without overflow.
  std::chrono::milliseconds ceiling(int retry) const noexcept;
  // A random wait in [0, ceiling(retry)].
  std::chrono::milliseconds delay(int retry);

 private:
  std::chrono::milliseconds base_, max_;
  std::mt19937_64 random_;
};

// Parses a Retry-After value: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct
// 2015 07:28:00 GMT", also the obsolete RFC 850 and asctime forms), relative to
// `now`. A date in the past gives 0. Returns nullopt for anything else.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

}  // namespace connector::sdk::http
