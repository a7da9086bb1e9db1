// NinjaOne's OAuth 2.0 token endpoint and bearer-token checks: client_credentials,
// authorization_code and refresh_token grants, rotating refresh tokens, token expiry
// and revocation. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json.hpp>

namespace ninjaone_sim {

struct OAuthConfig {
  std::string client_id = "sim-client";
  std::string client_secret = "sim-secret";
  std::string initial_refresh_token = "sim-refresh-0";
  std::set<std::string> app_scopes = {"monitoring", "management", "control", "offline_access"};
  std::chrono::seconds token_ttl{3600};
};

// What a token endpoint call answers: status and JSON body.
struct TokenReply {
  unsigned status = 200;
  boost::json::object body;
};

// What a bearer-token check found.
enum class TokenCheck { ok, missing, invalid, insufficient_scope, user_context_required };

class OAuthServer {
 public:
  explicit OAuthServer(OAuthConfig config);

  // `form` is the decoded form body; `basic_auth` the decoded "id:secret" of an
  // Authorization: Basic header, when one was sent.
  TokenReply token(const std::unordered_map<std::string, std::string>& form,
                   const std::optional<std::pair<std::string, std::string>>& basic_auth);

  // GET /ws/oauth/authorize: issues a one-time code for the code grant; nullopt when
  // the client id is unknown.
  std::optional<std::string> authorize(std::string_view client_id, std::string_view scope);

  // Checks "Bearer TOKEN" (the whole Authorization header value) for every scope.
  // `needs_user_context`: only tokens of the code and refresh-token grants qualify,
  // as NinjaOne refuses client-credentials tokens for some operations.
  TokenCheck check(std::string_view authorization, const std::vector<std::string_view>& scopes,
                   bool needs_user_context = false);

  // Every access token becomes invalid at once; returns how many there were.
  std::size_t revoke_all();

  // How many times the refresh token has rotated (control API).
  std::uint64_t refresh_generation() const;
  std::size_t active_access_tokens() const;

 private:
  struct AccessToken {
    std::set<std::string> scopes;
    std::chrono::steady_clock::time_point expires;
    bool user_context = false;  // issued by the code or refresh-token grant
  };
  struct AuthorizationCode {
    std::string scope;
  };

  TokenReply issue(const std::set<std::string>& scopes, bool with_refresh_token, bool user_context);
  void purge_expired();

  OAuthConfig config_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, AccessToken> access_tokens_;
  std::set<std::string> refresh_tokens_;
  std::unordered_map<std::string, AuthorizationCode> codes_;
  std::uint64_t refresh_generation_ = 0;
};

}  // namespace ninjaone_sim
