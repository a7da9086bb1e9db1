// Where requests go: scheme, host, port and path prefix of base_url or token_url,
// parsed once with Boost.URL so that nothing else handles raw URL strings.
#pragma once

#include <string>
#include <string_view>

namespace ninjaone::client {

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

// Parses `url` (named `field` in error messages). Throws connector::sdk::Error
// INVALID_ARGUMENT on anything but an absolute http(s) URL without credentials or
// fragment, and on http:// unless allow_insecure_http.
Endpoint parse_endpoint(std::string_view url, std::string_view field, bool allow_insecure_http);

}  // namespace ninjaone::client
