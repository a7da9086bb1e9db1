// The simulated tenant's data: users, roles, organizations, ticketing. Plain structs;
// their JSON shapes (NinjaOne's OpenAPI schemas) live in model_json.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ninjaone_sim {

enum class UserType { technician, end_user };

std::string_view to_string(UserType type);
// Parses "TECHNICIAN" / "END_USER"; nullopt for anything else.
std::optional<UserType> parse_user_type(std::string_view text);

// One NinjaOne app user. Technicians and end users share one id space, as role
// membership refers to users by id alone.
struct User {
  std::int32_t id = 0;
  UserType type = UserType::technician;
  std::string uid;  // UUID
  std::string first_name;
  std::string last_name;
  std::optional<std::string> email;  // some users have none
  std::optional<std::string> phone;
  bool enabled = true;
  bool administrator = false;  // technicians only: system administrator
  bool permit_all_clients = false;
  bool notify_all_clients = false;
  bool must_change_pw = false;
  bool mfa_configured = false;
  bool scim_user = false;
  std::string auth_type = "NATIVE";
  std::string invitation_status = "REGISTERED";
  std::optional<std::int32_t> organization_id;  // end users only
  bool full_portal_access = false;              // end users only
};

struct RoleMembership {
  std::string source = "MANUAL";  // RoleMember.source
};

struct Role {
  std::int32_t id = 0;
  std::string name;
  UserType type = UserType::technician;
  std::string description;
  std::map<std::int32_t, RoleMembership> members;  // by user id
};

struct Organization {
  std::int32_t id = 0;
  std::string name;
  std::string description;
  std::string node_approval_mode = "AUTOMATIC";
};

struct TicketStatus {
  std::string name;  // e.g. "RESOLVED"
  std::string display_name;
  std::int32_t parent_id = 0;
  std::int32_t status_id = 0;  // e.g. 5000
};

struct TicketForm {
  std::int32_t id = 0;
  std::string name;
  std::string description;
  bool active = true;
  bool is_default = false;
};

struct TicketDescription {
  bool is_public = true;
  std::optional<std::string> body;
  std::optional<std::string> html_body;
};

struct Ticket {
  std::int32_t id = 0;
  std::int32_t version = 1;
  std::int32_t client_id = 0;
  std::int32_t ticket_form_id = 0;
  std::optional<std::int32_t> location_id;
  std::optional<std::int32_t> node_id;
  std::string subject;
  std::int32_t status_id = 1000;
  std::optional<std::string> type;
  std::string priority = "NONE";
  std::string severity = "NONE";
  std::optional<std::string> requester_uid;
  std::optional<std::int32_t> assigned_app_user_id;
  std::vector<std::string> tags;
  std::vector<std::string> cc_uids;
  std::vector<std::string> cc_emails;
  std::optional<TicketDescription> description;
  double create_time = 0;
};

// Everything a fixture file holds: the tenant before any request changed it.
struct Tenant {
  std::map<std::int32_t, User> users;  // technicians and end users, ordered by id
  std::map<std::int32_t, Role> roles;
  std::map<std::int32_t, Organization> organizations;
  std::vector<TicketStatus> ticket_statuses;
  std::vector<TicketForm> ticket_forms;
};

// NEW(1000) OPEN(2000) WAITING(3000) PAUSED(4000) RESOLVED(5000) CLOSED(6000).
std::vector<TicketStatus> default_ticket_statuses();
// One active default form, id 1.
std::vector<TicketForm> default_ticket_forms();

// Throws std::invalid_argument when the tenant is inconsistent: a role member that is
// not a user or not of the role's type, an end user in an unknown organization,
// duplicate ids across technicians and end users.
void check_consistency(const Tenant& tenant);

}  // namespace ninjaone_sim
