// A complete HTTP response as the retry logic and the error mapping see it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace connector::sdk::http {

struct HttpAnswer {
  unsigned status = 0;
  std::string content_type;
  std::string request_id;  // ApiDialect::request_id_header, as printable_header_value keeps it
  std::optional<std::chrono::milliseconds> retry_after;
  std::string body;  // empty when the body was streamed to its consumer
};

// A header value the client repeats (in error details, results and logs, all JSON or
// text that must stay valid UTF-8 on one line) with every byte outside printable ASCII
// replaced by '?'. Request ids are usually UUIDs; a proxy may send anything.
inline std::string printable_header_value(std::string_view raw) {
  std::string value(raw);
  for (char& c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e) c = '?';
  }
  return value;
}

}  // namespace connector::sdk::http
