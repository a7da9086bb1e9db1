#include "client/exchange.hpp"

#include <boost/beast/http/field.hpp>

#include <memory>

#include "client/retry_policy.hpp"
#include "client/transport_error.hpp"

namespace ninjaone::client {

namespace http = boost::beast::http;

namespace {

constexpr const char* kUserAgent = "connector-host-ninjaone/0.1";
// Read size for bodies: large enough that a big listing needs few reads.
constexpr std::size_t kChunk = 64 * 1024;

Connection::Request build(const Endpoint& endpoint, const OutgoingRequest& request) {
  Connection::Request message{request.method, request.target, 11};
  message.set(http::field::host, endpoint.host_header);
  message.set(http::field::user_agent, kUserAgent);
  message.set(http::field::accept, "application/json");
  if (!request.authorization.empty())
    message.set(http::field::authorization, request.authorization);
  if (!request.body.empty() || request.method == http::verb::post ||
      request.method == http::verb::put || request.method == http::verb::patch) {
    if (!request.content_type.empty()) message.set(http::field::content_type, request.content_type);
    message.body() = request.body;
  }
  message.keep_alive(true);
  message.prepare_payload();
  return message;
}

bool is_json(std::string_view content_type) {
  return content_type.find("json") != std::string_view::npos;
}

}  // namespace

HttpAnswer exchange_once(const connector::sdk::Call& call, ConnectionPool& pool,
                         const OutgoingRequest& request, const ExchangeTimeouts& timeouts,
                         JsonArrayStream* stream, StatsCounters& stats) {
  std::unique_ptr<Connection> connection = pool.acquire();
  if (!connection->is_open()) connection->connect(timeouts.connect);
  connection->write(build(pool.endpoint(), request), timeouts.request);
  ++stats.requests;

  const Connection::ResponseHeader& header = connection->read_header(timeouts.request);
  HttpAnswer answer;
  answer.status = header.result_int();
  answer.content_type = std::string(header[http::field::content_type]);
  answer.request_id = std::string(header["x-nj-request-id"]);
  if (const auto retry_after = header[http::field::retry_after]; !retry_after.empty()) {
    answer.retry_after = parse_retry_after(retry_after, std::chrono::system_clock::now());
  }

  const bool success = answer.status >= 200 && answer.status < 300;
  const bool to_stream = stream != nullptr && success && is_json(answer.content_type);
  if (to_stream) stream->restart();

  const auto chunk = std::make_unique_for_overwrite<char[]>(kChunk);
  try {
    for (;;) {
      call.throw_if_cancelled();  // a long body may take a while
      const std::size_t n = connection->read_body(chunk.get(), kChunk, timeouts.request);
      if (n == 0) break;
      stats.bytes_received += n;
      const std::string_view piece(chunk.get(), n);
      if (to_stream) {
        stream->write(piece);
      } else if (answer.body.size() + n <= kMaxCollectedBody) {
        answer.body.append(piece);
      } else {
        throw TransportError(
            TransportError::Stage::read,
            "the response from " + pool.endpoint().authority + " is larger than 64 MiB", true,
            true);
      }
    }
    if (to_stream) stream->finish();
  } catch (const MalformedJson& e) {
    // A broken body is retried like a broken connection (reads only).
    throw TransportError(
        TransportError::Stage::read,
        "reading the response from " + pool.endpoint().authority + " failed: " + e.what(), true);
  }
  pool.release(std::move(connection));
  return answer;
}

}  // namespace ninjaone::client
