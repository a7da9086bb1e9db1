#include "config.hpp"

#include <connector/sdk/config_reader.hpp>
#include <connector/sdk/http/endpoint.hpp>
#include <connector/sdk/http/proxy_config.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "config_schema.hpp"  // generated from config_schema.json
#include "scim_api.hpp"

namespace scim {

namespace http = connector::sdk::http;

Config parse_config(std::string_view config_json) {
  const connector::sdk::ConfigReader config(kConfigSchemaJson, config_json);
  Config out;
  http::ClientOptions& client = out.client;
  client.allow_insecure_http = config.boolean("allow_insecure_http");
  client.base_url = config.string("base_url");
  while (client.base_url.ends_with('/')) client.base_url.pop_back();
  const http::Endpoint api = http::parse_endpoint(client.base_url, config.where() + ".base_url",
                                                  client.allow_insecure_http);

  if (config.string("auth") == "client_credentials") {
    client.auth = http::AuthFlow::client_credentials;
    client.token_url = config.string("token_url");
    const std::string field = config.where() + ".token_url";
    http::refuse_token_downgrade(
        api, http::parse_endpoint(client.token_url, field, client.allow_insecure_http), field);
    client.client_id = config.string("client_id");
    client.client_secret = config.string("client_secret");
    client.scope = config.string("scope");
  } else {
    client.auth = http::AuthFlow::bearer_token;
    client.bearer_token = config.string("bearer_token");
  }
  client.ca_file = config.optional_string("ca_file").value_or("");
  // The SDK's "proxy" field (config_schema.json holds the SDK's proxy_config_schema()).
  client.proxy = http::read_proxy_config(config);
  client.request_timeout = std::chrono::milliseconds(std::llround(config.number("timeout") * 1000));
  client.connect_timeout = std::min(client.connect_timeout, client.request_timeout);
  client.requests_per_minute = static_cast<int>(config.integer("requests_per_minute"));
  client.max_concurrency = static_cast<int>(config.integer("max_concurrency"));
  client.user_agent = "connector-host-scim";
  client.dialect = std::make_shared<ScimDialect>();
  out.page_size = static_cast<int>(config.integer("page_size"));
  return out;
}

}  // namespace scim
