// HTTP proxies: which one (if any) a request to an endpoint goes through, as curl
// decides it. The client's options say where the setting comes from
// (ProxyOptions: the environment, a URL of the connector's own, or none); for an
// https:// endpoint the client opens a CONNECT tunnel through the proxy and runs TLS
// inside it with the endpoint itself, for an http:// one it sends absolute-form
// requests to the proxy. docs/proxy.md has the design.
//
// Environment, lower case winning over upper case when both are set (as curl):
//   https_proxy / HTTPS_PROXY   the proxy of https:// endpoints
//   http_proxy  / HTTP_PROXY    the proxy of http:// endpoints
//   no_proxy    / NO_PROXY      endpoints reached directly (no_proxy_matches below)
// A variable set to the empty string counts as unset.
#pragma once

#include <connector/sdk/http/endpoint.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace connector::sdk::http {

// Reads one environment variable; nullopt when it is unset.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (std::getenv).
EnvironmentLookup process_environment();

struct ProxyOptions {
  enum class Source {
    environment,  // HTTPS_PROXY, HTTP_PROXY, NO_PROXY (the default)
    none,         // always direct, whatever the environment says
    url,          // always `url`, for every endpoint; the environment is not read
  };
  Source source = Source::environment;
  std::string url;       // Source::url, eg: "http://proxy.example:3128" (user info allowed)
  std::string username;  // Basic proxy authentication; overrides the URL's user info
  std::string password;  // secret: never logged; overrides the URL's user info
  // What messages call the setting of Source::url, eg: "config.proxy".
  std::string field = "proxy";
  // Where Source::environment reads; null: the process environment.
  EnvironmentLookup environment;
};

// A proxy server, parsed and checked.
struct ProxyServer {
  Endpoint endpoint;  // host and port to connect to (plain TCP)
  std::string name;   // "http://host:port", what messages say; never carries credentials
  // "Basic base64(user:password)", or empty without credentials. Secret.
  std::string authorization;
  std::string password;  // the password in it (empty if none), to scrub from errors. Secret.
};

// How requests to one endpoint go.
struct ProxyRoute {
  std::optional<ProxyServer> proxy;  // nullopt: direct
  // Where the decision came from, eg: "HTTPS_PROXY", "config.proxy", "no_proxy",
  // "config.proxy is \"none\""; empty when nothing was set.
  std::string reason;

  // "via proxy http://proxy:3128 (https_proxy)", "direct (NO_PROXY)", "direct".
  std::string describe() const;
};

// Parses a proxy URL (`field` names it in errors, eg: "HTTPS_PROXY" or
// "config.proxy.url"). "host:port" without a scheme means http://, as in curl; the
// port defaults to 1080, as in curl. User info gives Basic credentials, which
// `username` / `password` (when not empty) override. Throws
// connector::sdk::Error(INVALID_ARGUMENT, "FIELD: why"), never quoting the URL: on
// https:// (TLS to the proxy itself is not supported), socks and other schemes, a
// missing host, a path other than "/", a query or a fragment.
ProxyServer parse_proxy_url(std::string_view url, std::string_view field,
                            const std::string& username = {}, const std::string& password = {});

// True when `target` is to be reached directly according to a NO_PROXY list:
// entries separated by commas or white space; "*" matches every host; a host name
// matches itself and its subdomains ("example.com" and ".example.com" both match
// "api.example.com", not "badexample.com"), case-insensitively; an IP address
// matches that address; a CIDR block ("10.0.0.0/8", "fd00::/8") the addresses in
// it; "host:port" or "[v6]:port" only that port. No name is resolved.
bool no_proxy_matches(std::string_view no_proxy, const Endpoint& target);

// Decides how requests to `target` go. Throws connector::sdk::Error
// INVALID_ARGUMENT, naming the variable or field, when the proxy URL that applies
// is unusable.
ProxyRoute route_for(const ProxyOptions& options, const Endpoint& target);

// The error for a proxy's 407 answer (or the 401 some proxies, tinyproxy among them,
// give to a CONNECT with wrong credentials): names the proxy and says whether
// credentials were missing or refused, and which scheme the proxy wanted when it is
// not Basic (`proxy_authenticate`: its Proxy-Authenticate header, possibly empty).
std::string proxy_authentication_failure(const ProxyServer& proxy,
                                         std::string_view proxy_authenticate,
                                         unsigned status = 407);

}  // namespace connector::sdk::http
