#include "oauth.hpp"

#include <random>
#include <sstream>

namespace ninjaone_sim {
namespace {

namespace json = boost::json;

// Auth-layer error body: {"error","error_description","error_code"}. NinjaOne documents
// only user_context_required=5; the other numbers are the simulator's own.
TokenReply auth_error(unsigned status, std::string_view error, std::string_view description,
                      int code) {
  return {status, {{"error", error}, {"error_description", description}, {"error_code", code}}};
}

std::string random_token(std::string_view prefix) {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string token(prefix);
  for (int i = 0; i < 32; ++i) token += hex[engine() % 16];
  return token;
}

std::set<std::string> split_scopes(std::string_view text) {
  std::set<std::string> scopes;
  std::istringstream in{std::string(text)};
  for (std::string s; in >> s;) scopes.insert(s);
  return scopes;
}

std::string join(const std::set<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;
  return out;
}

const std::string* field(const std::unordered_map<std::string, std::string>& form,
                         const std::string& key) {
  auto it = form.find(key);
  return it == form.end() ? nullptr : &it->second;
}

}  // namespace

OAuthServer::OAuthServer(OAuthConfig config) : config_(std::move(config)) {
  refresh_tokens_.insert(config_.initial_refresh_token);
}

TokenReply OAuthServer::token(const std::unordered_map<std::string, std::string>& form,
                              const std::optional<std::pair<std::string, std::string>>& basic) {
  const auto* id = field(form, "client_id");
  const auto* secret = field(form, "client_secret");
  std::string client_id = id ? *id : basic ? basic->first : "";
  std::string client_secret = secret ? *secret : basic ? basic->second : "";
  if (client_id != config_.client_id || client_secret != config_.client_secret) {
    return auth_error(401, "invalid_client", "Client authentication failed", 3);
  }
  const auto* grant = field(form, "grant_type");
  if (!grant) return auth_error(400, "invalid_request", "grant_type is required", 2);

  std::set<std::string> requested;
  if (const auto* scope = field(form, "scope"); scope && !scope->empty()) {
    requested = split_scopes(*scope);
  } else {
    requested = config_.app_scopes;
    requested.erase("offline_access");
  }
  for (const auto& s : requested) {
    if (!config_.app_scopes.contains(s)) {
      return auth_error(400, "invalid_scope", "Scope not allowed for this client: " + s, 6);
    }
  }

  std::lock_guard lock(mutex_);
  purge_expired();
  if (*grant == "client_credentials") {
    // The machine-to-machine flow never gets a refresh token.
    return issue(requested, false, false);
  }
  if (*grant == "refresh_token") {
    const auto* presented = field(form, "refresh_token");
    if (!presented || refresh_tokens_.erase(*presented) == 0) {
      return auth_error(400, "invalid_grant", "Invalid refresh token", 4);
    }
    ++refresh_generation_;  // rotation: the presented token is gone for good
    return issue(requested, true, true);
  }
  if (*grant == "authorization_code") {
    const auto* code = field(form, "code");
    auto it = code ? codes_.find(*code) : codes_.end();
    if (it == codes_.end())
      return auth_error(400, "invalid_grant", "Invalid authorization code", 4);
    codes_.erase(it);
    return issue(requested, requested.contains("offline_access"), true);
  }
  return auth_error(400, "unsupported_grant_type", "Unsupported grant type", 7);
}

std::optional<std::string> OAuthServer::authorize(std::string_view client_id,
                                                  std::string_view scope) {
  if (client_id != config_.client_id) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto code = random_token("sim-code-");
  codes_[code] = AuthorizationCode{std::string(scope)};
  return code;
}

TokenReply OAuthServer::issue(const std::set<std::string>& scopes, bool with_refresh_token,
                              bool user_context) {
  auto access = random_token("sim-at-");
  access_tokens_[access] = {scopes, std::chrono::steady_clock::now() + config_.token_ttl,
                            user_context};
  TokenReply reply;
  reply.body = {{"access_token", access},
                {"token_type", "Bearer"},
                {"expires_in", config_.token_ttl.count()},
                {"scope", join(scopes)}};
  if (with_refresh_token) {
    auto refresh = random_token("sim-refresh-" + std::to_string(refresh_generation_) + "-");
    refresh_tokens_.insert(refresh);
    reply.body["refresh_token"] = refresh;
  }
  return reply;
}

void OAuthServer::purge_expired() {
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(access_tokens_, [&](const auto& entry) { return entry.second.expires <= now; });
}

TokenCheck OAuthServer::check(std::string_view authorization,
                              const std::vector<std::string_view>& scopes,
                              bool needs_user_context) {
  constexpr std::string_view bearer = "bearer ";
  if (authorization.size() <= bearer.size()) return TokenCheck::missing;
  for (std::size_t i = 0; i < bearer.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != bearer[i]) {
      return TokenCheck::missing;
    }
  }
  const std::string token(authorization.substr(bearer.size()));
  std::lock_guard lock(mutex_);
  auto it = access_tokens_.find(token);
  if (it == access_tokens_.end() || it->second.expires <= std::chrono::steady_clock::now()) {
    return TokenCheck::invalid;
  }
  for (auto scope : scopes) {
    if (!it->second.scopes.contains(std::string(scope))) return TokenCheck::insufficient_scope;
  }
  if (needs_user_context && !it->second.user_context) return TokenCheck::user_context_required;
  return TokenCheck::ok;
}

std::size_t OAuthServer::revoke_all() {
  std::lock_guard lock(mutex_);
  auto n = access_tokens_.size();
  access_tokens_.clear();
  return n;
}

std::uint64_t OAuthServer::refresh_generation() const {
  std::lock_guard lock(mutex_);
  return refresh_generation_;
}

std::size_t OAuthServer::active_access_tokens() const {
  std::lock_guard lock(mutex_);
  return access_tokens_.size();
}

}  // namespace ninjaone_sim
