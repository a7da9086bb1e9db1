// Everything the API client needs to reach one remote API: where (base_url), as
// whom (auth), how fast, how patiently, and how that API words its answers (dialect).
// A connector fills it from its configuration; the client knows nothing of where the
// values came from.
#pragma once

#include <connector/sdk/http/api_dialect.hpp>
#include <connector/sdk/http/proxy.hpp>
#include <connector/sdk/json_array_stream.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace connector::sdk::http {

enum class AuthFlow {
  none,                // no Authorization header
  bearer_token,        // a static token: "Authorization: Bearer <bearer_token>"
  client_credentials,  // OAuth 2.0 client credentials at token_url
  refresh_token,       // OAuth 2.0 refresh token at token_url, rotated through the host
};

struct ClientOptions {
  std::string base_url;  // eg: "https://api.example.com/v2" (path prefix kept, no trailing
                         // slash needed); http:// only with allow_insecure_http, to loopback
  AuthFlow auth = AuthFlow::client_credentials;
  std::string token_url;      // the OAuth token endpoint (required for the OAuth flows)
  std::string client_id;      // OAuth
  std::string client_secret;  // OAuth; secret: never logged
  std::string scope;          // OAuth: space-separated scopes to ask for; may be empty
  std::string refresh_token;  // secret, for AuthFlow::refresh_token; each rotated one goes to
                              // Host::store_secret(refresh_token_key, ...) before use
  std::string refresh_token_key = "refresh_token";  // the config field the host replaces
  std::string bearer_token;                         // secret, for AuthFlow::bearer_token
  std::string ca_file;                              // empty: the system trust store
  bool allow_insecure_http = false;  // plain http:// to 127.0.0.0/8, ::1, localhost only
  // Which HTTP proxy requests go through: by default HTTPS_PROXY / HTTP_PROXY /
  // NO_PROXY from the environment (proxy.hpp).
  ProxyOptions proxy;
  std::chrono::milliseconds connect_timeout{10000}, request_timeout{30000};
  int requests_per_minute = 600;  // client-side token bucket; 0 = unlimited
  int max_concurrency = 4;        // connections kept in the pool
  int max_attempts =
      6;  // retry budget per request (reads, and writes the server certainly did not apply)
  std::chrono::milliseconds backoff_base{200}, backoff_max{30000};
  // The most one element of a streamed array (and one string in it) may take.
  ElementLimits element_limits;
  std::string user_agent = "connector-host";
  // How the API words its answers; null: ApiDialect's defaults.
  std::shared_ptr<const ApiDialect> dialect;
};

}  // namespace connector::sdk::http
