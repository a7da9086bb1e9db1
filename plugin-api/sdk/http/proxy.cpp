#include <connector/sdk/http/proxy.hpp>

#include <connector/sdk.hpp>

#include <openssl/evp.h>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace connector::sdk::http {
namespace {

namespace ip = boost::asio::ip;

// "FIELD: why". The URL is not quoted: it may carry a password.
[[noreturn]] void refuse(std::string_view field, std::string_view why) {
  throw connector::sdk::Error(CONN_INVALID_ARGUMENT, std::string(field) + ": " + std::string(why));
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// The first of `names` that is set and not empty: its name and value.
std::optional<std::pair<std::string, std::string>> first_set(
    const EnvironmentLookup& environment, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (auto value = environment(name); value && !value->empty()) {
      return std::make_pair(std::string(name), std::move(*value));
    }
  }
  return std::nullopt;
}

std::optional<ip::address> address_of(std::string_view text) {
  boost::system::error_code ec;
  const ip::address address = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return address;
}

// One NO_PROXY entry split into host (lower case, no brackets, no trailing dot) and
// port ("" for any).
struct NoProxyEntry {
  std::string host;
  std::string port;
};

NoProxyEntry split_entry(std::string_view entry) {
  NoProxyEntry out;
  if (!entry.empty() && entry.front() == '[') {  // "[v6]" or "[v6]:port"
    const std::size_t close = entry.find(']');
    out.host =
        std::string(entry.substr(1, close == std::string_view::npos ? entry.npos : close - 1));
    if (close != std::string_view::npos && entry.substr(close + 1).starts_with(":")) {
      out.port = std::string(entry.substr(close + 2));
    }
  } else if (std::count(entry.begin(), entry.end(), ':') == 1) {  // "host:port"
    const std::size_t colon = entry.find(':');
    out.host = std::string(entry.substr(0, colon));
    out.port = std::string(entry.substr(colon + 1));
  } else {  // a name, an IPv4 address, a bare IPv6 address, a CIDR block
    out.host = std::string(entry);
  }
  out.host = lower(out.host);
  while (!out.host.empty() && out.host.front() == '.') out.host.erase(0, 1);
  while (!out.host.empty() && out.host.back() == '.') out.host.pop_back();
  return out;
}

// `address` is inside the CIDR block `block` ("10.0.0.0/8"); false when `block` is
// not one.
bool in_block(const ip::address& address, const std::string& block) {
  boost::system::error_code ec;
  if (address.is_v4()) {
    const ip::network_v4 network = ip::make_network_v4(block, ec);
    if (ec) return false;
    return ip::network_v4(address.to_v4(), network.prefix_length()).canonical() ==
           network.canonical();
  }
  const ip::network_v6 network = ip::make_network_v6(block, ec);
  if (ec) return false;
  return ip::network_v6(address.to_v6(), network.prefix_length()).canonical() ==
         network.canonical();
}

bool host_matches(const NoProxyEntry& entry, const std::string& host) {
  if (entry.host == "*") return true;
  const std::optional<ip::address> target_address = address_of(host);
  if (target_address) {
    if (entry.host.find('/') != std::string::npos) return in_block(*target_address, entry.host);
    const std::optional<ip::address> entry_address = address_of(entry.host);
    return entry_address && *entry_address == *target_address;
  }
  if (host == entry.host) return true;
  // A subdomain: "api.example.com" ends with ".example.com".
  return host.size() > entry.host.size() && host.ends_with(entry.host) &&
         host[host.size() - entry.host.size() - 1] == '.';
}

}  // namespace

EnvironmentLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string ProxyRoute::describe() const {
  std::string text = proxy ? "via proxy " + proxy->name : "direct";
  if (!reason.empty()) text += " (" + reason + ")";
  return text;
}

ProxyServer parse_proxy_url(std::string_view url, std::string_view field,
                            const std::string& username, const std::string& password) {
  // curl reads "proxy:3128" as http://proxy:3128.
  std::string text(url);
  if (text.find("://") == std::string::npos) text = "http://" + text;
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) refuse(field, "is not a proxy URL (" + parsed.error().message() + ")");
  const boost::urls::url_view& u = *parsed;

  const std::string scheme = lower(u.scheme());
  if (scheme == "https") {
    refuse(field,
           "https:// proxies (TLS to the proxy itself) are not supported; give the proxy as "
           "http://HOST:PORT (requests to https:// APIs still run TLS end to end, through a "
           "CONNECT tunnel)");
  }
  if (scheme != "http") {
    refuse(field, "proxy scheme " + scheme + ":// is not supported; only http:// proxies are");
  }
  if (u.host_address().empty()) refuse(field, "has no host");
  if (!u.encoded_path().empty() && u.encoded_path() != "/") {
    refuse(field, "must not have a path (a proxy URL is http://HOST:PORT)");
  }
  if (u.has_query()) refuse(field, "must not have a query");
  if (u.has_fragment()) refuse(field, "must not have a fragment");

  ProxyServer proxy;
  proxy.endpoint.tls = false;
  proxy.endpoint.host = u.host_address();
  proxy.endpoint.port = u.has_port() ? std::string(u.port()) : std::string("1080");
  if (u.has_port() && u.port_number() == 0) refuse(field, "has no valid port");
  proxy.endpoint.host_header = std::string(u.encoded_host()) + ":" + proxy.endpoint.port;
  proxy.endpoint.authority = proxy.endpoint.host_header;
  proxy.name = "http://" + proxy.endpoint.authority;

  std::string user = u.has_userinfo() ? std::string(u.user()) : std::string();
  std::string secret = u.has_password() ? std::string(u.password()) : std::string();
  if (!username.empty()) user = username;
  if (!password.empty()) secret = password;
  if (user.empty() && !secret.empty()) refuse(field, "a proxy password is given but no user name");
  // RFC 7617: the user id of Basic must not contain a colon.
  if (user.find(':') != std::string::npos) refuse(field, "the proxy user name contains ':'");
  if (!user.empty()) {
    proxy.authorization = "Basic " + base64(user + ":" + secret);
    proxy.password = secret;
  }
  return proxy;
}

bool no_proxy_matches(std::string_view no_proxy, const Endpoint& target) {
  std::string host = lower(target.host);
  while (!host.empty() && host.back() == '.') host.pop_back();
  std::size_t start = 0;
  while (start < no_proxy.size()) {
    const std::size_t end = no_proxy.find_first_of(", \t", start);
    const std::string_view entry =
        no_proxy.substr(start, end == std::string_view::npos ? no_proxy.npos : end - start);
    start = end == std::string_view::npos ? no_proxy.size() : end + 1;
    if (entry.empty()) continue;
    const NoProxyEntry parsed = split_entry(entry);
    if (parsed.host.empty()) continue;
    if (!parsed.port.empty() && parsed.port != target.port) continue;
    if (host_matches(parsed, host)) return true;
  }
  return false;
}

ProxyRoute route_for(const ProxyOptions& options, const Endpoint& target) {
  ProxyRoute route;
  switch (options.source) {
    case ProxyOptions::Source::none:
      route.reason = options.field + " is \"none\"";
      return route;
    case ProxyOptions::Source::url:
      route.proxy =
          parse_proxy_url(options.url, options.field + ".url", options.username, options.password);
      route.reason = options.field;
      return route;
    case ProxyOptions::Source::environment:
      break;
  }
  const EnvironmentLookup environment =
      options.environment ? options.environment : process_environment();
  const auto proxy = target.tls ? first_set(environment, {"https_proxy", "HTTPS_PROXY"})
                                : first_set(environment, {"http_proxy", "HTTP_PROXY"});
  if (!proxy) return route;
  if (const auto no_proxy = first_set(environment, {"no_proxy", "NO_PROXY"});
      no_proxy && no_proxy_matches(no_proxy->second, target)) {
    route.reason = no_proxy->first;
    return route;
  }
  route.proxy = parse_proxy_url(proxy->second, proxy->first);
  route.reason = proxy->first;
  return route;
}

std::string proxy_authentication_failure(const ProxyServer& proxy,
                                         std::string_view proxy_authenticate, unsigned status) {
  std::string message =
      "the proxy " + proxy.name + " answered " +
      (status == 401 ? "401 Unauthorized: " : "407 Proxy Authentication Required: ");
  const std::string scheme = lower(proxy_authenticate.substr(0, proxy_authenticate.find(' ')));
  if (!scheme.empty() && scheme != "basic") {
    return message + "it asks for " + std::string(proxy_authenticate.substr(0, scheme.size())) +
           " authentication, and only Basic is supported";
  }
  if (proxy.authorization.empty()) {
    return message +
           "proxy credentials are missing (give the proxy's username and password, or user "
           "info in the proxy URL)";
  }
  return message + "it refused the proxy credentials given";
}

}  // namespace connector::sdk::http
