// Everything the NinjaOne client layer needs to reach one tenant. Filled by the
// plugin's config parser; the client knows nothing of where the values came from.
#pragma once

#include <chrono>
#include <string>

namespace ninjaone::client {

enum class AuthFlow { client_credentials, refresh_token };

struct ClientOptions {
  std::string base_url;   // e.g. "https://app.ninjarmm.com" (no trailing slash); http:// only with
                          // allow_insecure_http
  std::string token_url;  // default base_url + "/ws/oauth/token"
  std::string client_id;
  std::string client_secret;  // secret: never logged
  std::string scope = "monitoring management control";
  AuthFlow auth = AuthFlow::client_credentials;
  std::string refresh_token;  // secret, for AuthFlow::refresh_token; rotated ones go to
                              // Host::store_secret("refresh_token", ...)
  std::string ca_file;        // empty: system trust store
  bool allow_insecure_http = false;
  std::chrono::milliseconds connect_timeout{10000}, request_timeout{30000};
  int requests_per_minute = 600;  // client-side token bucket; 0 = unlimited
  int max_concurrency = 4;        // connections kept in the pool
  int max_attempts =
      6;  // retry budget per request (reads, and writes the server certainly did not apply)
  std::chrono::milliseconds backoff_base{200}, backoff_max{30000};
};

}  // namespace ninjaone::client
