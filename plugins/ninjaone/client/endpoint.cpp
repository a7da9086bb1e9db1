#include "client/endpoint.hpp"

#include <connector/sdk.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace ninjaone::client {
namespace {

[[noreturn]] void refuse(std::string_view field, std::string_view url, std::string_view why) {
  throw connector::sdk::Error(CONN_INVALID_ARGUMENT, std::string(field) + " '" + std::string(url) +
                                                         "' " + std::string(why));
}

}  // namespace

Endpoint parse_endpoint(std::string_view url, std::string_view field, bool allow_insecure_http) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) refuse(field, url, "is not an absolute URL: " + parsed.error().message());
  const boost::urls::url_view& u = *parsed;

  Endpoint endpoint;
  if (u.scheme_id() == boost::urls::scheme::https) {
    endpoint.tls = true;
  } else if (u.scheme_id() == boost::urls::scheme::http) {
    if (!allow_insecure_http) {
      refuse(field, url,
             "uses plain http://, which sends credentials in clear text; "
             "use https:// or set allow_insecure_http");
    }
    endpoint.tls = false;
  } else {
    refuse(field, url, "must start with https://");
  }
  if (u.has_userinfo()) refuse(field, url, "must not contain user information");
  if (u.has_fragment()) refuse(field, url, "must not contain a fragment");
  // The address without IPv6 brackets is what the resolver wants; the encoded
  // host keeps them, as the Host header needs.
  endpoint.host = u.host_address();
  if (endpoint.host.empty()) refuse(field, url, "has no host");
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

}  // namespace ninjaone::client
