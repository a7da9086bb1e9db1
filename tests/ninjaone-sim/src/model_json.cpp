#include "model_json.hpp"

#include <limits>
#include <stdexcept>

namespace ninjaone_sim {
namespace {

void put_optional(json::object& out, std::string_view key, const std::optional<std::string>& v) {
  if (v) out[key] = *v;
}

json::array int_array(std::initializer_list<std::int64_t> values = {}) {
  json::array a;
  for (auto v : values) a.push_back(v);
  return a;
}

json::array string_array(const std::vector<std::string>& values) {
  json::array a;
  for (const auto& v : values) a.push_back(json::string(v));
  return a;
}

// Fields common to the Technician, EndUser and User schemas.
json::object common_user_json(const User& user) {
  json::object o;
  o["id"] = user.id;
  o["uid"] = user.uid;
  o["enabled"] = user.enabled;
  o["firstName"] = user.first_name;
  o["lastName"] = user.last_name;
  put_optional(o, "email", user.email);
  put_optional(o, "phone", user.phone);
  o["mustChangePw"] = user.must_change_pw;
  o["mfaConfigured"] = user.mfa_configured;
  o["invitationStatus"] = user.invitation_status;
  o["assignedDeviceIds"] = int_array();
  return o;
}

// --- reading fixtures -------------------------------------------------------

const json::object& as_object(const json::value& v, std::string_view what) {
  if (!v.is_object()) throw std::invalid_argument(std::string(what) + " must be a JSON object");
  return v.get_object();
}

std::int32_t read_int32(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_int64() || v->get_int64() < std::numeric_limits<std::int32_t>::min() ||
      v->get_int64() > std::numeric_limits<std::int32_t>::max()) {
    throw std::invalid_argument("field \"" + std::string(key) + "\" must be an int32");
  }
  return static_cast<std::int32_t>(v->get_int64());
}

std::optional<std::int32_t> read_optional_int32(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  return read_int32(o, key);
}

std::optional<std::string> read_optional_string(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string())
    throw std::invalid_argument("field \"" + std::string(key) + "\" must be a string");
  return std::string(v->get_string());
}

std::string read_string(const json::object& o, std::string_view key, std::string fallback = {}) {
  return read_optional_string(o, key).value_or(std::move(fallback));
}

bool read_bool(const json::object& o, std::string_view key, bool fallback) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return fallback;
  if (!v->is_bool())
    throw std::invalid_argument("field \"" + std::string(key) + "\" must be a boolean");
  return v->get_bool();
}

const json::array* read_array(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return nullptr;
  if (!v->is_array()) throw std::invalid_argument("\"" + std::string(key) + "\" must be an array");
  return &v->get_array();
}

User user_from_json(const json::value& value, UserType type) {
  const auto& o = as_object(value, "a user");
  User u;
  u.id = read_int32(o, "id");
  u.type = type;
  u.uid = read_string(o, "uid");
  u.first_name = read_string(o, "firstName");
  u.last_name = read_string(o, "lastName");
  u.email = read_optional_string(o, "email");
  u.phone = read_optional_string(o, "phone");
  u.enabled = read_bool(o, "enabled", true);
  u.administrator = read_bool(o, "administrator", false);
  u.permit_all_clients = read_bool(o, "permitAllClients", false);
  u.notify_all_clients = read_bool(o, "notifyAllClients", false);
  u.must_change_pw = read_bool(o, "mustChangePw", false);
  u.mfa_configured = read_bool(o, "mfaConfigured", false);
  u.scim_user = read_bool(o, "scimUser", false);
  u.auth_type = read_string(o, "authType", "NATIVE");
  u.invitation_status = read_string(o, "invitationStatus", "REGISTERED");
  if (type == UserType::end_user) {
    u.organization_id = read_optional_int32(o, "organizationId");
    u.full_portal_access = read_bool(o, "fullPortalAccess", false);
  }
  return u;
}

Role role_from_json(const json::value& value) {
  const auto& o = as_object(value, "a role");
  Role r;
  r.id = read_int32(o, "id");
  r.name = read_string(o, "name");
  r.description = read_string(o, "description");
  auto type = parse_user_type(read_string(o, "type"));
  if (!type) throw std::invalid_argument("role type must be TECHNICIAN or END_USER");
  r.type = *type;
  if (const auto* members = read_array(o, "members")) {
    for (const auto& m : *members) {
      const auto& mo = as_object(m, "a role member");
      r.members[read_int32(mo, "id")] = RoleMembership{read_string(mo, "source", "MANUAL")};
    }
  }
  return r;
}

}  // namespace

json::object technician_json(const User& user, const RoleNames* roles) {
  auto o = common_user_json(user);
  o["scimUser"] = user.scim_user;
  o["authType"] = user.auth_type;
  o["userType"] = "TECHNICIAN";
  o["notifyAllClients"] = user.notify_all_clients;
  o["administrator"] = user.administrator;
  if (roles) o["roles"] = string_array(*roles);
  return o;
}

json::object end_user_json(const User& user, const RoleNames* roles) {
  auto o = common_user_json(user);
  if (user.organization_id) o["organizationId"] = *user.organization_id;
  o["fullPortalAccess"] = user.full_portal_access;
  o["scimUser"] = user.scim_user;
  o["authType"] = user.auth_type;
  o["accessibleDeviceIds"] = int_array();
  if (roles) o["roles"] = string_array(*roles);
  return o;
}

json::object generic_user_json(const User& user, const RoleNames* roles) {
  auto o = common_user_json(user);
  o["administrator"] = user.administrator;
  o["permitAllClients"] = user.permit_all_clients;
  o["notifyAllClients"] = user.notify_all_clients;
  o["userType"] = to_string(user.type);
  if (user.type == UserType::end_user && user.organization_id) {
    o["organizationId"] = *user.organization_id;
  }
  o["deviceIds"] = int_array();
  if (roles) o["roles"] = string_array(*roles);
  return o;
}

json::object typed_user_json(const User& user) {
  return user.type == UserType::technician ? technician_json(user) : end_user_json(user);
}

json::object role_json(const Role& role, const std::map<std::int32_t, User>& users) {
  json::object o;
  o["id"] = role.id;
  o["name"] = role.name;
  o["type"] = to_string(role.type);
  o["description"] = role.description;
  json::array members;
  for (const auto& [id, membership] : role.members) {
    json::object m;
    m["id"] = id;
    if (auto u = users.find(id); u != users.end()) {
      put_optional(m, "email", u->second.email);
      m["name"] = u->second.first_name + " " + u->second.last_name;
    }
    m["source"] = membership.source;
    members.push_back(std::move(m));
  }
  o["members"] = std::move(members);
  return o;
}

json::object organization_json(const Organization& org) {
  json::object o;
  o["id"] = org.id;
  o["name"] = org.name;
  o["description"] = org.description;
  o["nodeApprovalMode"] = org.node_approval_mode;
  o["userData"] = json::object();
  return o;
}

json::object organization_detailed_json(const Organization& org) {
  auto o = organization_json(org);
  o["locations"] = json::array();
  o["policies"] = json::array();
  o["settings"] = json::object();
  return o;
}

json::object ticket_status_json(const TicketStatus& status) {
  return {{"name", status.name},
          {"displayName", status.display_name},
          {"parentId", status.parent_id},
          {"statusId", status.status_id}};
}

json::object ticket_form_json(const TicketForm& form) {
  return {{"id", form.id},
          {"name", form.name},
          {"description", form.description},
          {"active", form.active},
          {"default", form.is_default},
          {"fields", json::array()},
          {"content", {{"fields", json::array()}}}};
}

json::object ticket_json(const Ticket& t, const TicketStatus& status, bool with_description) {
  json::object o;
  o["id"] = t.id;
  o["version"] = t.version;
  o["clientId"] = t.client_id;
  o["ticketFormId"] = t.ticket_form_id;
  if (t.location_id) o["locationId"] = *t.location_id;
  if (t.node_id) o["nodeId"] = *t.node_id;
  o["subject"] = t.subject;
  o["status"] = ticket_status_json(status);
  if (t.type) o["type"] = *t.type;
  o["priority"] = t.priority;
  o["severity"] = t.severity;
  put_optional(o, "requesterUid", t.requester_uid);
  if (t.assigned_app_user_id) o["assignedAppUserId"] = *t.assigned_app_user_id;
  o["source"] = "TECHNICIAN";
  o["tags"] = string_array(t.tags);
  o["ccList"] = {{"uids", string_array(t.cc_uids)}, {"emails", string_array(t.cc_emails)}};
  o["createTime"] = t.create_time;
  o["deleted"] = false;
  o["attributeValues"] = json::array();
  o["additionalAssignedTechnicianIds"] = json::array();
  if (with_description && t.description) {
    json::object d;
    d["public"] = t.description->is_public;
    put_optional(d, "body", t.description->body);
    put_optional(d, "htmlBody", t.description->html_body);
    o["description"] = std::move(d);
  }
  return o;
}

json::object tenant_to_json(const Tenant& tenant) {
  json::array technicians, end_users, roles, organizations, statuses, forms;
  for (const auto& [id, user] : tenant.users) {
    (user.type == UserType::technician ? technicians : end_users).push_back(typed_user_json(user));
  }
  for (const auto& [id, role] : tenant.roles) roles.push_back(role_json(role, tenant.users));
  for (const auto& [id, org] : tenant.organizations)
    organizations.push_back(organization_json(org));
  for (const auto& s : tenant.ticket_statuses) statuses.push_back(ticket_status_json(s));
  for (const auto& f : tenant.ticket_forms) forms.push_back(ticket_form_json(f));
  return {{"technicians", std::move(technicians)},
          {"end_users", std::move(end_users)},
          {"roles", std::move(roles)},
          {"organizations", std::move(organizations)},
          {"ticket_statuses", std::move(statuses)},
          {"ticket_forms", std::move(forms)}};
}

Tenant tenant_from_json(const json::value& fixture) {
  const auto& root = as_object(fixture, "the fixture");
  Tenant tenant;
  auto add_users = [&](std::string_view key, UserType type) {
    if (const auto* list = read_array(root, key)) {
      for (const auto& v : *list) {
        auto user = user_from_json(v, type);
        auto id = user.id;
        if (!tenant.users.emplace(id, std::move(user)).second) {
          throw std::invalid_argument("duplicate user id " + std::to_string(id));
        }
      }
    }
  };
  add_users("technicians", UserType::technician);
  add_users("end_users", UserType::end_user);
  if (const auto* list = read_array(root, "roles")) {
    for (const auto& v : *list) {
      auto role = role_from_json(v);
      auto id = role.id;
      if (!tenant.roles.emplace(id, std::move(role)).second) {
        throw std::invalid_argument("duplicate role id " + std::to_string(id));
      }
    }
  }
  if (const auto* list = read_array(root, "organizations")) {
    for (const auto& v : *list) {
      const auto& o = as_object(v, "an organization");
      Organization org{read_int32(o, "id"), read_string(o, "name"), read_string(o, "description"),
                       read_string(o, "nodeApprovalMode", "AUTOMATIC")};
      auto id = org.id;
      if (!tenant.organizations.emplace(id, std::move(org)).second) {
        throw std::invalid_argument("duplicate organization id " + std::to_string(id));
      }
    }
  }
  if (const auto* list = read_array(root, "ticket_statuses")) {
    for (const auto& v : *list) {
      const auto& o = as_object(v, "a ticket status");
      tenant.ticket_statuses.push_back({read_string(o, "name"), read_string(o, "displayName"),
                                        read_optional_int32(o, "parentId").value_or(0),
                                        read_int32(o, "statusId")});
    }
  }
  if (const auto* list = read_array(root, "ticket_forms")) {
    for (const auto& v : *list) {
      const auto& o = as_object(v, "a ticket form");
      tenant.ticket_forms.push_back({read_int32(o, "id"), read_string(o, "name"),
                                     read_string(o, "description"), read_bool(o, "active", true),
                                     read_bool(o, "default", false)});
    }
  }
  if (tenant.ticket_statuses.empty()) tenant.ticket_statuses = default_ticket_statuses();
  if (tenant.ticket_forms.empty()) tenant.ticket_forms = default_ticket_forms();
  check_consistency(tenant);
  return tenant;
}

}  // namespace ninjaone_sim
