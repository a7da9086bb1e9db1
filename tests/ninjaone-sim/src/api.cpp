#include "api.hpp"

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>

#include "handlers.hpp"
#include "request_fields.hpp"

namespace ninjaone_sim {
namespace {

// What a route requires of the bearer token.
enum class Access {
  none,          // OAuth endpoints and /_sim
  read,          // monitoring
  write,         // management
  membership,    // management + control
  ticket_write,  // management, and a user-context token when so configured
};

using Handler = Reply (*)(Services&, const ApiRequest&, std::int32_t id);

struct Route {
  http::verb method;
  std::string_view pattern;  // "{id}" matches one int32 path segment
  Access access;
  Handler handler;
};

using http::verb;
constexpr UserType kTech = UserType::technician;
constexpr UserType kEnd = UserType::end_user;

const Route kRoutes[] = {
    {verb::post, "/ws/oauth/token", Access::none,
     [](Services& s, const ApiRequest& r, std::int32_t) { return token(s, r); }},
    {verb::post, "/oauth/token", Access::none,
     [](Services& s, const ApiRequest& r, std::int32_t) { return token(s, r); }},
    {verb::get, "/ws/oauth/authorize", Access::none,
     [](Services& s, const ApiRequest& r, std::int32_t) { return authorize(s, r); }},
    {verb::get, "/v2/users", Access::read,
     [](Services& s, const ApiRequest& r, std::int32_t) { return list_users(s, r); }},
    {verb::get, "/v2/user/technicians", Access::read,
     [](Services& s, const ApiRequest& r, std::int32_t) { return list_technicians(s, r); }},
    {verb::post, "/v2/user/technicians", Access::write,
     [](Services& s, const ApiRequest& r, std::int32_t) { return create_user(s, r, kTech); }},
    {verb::get, "/v2/user/technician/{id}", Access::read,
     [](Services& s, const ApiRequest&, std::int32_t id) { return get_user(s, id, kTech); }},
    {verb::patch, "/v2/user/technician/{id}", Access::write,
     [](Services& s, const ApiRequest& r, std::int32_t id) {
       return update_user(s, r, id, kTech);
     }},
    {verb::delete_, "/v2/user/technician/{id}", Access::write,
     [](Services& s, const ApiRequest&, std::int32_t id) { return delete_user(s, id, kTech); }},
    {verb::get, "/v2/user/end-users", Access::read,
     [](Services& s, const ApiRequest& r, std::int32_t) { return list_end_users(s, r); }},
    {verb::post, "/v2/user/end-users", Access::write,
     [](Services& s, const ApiRequest& r, std::int32_t) { return create_user(s, r, kEnd); }},
    {verb::get, "/v2/user/end-user/{id}", Access::read,
     [](Services& s, const ApiRequest&, std::int32_t id) { return get_user(s, id, kEnd); }},
    {verb::patch, "/v2/user/end-user/{id}", Access::write,
     [](Services& s, const ApiRequest& r, std::int32_t id) { return update_user(s, r, id, kEnd); }},
    {verb::delete_, "/v2/user/end-user/{id}", Access::write,
     [](Services& s, const ApiRequest&, std::int32_t id) { return delete_user(s, id, kEnd); }},
    {verb::get, "/v2/user/roles", Access::read,
     [](Services& s, const ApiRequest& r, std::int32_t) { return list_roles(s, r); }},
    {verb::patch, "/v2/user/role/{id}/add-members", Access::membership,
     [](Services& s, const ApiRequest& r, std::int32_t id) {
       return change_role_members(s, r, id, true);
     }},
    {verb::patch, "/v2/user/role/{id}/remove-members", Access::membership,
     [](Services& s, const ApiRequest& r, std::int32_t id) {
       return change_role_members(s, r, id, false);
     }},
    {verb::get, "/v2/organizations", Access::read,
     [](Services& s, const ApiRequest& r, std::int32_t) { return list_organizations(s, r); }},
    {verb::get, "/v2/organization/{id}", Access::read,
     [](Services& s, const ApiRequest&, std::int32_t id) { return get_organization(s, id); }},
    {verb::get, "/v2/organization/{id}/end-users", Access::read,
     [](Services& s, const ApiRequest& r, std::int32_t id) {
       return list_organization_end_users(s, r, id);
     }},
    {verb::post, "/v2/ticketing/ticket", Access::ticket_write,
     [](Services& s, const ApiRequest& r, std::int32_t) { return create_ticket(s, r); }},
    {verb::get, "/v2/ticketing/ticket/{id}", Access::read,
     [](Services& s, const ApiRequest&, std::int32_t id) { return get_ticket(s, id); }},
    {verb::get, "/v2/ticketing/statuses", Access::read,
     [](Services& s, const ApiRequest&, std::int32_t) { return list_ticket_statuses(s); }},
    {verb::get, "/v2/ticketing/ticket-form", Access::read,
     [](Services& s, const ApiRequest&, std::int32_t) { return list_ticket_forms(s); }},
    {verb::get, "/v2/ticketing/ticket-form/{id}", Access::read,
     [](Services& s, const ApiRequest&, std::int32_t id) { return get_ticket_form(s, id); }},
};

// Matches `path` against `pattern`; on success `id` holds the "{id}" segment, if any.
bool matches(std::string_view pattern, std::string_view path, std::string_view& id) {
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const auto pattern_segment = pattern.substr(0, pattern.find('/'));
    const auto path_segment = path.substr(0, path.find('/'));
    if (pattern_segment == "{id}") {
      if (path_segment.empty()) return false;
      id = path_segment;
    } else if (pattern_segment != path_segment) {
      return false;
    }
    pattern.remove_prefix(pattern_segment.size());
    path.remove_prefix(path_segment.size());
  }
  return true;
}

// nullopt when the token may proceed; otherwise the auth-layer error NinjaOne answers.
std::optional<Reply> check_access(Services& s, const ApiRequest& r, Access access) {
  if (access == Access::none) return std::nullopt;
  std::vector<std::string_view> scopes;
  switch (access) {
    case Access::read:
      scopes = {"monitoring"};
      break;
    case Access::write:
    case Access::ticket_write:
      scopes = {"management"};
      break;
    case Access::membership:
      scopes = {"management", "control"};
      break;
    case Access::none:
      break;
  }
  const bool user_context = access == Access::ticket_write && s.options.tickets_need_user_context;
  switch (s.oauth.check(r.authorization, scopes, user_context)) {
    case TokenCheck::ok:
      return std::nullopt;
    case TokenCheck::missing:
      return auth_error_reply(401, "not_authenticated",
                              "Full authentication is required to access this resource", 1);
    case TokenCheck::invalid:
      return auth_error_reply(401, "not_authenticated", "Invalid or expired access token", 1);
    case TokenCheck::insufficient_scope:
      return auth_error_reply(403, "insufficient_scope", "The access token lacks a required scope",
                              8);
    case TokenCheck::user_context_required:
      return auth_error_reply(403, "user_context_required",
                              "This operation needs a token issued for a user", 5);
  }
  return std::nullopt;
}

}  // namespace

Reply cached_json_reply(Services& s, const std::string& key,
                        const std::function<boost::json::value(const State&)>& render) {
  Reply reply;
  reply.body = s.cache.get(
      key, s.store, [&](const State& state) { return boost::json::serialize(render(state)); });
  return reply;
}

std::optional<std::size_t> page_size(const Services& s, const ApiRequest& r) {
  const auto asked = int32_param(r, "pageSize");
  if (asked && *asked < 1) throw bad_request("pageSize must be positive");
  const auto cap = s.options.max_page_size;
  if (!asked) return cap;
  const auto size = static_cast<std::size_t>(*asked);
  return cap ? std::min(size, *cap) : size;
}

const std::string* ApiRequest::param(std::string_view key) const {
  auto it = params.find(key);
  return it == params.end() ? nullptr : &it->second;
}

std::string normalize_path(std::string_view path) {
  if (path.starts_with("/api/v2/") || path == "/api/v2") path.remove_prefix(4);
  return std::string(path);
}

ApiRequest parse_request(const http::request<http::string_body>& request) {
  auto url = boost::urls::parse_origin_form(request.target());
  if (!url) throw bad_request("Malformed request target");
  ApiRequest r;
  r.method = request.method();
  r.path = normalize_path(url->encoded_path());
  r.query = url->encoded_query();
  for (auto param : url->params()) {
    r.params.try_emplace(param.key, param.has_value ? param.value : std::string());
  }
  r.body = request.body();
  r.authorization = request[http::field::authorization];
  r.content_type = request[http::field::content_type];
  return r;
}

Reply handle(Services& services, const ApiRequest& request) {
  try {
    if (request.path.starts_with("/_sim/")) return control(services, request);
    bool path_known = false;
    for (const auto& route : kRoutes) {
      std::string_view id_segment;
      if (!matches(route.pattern, request.path, id_segment)) continue;
      path_known = true;
      if (route.method != request.method) continue;
      if (auto denied = check_access(services, request, route.access)) return std::move(*denied);
      const std::int32_t id = id_segment.empty() ? 0 : parse_id(id_segment);
      return route.handler(services, request, id);
    }
    if (path_known)
      return app_error_reply(ApiError(405, "METHOD_NOT_ALLOWED", "Method not allowed"));
    return app_error_reply(not_found("No such endpoint: " + request.path));
  } catch (const ApiError& error) {
    return app_error_reply(error);
  } catch (const std::exception& error) {
    // A simulator bug must not take the server down: answer like NinjaOne would.
    return app_error_reply(ApiError(500, "INTERNAL_SERVER_ERROR", error.what()));
  }
}

}  // namespace ninjaone_sim
