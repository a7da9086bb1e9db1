// Where requests go: scheme, host, port and path prefix of base_url or token_url,
// parsed once with Boost.URL so that nothing else handles raw URL strings.
#pragma once

#include <string>
#include <string_view>

namespace connector::sdk::http {

struct Endpoint {
  bool tls = true;
  std::string host;         // name or address to connect to, without IPv6 brackets
  std::string port;         // always set ("443" by default for https)
  std::string path;         // path and query of the URL, no trailing slash ("" for a bare host)
  std::string host_header;  // value of the Host header ("host" or "host:port")
  std::string authority;    // "host:port" always, for messages
  // Same scheme, host and port: requests to both may share connections.
  bool same_origin(const Endpoint& other) const {
    return tls == other.tls && host == other.host && port == other.port;
  }
};

// Parses `url` (named `field` in error messages, eg: "base_url" or "config.token_url").
// Throws connector::sdk::Error INVALID_ARGUMENT, "FIELD: why" (never quoting the URL,
// which may hold credentials), on anything but an absolute http(s) URL without
// credentials or fragment, and on http:// unless allow_insecure_http and the host is
// loopback.
Endpoint parse_endpoint(std::string_view url, std::string_view field, bool allow_insecure_http);

// Refuses a clear-text token endpoint beside an https API (throws INVALID_ARGUMENT,
// "TOKEN_FIELD: why"): the client secret and every token would cross in clear to reach
// an API that asked for TLS, even when allow_insecure_http lets each URL alone pass.
void refuse_token_downgrade(const Endpoint& api, const Endpoint& token,
                            std::string_view token_field);

// True for the hosts plain http:// may reach with allow_insecure_http: an address in
// 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z), and the name "localhost". Anything else
// would carry credentials in clear text over a network.
bool is_loopback_host(std::string_view host);

}  // namespace connector::sdk::http
