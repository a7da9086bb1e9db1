// A connector's "proxy" config field, the same in every connector: absent (the
// environment decides: HTTPS_PROXY, HTTP_PROXY, NO_PROXY), "none" (always direct),
// or {"url": "http://proxy:3128", "username": "...", "password": "..."} (always that
// proxy; the host resolves {"env": ...} and {"file": ...} references first, and the
// password is "x-secret"). A connector puts proxy_config_schema() under "proxy" in
// its config schema's "properties" and reads the field with read_proxy_config.
#pragma once

#include <connector/sdk/config_reader.hpp>
#include <connector/sdk/http/proxy.hpp>

#include <string_view>

namespace connector::sdk::http {

// The JSON Schema (draft 7) of the "proxy" property. Its fields sit directly under
// "properties" (no oneOf) so that a host finds the password's "x-secret" marker.
std::string_view proxy_config_schema();

// Reads `field` of `config` into ProxyOptions, checking the URL as the client will
// use it. Throws sdk::Error(INVALID_ARGUMENT, "config.proxy.url: why"), never quoting
// the URL or the password.
ProxyOptions read_proxy_config(const ConfigReader& config, std::string_view field = "proxy");

}  // namespace connector::sdk::http
