// One attempt of one request: take a connection from the pool, connect it if new,
// write the request, read the answer (streaming a JSON array body into its consumer
// or collecting the body), and give the connection back for reuse.
#pragma once

#include <connector/sdk.hpp>
#include <connector/sdk/http/http_answer.hpp>
#include <connector/sdk/json_array_stream.hpp>

#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <string>

#include "http/connection_pool.hpp"
#include "http/stats_counters.hpp"

namespace connector::sdk::http {

struct OutgoingRequest {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string target;         // path and query, as sent
  std::string body;           // empty: no body
  std::string content_type;   // of `body`
  std::string authorization;  // the Authorization header value, or empty
};

// What every exchange of one client sends and reads alike.
struct ExchangeConventions {
  std::string user_agent;         // the User-Agent header
  std::string request_id_header;  // the response header holding the server's request id
};

struct ExchangeTimeouts {
  std::chrono::milliseconds connect;  // resolve + connect + TLS handshake
  std::chrono::milliseconds request;  // writing, and each read (an idle timeout)
};

// The largest body kept in memory (a streamed array has no limit).
inline constexpr std::size_t kMaxCollectedBody = 64 * 1024 * 1024;

// Makes the attempt on behalf of `call`, which is checked for cancellation while a
// long body arrives. When `stream` is given and the answer is a 2xx JSON body, the
// body goes to `stream` (restarted first), read ahead on a thread of its own while
// this one parses it and hands the elements over (body_read_ahead.hpp), and the
// returned answer has an empty body; otherwise the body is collected. Throws TransportError, with a
// malformed streamed body reported as a read failure; exceptions from the stream's consumer
// propagate.
HttpAnswer exchange_once(const connector::sdk::Call& call, ConnectionPool& pool,
                         const OutgoingRequest& request, const ExchangeConventions& conventions,
                         const ExchangeTimeouts& timeouts, JsonArrayStream* stream,
                         StatsCounters& stats);

}  // namespace connector::sdk::http
