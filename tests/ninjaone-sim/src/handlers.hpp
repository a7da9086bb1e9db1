// One function per API operation, grouped by area (users_api.cpp, organizations_api.cpp,
// ticketing_api.cpp, token_api.cpp, control_api.cpp). The router has already checked
// the bearer token and scopes; path ids arrive parsed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "api.hpp"

namespace ninjaone_sim {

// A 200 JSON reply of `render(state)`, reused from the response cache until the next
// write (api.cpp).
Reply cached_json_reply(Services& s, const std::string& key,
                        const std::function<boost::json::value(const State&)>& render);

// How many items a paged listing answers: the request's pageSize (400 unless positive),
// capped by --max-page-size; nullopt when neither limits it (api.cpp).
std::optional<std::size_t> page_size(const Services& s, const ApiRequest& r);

// users_api.cpp
Reply list_users(Services& s, const ApiRequest& r);
Reply list_technicians(Services& s, const ApiRequest& r);
Reply list_end_users(Services& s, const ApiRequest& r);
Reply get_user(Services& s, std::int32_t id, UserType type);
Reply create_user(Services& s, const ApiRequest& r, UserType type);
Reply update_user(Services& s, const ApiRequest& r, std::int32_t id, UserType type);
Reply delete_user(Services& s, std::int32_t id, UserType type);
Reply list_roles(Services& s, const ApiRequest& r);
Reply change_role_members(Services& s, const ApiRequest& r, std::int32_t role_id, bool add);

// organizations_api.cpp
Reply list_organizations(Services& s, const ApiRequest& r);
Reply get_organization(Services& s, std::int32_t id);
Reply list_organization_end_users(Services& s, const ApiRequest& r, std::int32_t id);

// ticketing_api.cpp
Reply create_ticket(Services& s, const ApiRequest& r);
Reply get_ticket(Services& s, std::int32_t id);
Reply list_ticket_statuses(Services& s);
Reply list_ticket_forms(Services& s);
Reply get_ticket_form(Services& s, std::int32_t id);

// token_api.cpp: POST /ws/oauth/token (and /oauth/token), GET /ws/oauth/authorize
Reply token(Services& s, const ApiRequest& r);
Reply authorize(Services& s, const ApiRequest& r);

// control_api.cpp: /_sim/*, no authentication (NinjaOne has no such path)
Reply control(Services& s, const ApiRequest& r);

}  // namespace ninjaone_sim
