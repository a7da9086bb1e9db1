// Fuzz target: a failed NinjaOne answer (status, headers, body) through the SDK
// client's error mapping (connector/sdk/http/error_mapping.hpp) with NinjaOne's dialect
// (plugins/ninjaone/api/ninjaone_api.hpp: its error fields, the HTML rate-limit page)
// and the retry policy's Retry-After reader (connector/sdk/http/retry_policy.hpp).
//
// Input: 2 bytes status, 1 byte options (content type, OAuth flow), then the
// Retry-After value and the x-nj-request-id value, each ended by '\n', then the body.
//
// Beyond "no crash": Retry-After never gives a negative wait; a rate-limit page is only
// ever one of the three statuses NinjaOne sends it with; api_error and token_error
// answer a documented status (the HTTP status table of error_mapping.hpp), a one-line
// message and details that are a JSON object repeating http_status, retry_after_ms
// and request_id; and a redacted error no longer contains the secret.
#include <boost/json/parse.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <connector/sdk/http/error_mapping.hpp>
#include <connector/sdk/http/retry_policy.hpp>

#include "api/ninjaone_api.hpp"
#include "fuzz_check.hpp"

namespace {

namespace client = connector::sdk::http;
using connector::sdk::Error;

constexpr std::string_view kContentTypes[] = {"application/json", "text/html; charset=utf-8",
                                              "text/plain", "", "application/problem+json"};
constexpr std::string_view kSecret = "s3cr3t-T0k3n";

// The status api_error documents for an answer the server explains no further.
conn_status documented_status(unsigned http_status) {
  switch (http_status) {
    case 401:
      return CONN_UNAUTHENTICATED;
    case 403:
      return CONN_PERMISSION_DENIED;
    case 404:
      return CONN_NOT_FOUND;
    case 400:
    case 422:
      return CONN_INVALID_ARGUMENT;
    case 409:
      return CONN_ALREADY_EXISTS;
    case 429:
      return CONN_RESOURCE_EXHAUSTED;
    default:
      return http_status >= 500 ? CONN_UNAVAILABLE : CONN_UNKNOWN;
  }
}

void check_error(const Error& error, const client::HttpAnswer& answer) {
  const std::string_view message = error.what();
  FUZZ_CHECK(message.find_first_of("\r\n") == std::string_view::npos,
             "an error message is one line");
  boost::system::error_code ec;
  const boost::json::value details = boost::json::parse(error.details_json(), ec);
  FUZZ_CHECK(!ec && details.is_object(), "details are a JSON object");
  const boost::json::object& d = details.as_object();
  if (answer.status != 0) {
    FUZZ_CHECK(d.contains("http_status") &&
                   d.at("http_status").to_number<std::uint64_t>() == answer.status,
               "details repeat the HTTP status");
  }
  if (answer.retry_after) {
    FUZZ_CHECK(d.contains("retry_after_ms") &&
                   d.at("retry_after_ms").to_number<std::int64_t>() == answer.retry_after->count(),
               "details repeat the wait the server asked for");
  }
  if (!answer.request_id.empty()) {
    FUZZ_CHECK(d.contains("request_id") && d.at("request_id").as_string() == answer.request_id,
               "details repeat the request id");
  }

  const Error redacted = client::redact(error, {std::string(kSecret)});
  FUZZ_CHECK(std::string_view(redacted.what()).find(kSecret) == std::string_view::npos,
             "a redacted message holds no secret");
  FUZZ_CHECK(redacted.details_json().find(kSecret) == std::string::npos,
             "redacted details hold no secret");
  FUZZ_CHECK(redacted.status() == error.status(), "redaction keeps the status");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  connector::fuzz::FuzzInput input(data, size);
  client::HttpAnswer answer;
  answer.status = input.uint16() % 600u;
  const std::uint8_t options = input.byte();
  answer.content_type = kContentTypes[options % std::size(kContentTypes)];
  const bool refresh_flow = (options & 0x80) != 0;
  const std::string_view retry_after = input.take_until('\n');
  answer.request_id = client::printable_header_value(input.take_until('\n'));  // as exchange.cpp
  answer.body = input.rest();

  // A fixed "now", so that an input replays the same way whenever it runs.
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000));
  answer.retry_after = client::parse_retry_after(retry_after, now);
  if (answer.retry_after) {
    FUZZ_CHECK(*answer.retry_after >= std::chrono::milliseconds{0}, "a wait is never negative");
  }

  const ninjaone::NinjaOneDialect dialect;
  if (dialect.is_rate_limit_page(answer)) {
    FUZZ_CHECK(answer.status == 200 || answer.status == 429 || answer.status == 503,
               "a rate-limit page comes with 200, 429 or 503");
    FUZZ_CHECK(answer.content_type.find("json") == std::string::npos,
               "a JSON answer is never a rate-limit page");
  }

  const client::ErrorBody body = dialect.read_error_body(answer.body);
  const Error api = client::api_error("GET /v2/users on app.ninjarmm.com:443", answer, dialect);
  check_error(api, answer);
  const bool explained =
      body.code == "user_context_required" ||
      (answer.status == 404 && answer.body.find("Client app not exist") != std::string::npos);
  if (!explained) {
    FUZZ_CHECK(api.status() == documented_status(answer.status),
               "api_error follows the status table");
  }

  const Error token = client::token_error("POST /ws/oauth/token on app.ninjarmm.com:443", answer,
                                          "monitoring management", refresh_flow, dialect);
  check_error(token, answer);
  return 0;
}
