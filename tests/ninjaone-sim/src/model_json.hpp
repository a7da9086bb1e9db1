// The JSON shapes of the model, exactly as NinjaOne's OpenAPI schemas name them
// (Technician, EndUser, User, UserRole, Organization, OrganizationDetailed, TicketDTO,
// TicketStatusPublicApiDTO, TicketFormPublicApiDTO), and the fixture file format
// built from them.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "model.hpp"

namespace ninjaone_sim {

namespace json = boost::json;

using RoleNames = std::vector<std::string>;

// `roles` is given only when the caller asked for includeRoles=true.
json::object technician_json(const User& user, const RoleNames* roles = nullptr);
json::object end_user_json(const User& user, const RoleNames* roles = nullptr);
json::object generic_user_json(const User& user, const RoleNames* roles = nullptr);
// Technician or EndUser shape, by the user's type.
json::object typed_user_json(const User& user);

json::object role_json(const Role& role, const std::map<std::int32_t, User>& users);
json::object organization_json(const Organization& org);
json::object organization_detailed_json(const Organization& org);
json::object ticket_status_json(const TicketStatus& status);
json::object ticket_form_json(const TicketForm& form);
// TicketDTO. `with_description` adds the sim-only "description" object (control API).
json::object ticket_json(const Ticket& ticket, const TicketStatus& status,
                         bool with_description = false);

// {"technicians":[...],"end_users":[...],"roles":[...],"organizations":[...],
//  "ticket_statuses":[...],"ticket_forms":[...]}
json::object tenant_to_json(const Tenant& tenant);
// Reads the same format; missing statuses or forms get the defaults. Throws
// std::invalid_argument (or boost::system::system_error) on a malformed fixture.
Tenant tenant_from_json(const json::value& fixture);

}  // namespace ninjaone_sim
