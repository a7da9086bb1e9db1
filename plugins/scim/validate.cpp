#include "validate.hpp"

#include <connector/sdk/json_fields.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <string>
#include <vector>

namespace scim {
namespace {

namespace json = boost::json;
using connector::sdk::Error;

void emit_check(const connector::sdk::Call& call, std::string_view check, bool ok,
                std::string_view message) {
  call.emit(json::serialize(json::object{{"check", check}, {"ok", ok}, {"message", message}}));
}

// What the connector needs of a provider, and what goes wrong without it.
struct Feature {
  std::string_view name;
  std::string_view needed_for;
};
constexpr Feature kFeatures[] = {
    {"patch", "grant and revoke change a group's members with PATCH"},
    {"filter", "create_account confirms an interrupted create by filtering on userName"},
};

// ServiceProviderConfig's {"<feature>":{"supported":bool}}; absent reads as unsupported.
bool supports(const json::object& config, std::string_view feature) {
  const json::value* entry = config.if_contains(feature);
  return entry != nullptr && entry->is_object() &&
         connector::sdk::optional_bool(entry->get_object(), "supported").value_or(false);
}

}  // namespace

void validate(http::ApiClient& api, const Config& config, const connector::sdk::Call& call) {
  // Which way requests go, first: when the proxy fails, the checks below say so.
  emit_check(call, "network", true, api.network_route());
  if (config.client.auth == http::AuthFlow::client_credentials) {
    try {
      api.authenticate(call);
      emit_check(call, "credentials", true, "the token endpoint accepted the client credentials");
    } catch (const Error& e) {
      emit_check(call, "credentials", false, e.what());
      throw;
    }
  }
  json::value answer;
  try {
    answer = api.get_json(call, "/ServiceProviderConfig");
    if (!answer.is_object()) throw Error(CONN_UNKNOWN, "it is not a JSON object");
    emit_check(call, "service_provider_config", true, "read /ServiceProviderConfig");
  } catch (const Error& e) {
    emit_check(call, "service_provider_config", false, e.what());
    throw;
  }
  std::vector<std::string> lacking;
  for (const Feature& feature : kFeatures) {
    const bool ok = supports(answer.get_object(), feature.name);
    emit_check(call, "feature:" + std::string(feature.name), ok,
               ok ? "supported" : "not supported: " + std::string(feature.needed_for));
    if (!ok) lacking.push_back(std::string(feature.name));
  }
  for (const std::string_view endpoint : {"/Users", "/Groups"}) {
    try {
      read_page(api, call, endpoint, 1, 1);
      emit_check(call, "read:" + std::string(endpoint.substr(1)), true, "read one page");
    } catch (const Error& e) {
      emit_check(call, "read:" + std::string(endpoint.substr(1)), false, e.what());
      throw;
    }
  }
  if (!lacking.empty()) {
    std::string list;
    for (const auto& name : lacking) list += (list.empty() ? "" : ", ") + name;
    throw Error(CONN_FAILED_PRECONDITION, "the SCIM server lacks: " + list);
  }
}

}  // namespace scim
