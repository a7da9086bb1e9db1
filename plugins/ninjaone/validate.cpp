#include "validate.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "resources/mapping.hpp"

namespace ninjaone {
namespace {

namespace json = boost::json;
using connector::sdk::Error;

std::vector<std::string> split_scopes(std::string_view scopes) {
  std::vector<std::string> out;
  std::istringstream words{std::string(scopes)};
  for (std::string word; words >> word;) out.push_back(word);
  return out;
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
  for (const auto& entry : list) {
    if (entry == item) return true;
  }
  return false;
}

void emit_check(const connector::sdk::Call& call, std::string_view check, bool ok,
                std::string_view message) {
  call.emit(json::serialize(json::object{{"check", check}, {"ok", ok}, {"message", message}}));
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

// Asks the token endpoint for one scope alone: does the app have it?
bool app_has_scope(const Config& config, const connector::sdk::Call& call,
                   const connector::sdk::Host& host, const std::string& scope) {
  client::ClientOptions options = config.client;
  options.scope = scope;
  client::ApiClient probe(std::move(options), host);
  try {
    probe.authenticate(call);
    return true;
  } catch (const Error& e) {
    if (e.status() == CONN_PERMISSION_DENIED) return false;
    throw;
  }
}

// `monitoring` is the read scope: prove it with the cheapest read there is.
bool can_read(client::ApiClient& api, const connector::sdk::Call& call, std::string& message) {
  try {
    api.get_array(call, resources::organizations_target(std::nullopt, 1), [](json::value&&) {});
    message = "read one organization";
    return true;
  } catch (const Error& e) {
    if (e.status() != CONN_PERMISSION_DENIED) throw;
    message = e.what();
    return false;
  }
}

}  // namespace

void validate(client::ApiClient& api, const Config& config, const connector::sdk::Call& call,
              const connector::sdk::Host& host) {
  const std::vector<std::string> wanted = split_scopes(config.client.scope);
  std::vector<std::string> missing;

  // Which way requests go, first: when the proxy fails, the checks below say so.
  emit_check(call, "network", true, api.network_route());

  std::string granted_scope;
  try {
    granted_scope = api.authenticate(call);
    emit_check(call, "credentials", true, "the token endpoint accepted the client credentials");
  } catch (const Error& e) {
    if (e.status() != CONN_PERMISSION_DENIED) {
      emit_check(call, "credentials", false, e.what());
      throw;
    }
    // invalid_scope: the credentials are good (the server got as far as the scopes).
    emit_check(call, "credentials", true,
               "the client credentials are valid, but not for every scope asked for");
    for (const auto& scope : wanted) {
      const bool has = app_has_scope(config, call, host, scope);
      emit_check(call, "scope:" + scope, has,
                 has ? "the client app has this scope" : "the client app lacks this scope");
      if (!has) missing.push_back(scope);
    }
    throw Error(CONN_PERMISSION_DENIED, "the client app lacks scopes: " + join(missing));
  }

  const std::vector<std::string> granted = split_scopes(granted_scope);
  for (const auto& scope : wanted) {
    bool ok = false;
    std::string message;
    if (scope == "monitoring") {
      ok = can_read(api, call, message);
    } else {
      ok = contains(granted, scope);
      message = ok ? "granted by the token endpoint" : "not granted by the token endpoint";
    }
    emit_check(call, "scope:" + scope, ok, message);
    if (!ok) missing.push_back(scope);
  }
  if (!missing.empty()) {
    throw Error(CONN_PERMISSION_DENIED, "the client app lacks scopes: " + join(missing));
  }
}

}  // namespace ninjaone
