#include <connector/sdk/http/endpoint.hpp>

#include <connector/sdk.hpp>

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>

namespace connector::sdk::http {
namespace {

// "FIELD: why". The URL itself is not quoted: it may carry credentials.
[[noreturn]] void refuse(std::string_view field, std::string_view why) {
  throw connector::sdk::Error(CONN_INVALID_ARGUMENT, std::string(field) + ": " + std::string(why));
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  std::string name(host);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name == "localhost" || name == "localhost.") return true;
  boost::system::error_code ec;
  const boost::asio::ip::address address = boost::asio::ip::make_address(name, ec);
  if (ec) return false;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6())
        .is_loopback();
  }
  return address.is_loopback();
}

Endpoint parse_endpoint(std::string_view url, std::string_view field, bool allow_insecure_http) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) refuse(field, "is not an absolute URL (" + parsed.error().message() + ")");
  const boost::urls::url_view& u = *parsed;

  Endpoint endpoint;
  if (u.scheme_id() == boost::urls::scheme::https) {
    endpoint.tls = true;
  } else if (u.scheme_id() == boost::urls::scheme::http) {
    if (!allow_insecure_http) {
      refuse(field,
             "http:// sends the client secret in clear text; use https:// or set "
             "allow_insecure_http (only for a local simulator)");
    }
    endpoint.tls = false;
    if (!is_loopback_host(std::string(u.host_address()))) {
      refuse(field,
             "http:// is allowed (allow_insecure_http) only to a loopback host (127.0.0.0/8, "
             "::1, localhost), since it sends the client secret in clear text; use https://");
    }
  } else {
    refuse(field, "must start with https://");
  }
  if (u.has_userinfo()) refuse(field, "must not contain user information");
  if (u.has_fragment()) refuse(field, "must not contain a fragment");
  // The address without IPv6 brackets is what the resolver wants; the encoded
  // host keeps them, as the Host header needs.
  endpoint.host = u.host_address();
  if (endpoint.host.empty()) refuse(field, "has no host");
  endpoint.port = u.has_port() ? std::string(u.port()) : std::string(endpoint.tls ? "443" : "80");
  endpoint.host_header = std::string(u.encoded_host());
  if (u.has_port()) endpoint.host_header += ":" + endpoint.port;
  endpoint.authority = std::string(u.encoded_host()) + ":" + endpoint.port;

  std::string path(u.encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();
  endpoint.path = path;
  if (u.has_query()) endpoint.path += "?" + std::string(u.encoded_query());
  return endpoint;
}

void refuse_token_downgrade(const Endpoint& api, const Endpoint& token,
                            std::string_view token_field) {
  if (api.tls && !token.tls) {
    refuse(token_field,
           "is http:// while base_url is https://: the client secret and the tokens would "
           "travel in clear text; use https://");
  }
}

}  // namespace connector::sdk::http
