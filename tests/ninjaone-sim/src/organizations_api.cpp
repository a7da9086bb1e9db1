// /v2/organizations (keyset paging), /v2/organization/{id} and its end users.
#include <algorithm>

#include "handlers.hpp"
#include "model_json.hpp"
#include "request_fields.hpp"
#include "user_stream.hpp"

namespace ninjaone_sim {
namespace {

bool contains_case_insensitive(std::string_view haystack, std::string_view needle) {
  auto it = std::search(
      haystack.begin(), haystack.end(), needle.begin(), needle.end(),
      [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
  return it != haystack.end();
}

void require_organization(Services& s, std::int32_t id) {
  if (!s.store.read([&](const State& st) { return st.tenant.organizations.contains(id); })) {
    throw not_found("Organization not found");
  }
}

}  // namespace

Reply list_organizations(Services& s, const ApiRequest& r) {
  const auto size = page_size(s, r);
  const auto after = int32_param(r, "after");
  const auto* filter = r.param("of");
  return cached_json_reply(s, "organizations?" + r.query, [&](const State& state) {
    const auto& orgs = state.tenant.organizations;
    // Keyset paging: the page starts after the last id of the previous one (unless
    // --ignore-after plays a server without it).
    auto it = after && !s.options.ignore_after ? orgs.upper_bound(*after) : orgs.begin();
    boost::json::array page;
    for (; it != orgs.end(); ++it) {
      if (size && page.size() >= *size) break;
      if (filter && !contains_case_insensitive(it->second.name, *filter)) continue;
      page.push_back(organization_json(it->second));
    }
    return boost::json::value(std::move(page));
  });
}

Reply get_organization(Services& s, std::int32_t id) {
  return cached_json_reply(s, "organization/" + std::to_string(id), [&](const State& state) {
    auto it = state.tenant.organizations.find(id);
    if (it == state.tenant.organizations.end()) throw not_found("Organization not found");
    return boost::json::value(organization_detailed_json(it->second));
  });
}

Reply list_organization_end_users(Services& s, const ApiRequest& r, std::int32_t id) {
  require_organization(s, id);
  const bool roles = bool_param(r, "includeRoles").value_or(false);
  Reply reply;
  reply.stream = std::make_shared<UserStream>(
      s.store,
      [id](const User& u) { return u.type == UserType::end_user && u.organization_id == id; },
      UserShape::generic, roles);
  return reply;
}

}  // namespace ninjaone_sim
