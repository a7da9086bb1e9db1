#include "config.hpp"

#include "config_schema.hpp"  // generated from config_schema.json

#include <connector/sdk.hpp>
#include <connector/sdk/config_reader.hpp>
#include <connector/sdk/http/endpoint.hpp>
#include <connector/sdk/http/proxy_config.hpp>

#include <boost/url/parse.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <utility>

namespace ninjaone {
namespace {

using connector::sdk::ConfigReader;

// `tenant:<key>`: ids must not contain ':' (IPv6 literals do).
std::string tenant_key_from_host(std::string host) {
  for (char& c : host) {
    if (c == ':') c = '_';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return host.empty() ? std::string("default") : host;
}

// The host of `url` as written (IPv6 brackets kept), for the tenant key.
std::string written_host(std::string_view url) {
  const auto parsed = boost::urls::parse_uri(url);
  return parsed ? std::string(parsed->encoded_host()) : std::string();
}

// base_url, or the region's; checked as the client will use it (scheme, loopback).
void read_endpoints(const ConfigReader& config, Config& out) {
  client::ClientOptions& client = out.client;
  std::string field = "base_url";
  if (config.has("base_url")) {
    client.base_url = config.string("base_url");
    while (!client.base_url.empty() && client.base_url.back() == '/') client.base_url.pop_back();
  } else {
    field = "region";
    const std::string region = config.string("region");
    const auto url = region_base_url(region);
    if (!url) config.refuse("region", "unknown region '" + region + "'");
    client.base_url = *url;
  }
  const client::Endpoint api = client::parse_endpoint(client.base_url, config.where() + "." + field,
                                                      client.allow_insecure_http);
  out.tenant_key = tenant_key_from_host(written_host(client.base_url));

  if (config.has("token_url")) {
    client.token_url = config.string("token_url");
    const std::string token_field = config.where() + ".token_url";
    const client::Endpoint token =
        client::parse_endpoint(client.token_url, token_field, client.allow_insecure_http);
    client::refuse_token_downgrade(api, token, token_field);
  } else {
    client.token_url = token_url_for(client.base_url);
  }
}

void read_user_types(const ConfigReader& config, Config& out) {
  const std::vector<std::string> types = config.strings("user_types");
  out.include_technicians = std::find(types.begin(), types.end(), "TECHNICIAN") != types.end();
  out.include_end_users = std::find(types.begin(), types.end(), "END_USER") != types.end();
}

// Ticket mode: the template is required, and so is a user-context token.
void read_provisioning_mode(const ConfigReader& config, Config& out) {
  out.provisioning_mode = config.string("provisioning_mode");
  if (const auto ticket = config.object("ticket"))
    out.ticket = tickets::read_ticket_settings(*ticket);
  if (out.provisioning_mode != "ticket") return;
  if (!out.ticket) {
    config.refuse("ticket",
                  "is required when provisioning.mode is \"ticket\": it names the organization "
                  "(organization_id) and ticket form (ticket_form_id) of the tickets to open");
  }
  if (out.client.auth != client::AuthFlow::refresh_token) {
    config.refuse("auth",
                  "provisioning.mode \"ticket\" needs auth \"refresh_token\": NinjaOne refuses to "
                  "create tickets with a client-credentials token (user_context_required)");
  }
}

}  // namespace

std::optional<std::string> region_base_url(std::string_view region) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> regions{{
      {"us", "https://app.ninjarmm.com"},
      {"us2", "https://us2.ninjarmm.com"},
      {"eu", "https://eu.ninjarmm.com"},
      {"ca", "https://ca.ninjarmm.com"},
      {"oc", "https://oc.ninjarmm.com"},
      {"fed", "https://fed.ninjarmm.com"},
  }};
  for (const auto& [name, url] : regions) {
    if (name == region) return std::string(url);
  }
  return std::nullopt;
}

Config parse_config(std::string_view config_json) {
  const ConfigReader config(kConfigSchemaJson, config_json);
  Config out;
  client::ClientOptions& client = out.client;
  client = client_options_for("");
  client.allow_insecure_http = config.boolean("allow_insecure_http");
  read_endpoints(config, out);

  client.client_id = config.string("client_id");
  client.client_secret = config.string("client_secret");
  client.scope = config.string("scope");
  if (config.string("auth") == "refresh_token") {
    client.auth = client::AuthFlow::refresh_token;
    client.refresh_token = config.string("refresh_token");
  } else {
    client.auth = client::AuthFlow::client_credentials;
  }
  client.ca_file = config.optional_string("ca_file").value_or("");
  // The SDK's "proxy" field (config_schema.json holds the SDK's proxy_config_schema()).
  client.proxy = connector::sdk::http::read_proxy_config(config);

  client.request_timeout = std::chrono::milliseconds(std::llround(config.number("timeout") * 1000));
  client.connect_timeout = std::min(client.connect_timeout, client.request_timeout);
  client.requests_per_minute = static_cast<int>(config.integer("requests_per_minute"));
  client.max_concurrency = static_cast<int>(config.integer("max_concurrency"));

  read_user_types(config, out);
  out.organization_membership_provisionable =
      config.boolean("organization_membership_provisionable");
  read_provisioning_mode(config, out);
  return out;
}

std::string_view config_schema() { return kConfigSchemaJson; }

}  // namespace ninjaone
