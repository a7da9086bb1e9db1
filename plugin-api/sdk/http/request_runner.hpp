// Runs one logical request to completion: the client-side rate limit, then attempts
// with retries. Reads are retried on 429, the HTML rate-limit page, 5xx, broken
// connections and malformed bodies, waiting Retry-After or a full-jitter backoff, up
// to max_attempts. Writes are retried only when the server certainly did not apply
// them (429, or the connection failed before the request was sent); any other
// failure of a write throws UNAVAILABLE with {"ambiguous_write":true}. A 401 is
// answered by re-authenticating once and trying again.
#pragma once

#include <connector/sdk.hpp>
#include <connector/sdk/http/api_client.hpp>
#include <connector/sdk/http/client_options.hpp>
#include <connector/sdk/http/http_answer.hpp>
#include <connector/sdk/http/token_bucket.hpp>
#include <connector/sdk/json_array_stream.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>

#include "http/authenticator.hpp"
#include "http/connection_pool.hpp"
#include "http/exchange.hpp"
#include "http/stats_counters.hpp"

namespace connector::sdk::http {

struct RunRequest {
  OutgoingRequest request;  // authorization is filled in by the runner
  WriteSafety safety = WriteSafety::read;
  JsonArrayStream* stream = nullptr;     // a 2xx JSON array body goes here
  boost::json::value* parsed = nullptr;  // a 2xx body is parsed into this (must be JSON)
};

class Backoff;

// Why an attempt failed in a way worth another one.
struct AttemptFailure {
  bool rate_limited = false;
  std::string reason;                // e.g. "HTTP 503" or a transport error message
  std::optional<HttpAnswer> answer;  // when the server answered
};

class RequestRunner {
 public:
  // `authenticator` may be null (the token endpoint itself is called without one).
  // Every reference must outlive the runner. Retries are logged through `host`.
  // `options.dialect` must be set.
  RequestRunner(ConnectionPool& pool, TokenBucket& bucket, StatsCounters& stats,
                const ClientOptions& options, Authenticator* authenticator,
                connector::sdk::Host host);

  // Returns the final answer: 2xx, or a non-retryable HTTP error for the caller to
  // map (api_error or token_error). Throws sdk::Error when the retry budget or the
  // deadline ran out (RESOURCE_EXHAUSTED when rate limited, UNAVAILABLE otherwise),
  // for an ambiguous write, for a permanent connection failure (UNAVAILABLE), and
  // on cancellation (CANCELLED).
  HttpAnswer run(const connector::sdk::Call& call, const RunRequest& request);

  // "GET /v2/users on host:port", as messages name a request.
  std::string describe(const OutgoingRequest& request) const;

 private:
  // What one attempt came to: a final answer (2xx, or an error no retry can fix), or
  // a failure worth another attempt.
  struct Outcome {
    std::optional<HttpAnswer> answer;
    std::optional<AttemptFailure> failure;
  };

  // Throws for what must not be retried: an ambiguous write, a permanent failure.
  Outcome attempt_once(const connector::sdk::Call& call, const RunRequest& run_request,
                       const OutgoingRequest& request, const std::string& what);
  // Parses a successful answer's body as the request asked.
  static void consume_body(const RunRequest& run_request, const HttpAnswer& answer);
  // Waits Retry-After or the backoff; throws when the wait would pass the deadline.
  void wait_before_retry(const connector::sdk::Call& call, const std::string& what, int attempt,
                         int budget, const AttemptFailure& failure, Backoff& backoff);
  // The configured timeouts, cut to what is left of the call's deadline.
  ExchangeTimeouts timeouts(const connector::sdk::Call& call, const std::string& what) const;
  // The details JSON of a failed answer.
  boost::json::object details_of(const HttpAnswer& answer) const;
  Error ambiguous_write(const std::string& what, const std::string& reason,
                        const HttpAnswer* answer) const;
  Error out_of_attempts(const std::string& what, int attempts, const AttemptFailure& failure,
                        const std::string& why_stopped, bool deadline = false) const;

  ConnectionPool& pool_;
  TokenBucket& bucket_;
  StatsCounters& stats_;
  const ClientOptions& options_;
  Authenticator* authenticator_;
  connector::sdk::Host host_;
  const ApiDialect& dialect_;
  const ExchangeConventions conventions_;
};

}  // namespace connector::sdk::http
