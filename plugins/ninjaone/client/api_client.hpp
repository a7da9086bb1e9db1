// The NinjaOne API client: OAuth, HTTPS with keep-alive, retries, the client-side
// rate limit and streaming JSON. It knows nothing of users, roles or organizations;
// the resource files under plugins/ninjaone/resources/ use it and know nothing of HTTP.
//
// Every method blocks until it is done and may be called from several threads at
// once. Failures are thrown as connector::sdk::Error with a status, a one-line
// message without secrets, and a details JSON object (http_status, retry_after_ms,
// incident_id, request_id, error) so they can be handed to the host as they are.
#pragma once

#include <connector/sdk.hpp>

#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "client/client_options.hpp"

namespace ninjaone::client {

struct Response {
  unsigned status;
  std::string body;
  std::string request_id;  // x-nj-request-id
};

// Writes are retried only when the server certainly did not apply them.
enum class WriteSafety { read, write };

struct ClientStats {
  std::uint64_t requests, bytes_received, retries, rate_limit_waits, token_refreshes;
  std::uint64_t connections_opened = 0;  // TCP (and TLS) connections made, for keep-alive checks
};

class ApiClient {
 public:
  // Checks the options (URLs, ca_file) and throws sdk::Error on bad ones; makes no request.
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
  // elements. An exception thrown by on_item stops the request and propagates.
  std::size_t get_array(const connector::sdk::Call& call, std::string_view target,
                        const std::function<void(boost::json::value&&)>& on_item);

  // GET returning one JSON value (objects such as /v2/organization/{id}).
  boost::json::value get_json(const connector::sdk::Call& call, std::string_view target);

  // Any method with an optional JSON body (serialized compactly, Content-Type
  // application/json). 204 gives an empty body. Non-2xx answers are thrown as errors.
  // A write whose outcome is unknown (the connection failed after the request was
  // sent, or a 5xx answer) throws UNAVAILABLE with details {"ambiguous_write":true}:
  // re-read the state before trying again.
  Response send(const connector::sdk::Call& call, boost::beast::http::verb method,
                std::string_view target, const boost::json::value* body, WriteSafety safety);

  // Ensures a valid access token (fetching one if needed), to test credentials.
  // Returns the granted scope string (the requested one when the server omits it).
  std::string authenticate(const connector::sdk::Call& call);

  ClientStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ninjaone::client
