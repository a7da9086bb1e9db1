// A complete HTTP response as the retry logic and the error mapping see it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace ninjaone::client {

struct HttpAnswer {
  unsigned status = 0;
  std::string content_type;
  std::string request_id;  // x-nj-request-id
  std::optional<std::chrono::milliseconds> retry_after;
  std::string body;  // empty when the body was streamed to its consumer
};

}  // namespace ninjaone::client
