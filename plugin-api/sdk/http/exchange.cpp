#include "http/exchange.hpp"

#include <connector/sdk/http/retry_policy.hpp>

#include <boost/beast/http/field.hpp>

#include <memory>

#include "http/body_read_ahead.hpp"
#include "http/transport_error.hpp"

namespace connector::sdk::http {

namespace beast_http = boost::beast::http;

namespace {

// Read size for collected bodies.
constexpr std::size_t kChunk = 64 * 1024;

Connection::Request build(const Endpoint& endpoint, const ProxyServer* proxy,
                          const OutgoingRequest& request, const ExchangeConventions& conventions) {
  // Plain HTTP through a proxy: the absolute form (RFC 9112 3.2.2) tells the proxy
  // where to go, and the credentials are the proxy's on every request. Through a
  // CONNECT tunnel the request is the endpoint's alone.
  const bool absolute_form = proxy != nullptr && !endpoint.tls;
  Connection::Request message{
      request.method,
      absolute_form ? "http://" + endpoint.host_header + request.target : request.target, 11};
  message.set(beast_http::field::host, endpoint.host_header);
  if (absolute_form && !proxy->authorization.empty()) {
    message.set(beast_http::field::proxy_authorization, proxy->authorization);
  }
  message.set(beast_http::field::user_agent, conventions.user_agent);
  message.set(beast_http::field::accept, "application/json");
  if (!request.authorization.empty())
    message.set(beast_http::field::authorization, request.authorization);
  if (!request.body.empty() || request.method == beast_http::verb::post ||
      request.method == beast_http::verb::put || request.method == beast_http::verb::patch) {
    if (!request.content_type.empty())
      message.set(beast_http::field::content_type, request.content_type);
    message.body() = request.body;
  }
  message.keep_alive(true);
  message.prepare_payload();
  return message;
}

bool is_json(std::string_view content_type) {
  return content_type.find("json") != std::string_view::npos;
}

// The body of the response on `connection`, for a thread reading ahead.
BodySource body_of(Connection& connection, std::chrono::milliseconds timeout) {
  return BodySource{[&connection, timeout](char* out, std::size_t size) {
                      return connection.read_body(out, size, timeout);
                    },
                    [&connection] { connection.abort(); }};
}

// The whole body, up to kMaxCollectedBody, read on the calling thread.
std::string collect_body(const connector::sdk::Call& call, Connection& connection,
                         std::chrono::milliseconds timeout, const Endpoint& endpoint,
                         StatsCounters& stats) {
  std::string body;
  const auto chunk = std::make_unique_for_overwrite<char[]>(kChunk);
  for (;;) {
    call.throw_if_cancelled();  // a long body may take a while
    const std::size_t n = connection.read_body(chunk.get(), kChunk, timeout);
    if (n == 0) return body;
    stats.bytes_received += n;
    if (body.size() + n > kMaxCollectedBody) {
      throw TransportError(TransportError::Stage::read,
                           "the response from " + endpoint.authority + " is larger than 64 MiB",
                           true, true);
    }
    body.append(chunk.get(), n);
  }
}

}  // namespace

HttpAnswer exchange_once(const connector::sdk::Call& call, ConnectionPool& pool,
                         const OutgoingRequest& request, const ExchangeConventions& conventions,
                         const ExchangeTimeouts& timeouts, JsonArrayStream* stream,
                         StatsCounters& stats) {
  std::unique_ptr<Connection> connection = pool.acquire();
  if (!connection->is_open()) connection->connect(timeouts.connect);
  connection->write(build(pool.endpoint(), pool.proxy(), request, conventions), timeouts.request);
  ++stats.requests;

  const Connection::ResponseHeader& header = connection->read_header(timeouts.request);
  if (header.result_int() == 407 && pool.proxy() != nullptr && !pool.endpoint().tls) {
    // The proxy (absolute form; a tunnel's 407 comes from Connection::connect) did not
    // forward the request: no retry can help, nor was a write applied.
    throw TransportError(
        TransportError::Stage::proxy,
        proxy_authentication_failure(*pool.proxy(), header[beast_http::field::proxy_authenticate]),
        false, true);
  }
  HttpAnswer answer;
  answer.status = header.result_int();
  answer.content_type = std::string(header[beast_http::field::content_type]);
  answer.request_id = printable_header_value(header[conventions.request_id_header]);
  if (const auto retry_after = header[beast_http::field::retry_after]; !retry_after.empty()) {
    answer.retry_after = parse_retry_after(retry_after, std::chrono::system_clock::now());
  }

  const bool success = answer.status >= 200 && answer.status < 300;
  try {
    if (stream != nullptr && success && is_json(answer.content_type)) {
      stream->restart();
      read_body_ahead(call, body_of(*connection, timeouts.request), [&](std::string_view piece) {
        stats.bytes_received += piece.size();
        stream->write(piece);
      });
      stream->finish();
    } else {
      answer.body = collect_body(call, *connection, timeouts.request, pool.endpoint(), stats);
    }
  } catch (const MalformedJson& e) {
    // A broken body is retried like a broken connection (reads only).
    throw TransportError(
        TransportError::Stage::read,
        "reading the response from " + pool.endpoint().authority + " failed: " + e.what(), true);
  }
  pool.release(std::move(connection));
  return answer;
}

}  // namespace connector::sdk::http
