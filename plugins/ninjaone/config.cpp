#include "config.hpp"

#include "config_schema.hpp"  // generated from config_schema.json

#include <connector/sdk.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <utility>

namespace ninjaone {
namespace {

namespace json = boost::json;
using connector::sdk::Error;

[[noreturn]] void refuse(std::string_view field, std::string_view why) {
  const std::string where = field.empty() ? "config" : "config." + std::string(field);
  throw Error(CONN_INVALID_ARGUMENT, where + ": " + std::string(why));
}

// The schema says additionalProperties: false; a misspelt field must not be ignored
// silently even when a host skipped the schema.
void refuse_unknown_fields(const json::object& config) {
  static constexpr std::array<std::string_view, 17> known{"base_url",
                                                          "region",
                                                          "client_id",
                                                          "client_secret",
                                                          "scope",
                                                          "auth",
                                                          "refresh_token",
                                                          "token_url",
                                                          "ca_file",
                                                          "allow_insecure_http",
                                                          "timeout",
                                                          "requests_per_minute",
                                                          "max_concurrency",
                                                          "user_types",
                                                          "organization_membership_provisionable",
                                                          "provisioning_mode",
                                                          "ticket"};
  for (const auto& field : config) {
    if (std::find(known.begin(), known.end(), field.key()) == known.end()) {
      refuse(field.key(), "is not a known field");
    }
  }
}

const json::value* find(const json::object& config, std::string_view field) {
  return config.if_contains(field);
}

std::optional<std::string> string_field(const json::object& config, std::string_view field) {
  const json::value* v = find(config, field);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) refuse(field, "must be a string");
  return std::string(v->get_string());
}

// A field that may be a reference ({"env":..} / {"file":..}, eg: a secret) arrives
// resolved, as a string. An object here means the host did not resolve the
// reference; say so without echoing anything.
std::optional<std::string> resolved_field(const json::object& config, std::string_view field) {
  const json::value* v = find(config, field);
  if (v == nullptr) return std::nullopt;
  if (v->is_object()) refuse(field, "the secret reference was not resolved by the host");
  if (!v->is_string() || v->get_string().empty()) refuse(field, "must be a non-empty string");
  return std::string(v->get_string());
}

bool bool_field(const json::object& config, std::string_view field, bool fallback) {
  const json::value* v = find(config, field);
  if (v == nullptr) return fallback;
  if (!v->is_bool()) refuse(field, "must be true or false");
  return v->get_bool();
}

std::int64_t int_field(const json::object& config, std::string_view field, std::int64_t fallback,
                       std::int64_t min, std::int64_t max) {
  const json::value* v = find(config, field);
  if (v == nullptr) return fallback;
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(max)) {
    n = static_cast<std::int64_t>(v->get_uint64());
  } else {
    refuse(field, "must be an integer");
  }
  if (n < min || n > max) {
    refuse(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return n;
}

// Checks an http(s) URL and returns its host. `field` names it in errors.
std::string check_url(std::string_view field, std::string_view url, bool allow_insecure_http) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) refuse(field, "is not a valid URL");
  const std::string scheme(parsed->scheme());
  if (scheme == "http") {
    if (!allow_insecure_http) {
      refuse(field,
             "http:// sends the client secret in clear text; use https:// or set "
             "allow_insecure_http (only for a local simulator)");
    }
  } else if (scheme != "https") {
    refuse(field, "must start with https://");
  }
  if (parsed->encoded_host().empty()) refuse(field, "has no host");
  if (parsed->has_query() || parsed->has_fragment()) refuse(field, "must not have a query");
  return std::string(parsed->encoded_host());
}

std::string without_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// `tenant:<key>`: ids must not contain ':' (IPv6 literals do).
std::string tenant_key_from_host(std::string host) {
  for (char& c : host) {
    if (c == ':') c = '_';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return host.empty() ? std::string("default") : host;
}

void parse_user_types(const json::object& config, Config& out) {
  const json::value* v = find(config, "user_types");
  if (v == nullptr) return;
  if (!v->is_array() || v->get_array().empty()) {
    refuse("user_types", "must be a non-empty array of TECHNICIAN and END_USER");
  }
  out.include_technicians = out.include_end_users = false;
  for (const json::value& item : v->get_array()) {
    if (item == "TECHNICIAN") {
      out.include_technicians = true;
    } else if (item == "END_USER") {
      out.include_end_users = true;
    } else {
      refuse("user_types", "only TECHNICIAN and END_USER are known");
    }
  }
}

// Ticket mode: the template is required, and so is a user-context token.
void parse_provisioning_mode(const json::object& config, Config& out) {
  out.provisioning_mode = string_field(config, "provisioning_mode").value_or("direct");
  if (out.provisioning_mode != "direct" && out.provisioning_mode != "ticket") {
    refuse("provisioning_mode", "must be direct or ticket");
  }
  if (const json::value* ticket = find(config, "ticket")) {
    out.ticket = tickets::parse_ticket_settings(*ticket);
  }
  if (out.provisioning_mode != "ticket") return;
  if (!out.ticket) {
    refuse("ticket",
           "is required when provisioning.mode is \"ticket\": it names the organization "
           "(organization_id) and ticket form (ticket_form_id) of the tickets to open");
  }
  if (out.client.auth != client::AuthFlow::refresh_token) {
    refuse("auth",
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
  boost::system::error_code ec;
  const json::value parsed = json::parse(config_json, ec);
  if (ec || !parsed.is_object()) refuse("", "must be a JSON object");
  const json::object& config = parsed.get_object();
  refuse_unknown_fields(config);

  Config out;
  client::ClientOptions& client = out.client;
  client.allow_insecure_http = bool_field(config, "allow_insecure_http", false);

  const auto base_url = string_field(config, "base_url");
  const auto region = string_field(config, "region");
  if (base_url && region) refuse("base_url", "give base_url or region, not both");
  if (base_url) {
    client.base_url = without_trailing_slashes(*base_url);
  } else {
    const std::string name = region.value_or("us");
    const auto url = region_base_url(name);
    if (!url) refuse("region", "unknown region '" + name + "' (known: us, us2, eu, ca, oc, fed)");
    client.base_url = *url;
  }
  out.tenant_key = tenant_key_from_host(
      check_url(base_url ? "base_url" : "region", client.base_url, client.allow_insecure_http));

  if (const auto token_url = string_field(config, "token_url")) {
    check_url("token_url", *token_url, client.allow_insecure_http);
    client.token_url = *token_url;
  } else {
    client.token_url = client.base_url + "/ws/oauth/token";
  }

  const auto client_id = resolved_field(config, "client_id");
  if (!client_id || client_id->empty()) refuse("client_id", "is required");
  client.client_id = *client_id;
  const auto client_secret = resolved_field(config, "client_secret");
  if (!client_secret) refuse("client_secret", "is required");
  client.client_secret = *client_secret;

  if (const auto scope = string_field(config, "scope")) {
    if (scope->empty()) refuse("scope", "must name at least one scope");
    client.scope = *scope;
  }

  const std::string auth = string_field(config, "auth").value_or("client_credentials");
  if (auth == "refresh_token") {
    client.auth = client::AuthFlow::refresh_token;
    const auto refresh_token = resolved_field(config, "refresh_token");
    if (!refresh_token) refuse("refresh_token", "is required when auth is refresh_token");
    client.refresh_token = *refresh_token;
  } else if (auth != "client_credentials") {
    refuse("auth", "must be client_credentials or refresh_token");
  }

  if (const auto ca_file = string_field(config, "ca_file")) client.ca_file = *ca_file;

  if (const json::value* timeout = find(config, "timeout")) {
    if (!timeout->is_number()) refuse("timeout", "must be a number of seconds");
    const double seconds = timeout->to_number<double>();
    if (!(seconds > 0 && seconds <= 3600)) refuse("timeout", "must be above 0 and at most 3600");
    client.request_timeout = std::chrono::milliseconds(std::llround(seconds * 1000));
    client.connect_timeout = std::min(client.connect_timeout, client.request_timeout);
  }
  client.requests_per_minute =
      static_cast<int>(int_field(config, "requests_per_minute", 600, 0, 1'000'000));
  client.max_concurrency = static_cast<int>(int_field(config, "max_concurrency", 4, 1, 64));

  parse_user_types(config, out);
  out.organization_membership_provisionable =
      bool_field(config, "organization_membership_provisionable", false);
  parse_provisioning_mode(config, out);
  return out;
}

std::string_view config_schema() { return kConfigSchemaJson; }

}  // namespace ninjaone
