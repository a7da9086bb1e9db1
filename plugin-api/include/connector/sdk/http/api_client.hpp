// The API client every connector shares (as baton-sdk's uhttp): OAuth 2.0 or a static
// bearer token, HTTPS with keep-alive, retries with jitter and Retry-After, the
// client-side rate limit and streaming JSON. It knows nothing of any connector's
// resources; a connector gives it a base URL, an auth scheme and its ApiDialect
// (client_options.hpp), and its resource types call it without seeing HTTP.
//
// Every method blocks until it is done and may be called from several threads at
// once. Failures are thrown as connector::sdk::Error with a status, a one-line
// message without secrets, and a details JSON object (http_status, retry_after_ms,
// incident_id, request_id, error) so they can be handed to the host as they are.
#pragma once

#include <connector/sdk.hpp>
#include <connector/sdk/http/client_options.hpp>
#include <connector/sdk/json_array_stream.hpp>

#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace connector::sdk::http {

struct Response {
  unsigned status;
  std::string body;
  std::string request_id;  // ApiDialect::request_id_header
};

// Writes are retried only when the server certainly did not apply them.
enum class WriteSafety { read, write };

struct ClientStats {
  std::uint64_t requests, bytes_received, retries, rate_limit_waits, token_refreshes;
  std::uint64_t connections_opened = 0;  // TCP (and TLS) connections made, for keep-alive checks
};

class ApiClient {
 public:
  // Checks the options (URLs, ca_file, the proxy that applies, from the options or
  // the environment) and throws sdk::Error on bad ones; makes no request.
  ApiClient(ClientOptions options, connector::sdk::Host host);
  // Closes pooled connections.
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  // GET `target` (path + query, e.g. "/v2/user/roles?roleType=TECHNICIAN"); the body
  // must be a JSON array. Each element is parsed incrementally and handed to on_item
  // as it completes, so memory does not grow with the response. When a read is
  // retried after a failure in the middle of the body, the elements already handed
  // over are skipped, so on_item sees each element once. Returns the number of
  // elements. An exception thrown by on_item stops the request and propagates. An
  // element past ClientOptions::element_limits fails the request (RESOURCE_EXHAUSTED,
  // naming the request), without retrying it.
  std::size_t get_array(const connector::sdk::Call& call, std::string_view target,
                        const std::function<void(boost::json::value&&)>& on_item);

  // The same, with each element read as a record of `shape` (json_array_stream.hpp):
  // only the members it names are built. For long listings of which a connector
  // reads a few members.
  std::size_t get_records(const connector::sdk::Call& call, std::string_view target,
                          const RecordShape& shape,
                          const std::function<void(const JsonRecord&)>& on_record);

  // GET returning one JSON value (objects such as /v2/organization/{id}).
  boost::json::value get_json(const connector::sdk::Call& call, std::string_view target);

  // Any method with an optional JSON body (serialized compactly, Content-Type
  // application/json). 204 gives an empty body. Non-2xx answers are thrown as errors.
  // A write whose outcome is unknown (the connection failed after the request was
  // sent, or a 5xx answer) throws UNAVAILABLE with details {"ambiguous_write":true}:
  // re-read the state before trying again.
  Response send(const connector::sdk::Call& call, boost::beast::http::verb method,
                std::string_view target, const boost::json::value* body, WriteSafety safety);

  // OAuth flows: ensures a valid access token (fetching one if needed), to test the
  // credentials, and returns the granted scope string (the requested one when the
  // server omits it). Other flows make no request and return an empty string.
  std::string authenticate(const connector::sdk::Call& call);

  // How requests to base_url go, for a connector's validate: "direct", "direct
  // (NO_PROXY)", "via proxy http://proxy:3128 (HTTPS_PROXY)" (proxy.hpp). Never
  // holds credentials. [thread-safe]
  std::string network_route() const;

  ClientStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace connector::sdk::http
