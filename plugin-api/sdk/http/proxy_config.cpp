#include <connector/sdk/http/proxy_config.hpp>

namespace connector::sdk::http {

std::string_view proxy_config_schema() {
  return R"schema({
  "type": ["object", "string"],
  "pattern": "^none$",
  "additionalProperties": false,
  "required": ["url"],
  "description": "The HTTP proxy requests go through, overriding the environment's HTTPS_PROXY, HTTP_PROXY and NO_PROXY (which apply when this is absent): \"none\" to connect directly, or {\"url\", \"username\", \"password\"}. HTTPS APIs are reached through a CONNECT tunnel, TLS running end to end; https:// proxy URLs are not supported.",
  "properties": {
    "url": {"type": "string", "minLength": 1, "description": "The proxy, http://HOST:PORT (the port defaults to 1080, as in curl). User info (http://user:password@HOST:PORT) gives Basic credentials; prefer username and password."},
    "username": {"type": "string", "minLength": 1, "description": "User name for Basic proxy authentication."},
    "password": {"type": "string", "minLength": 1, "x-secret": true, "description": "Password for Basic proxy authentication, best as {\"env\": NAME} or {\"file\": PATH}. Never logged or printed."}
  }
})schema";
}

ProxyOptions read_proxy_config(const ConfigReader& config, std::string_view field) {
  ProxyOptions options;
  const std::string name = config.where() + "." + std::string(field);
  options.field = name;
  if (!config.has(field)) return options;
  const boost::json::value* value = config.value(field);
  if (value->is_string()) {
    if (value->get_string() != "none") config.refuse(field, "must be \"none\" or an object");
    options.source = ProxyOptions::Source::none;
    return options;
  }
  const std::optional<ConfigReader> proxy = config.object(field);
  options.source = ProxyOptions::Source::url;
  options.url = proxy->string("url");
  options.username = proxy->optional_string("username").value_or("");
  options.password = proxy->optional_string("password").value_or("");
  // Refused now, at create, rather than at the first request.
  parse_proxy_url(options.url, name + ".url", options.username, options.password);
  return options;
}

}  // namespace connector::sdk::http
