// OAuth 2.0 access tokens for the API: fetched on first use, cached, refreshed when
// less than min(60 s, 10% of expires_in) remains, one fetch at a time however many
// threads need a token. With the refresh-token flow the server rotates the refresh
// token on every use; the new one is handed to Host::store_secret before the access
// token that came with it is used, so a process that dies right after the refresh
// does not lose the only valid refresh token.
#pragma once

#include <connector/sdk.hpp>
#include <connector/sdk/http/client_options.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/authenticator.hpp"
#include "http/request_runner.hpp"
#include "http/stats_counters.hpp"

namespace connector::sdk::http {

// What a 2xx answer of the token endpoint says (RFC 6749 section 5.1), read on its own
// so that it can be tested and fuzzed without a server.
struct TokenAnswer {
  std::string access_token;                    // never empty
  std::string scope;                           // empty when the server did not say
  std::string refresh_token;                   // empty when none was issued (or rotated)
  std::chrono::seconds expires_in{0};          // 3600 when not said; within [0, 366 days]
  std::chrono::milliseconds refresh_after{0};  // use the token this long, then fetch another
};

// Reads the parsed body of a token answer. Throws connector::sdk::Error
// (CONN_UNAVAILABLE, "<what>: ...") when it is not an object or has no access_token.
TokenAnswer read_token_answer(const boost::json::value& answer, std::string_view what);

class TokenSource : public Authenticator {
 public:
  using Clock = std::chrono::steady_clock;

  // `runner` talks to the token endpoint (path `token_path`) without authentication.
  // Every reference must outlive the token source.
  TokenSource(const ClientOptions& options, connector::sdk::Host host, RequestRunner& runner,
              std::string token_path, StatsCounters& stats);

  std::string bearer(const connector::sdk::Call& call) override;
  void reject(const std::string& token) override;

  // The scope the server granted with the current token (the requested one when it
  // does not say), fetching a token first if there is none.
  std::string granted_scope(const connector::sdk::Call& call);

  // The secrets this source holds now (access token, current refresh token), so
  // error messages can be scrubbed of them.
  std::vector<std::string> secrets() const;

  // How long before expiry a token is refreshed: min(60 s, expires_in / 10).
  static std::chrono::milliseconds refresh_margin(std::chrono::seconds expires_in);

 private:
  struct Token {
    std::string access_token;
    std::string scope;
    Clock::time_point refresh_at{};  // after this, fetch a new one
  };

  // Under state_mutex_: the cached token if it is still fresh.
  bool fresh(Clock::time_point now) const;
  // Makes the token request and returns the new token; stores a rotated refresh token
  // first. Called with refresh_mutex_ held.
  Token fetch(const connector::sdk::Call& call);
  std::string form_body() const;

  const ClientOptions& options_;
  connector::sdk::Host host_;
  RequestRunner& runner_;
  std::string token_path_;
  StatsCounters& stats_;

  std::mutex refresh_mutex_;        // one fetch at a time
  mutable std::mutex state_mutex_;  // guards token_ and refresh_token_
  Token token_;
  std::string refresh_token_;  // the current one (rotates)
};

}  // namespace connector::sdk::http
