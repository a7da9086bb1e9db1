#include "support/expected_tenant.hpp"

#include <boost/json.hpp>

namespace ninjaone_test {
namespace {

namespace json = boost::json;

std::string str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string user_display_name(const json::object& u) {
  const std::string first = str(u, "firstName"), last = str(u, "lastName");
  if (!first.empty() && !last.empty()) return first + " " + last;
  if (!first.empty() || !last.empty()) return first + last;
  if (!str(u, "email").empty()) return str(u, "email");
  return "user " + std::to_string(u.at("id").to_number<std::int64_t>());
}

json::value user_item(const json::object& u, bool technician) {
  json::object profile;
  profile["userType"] = technician ? "TECHNICIAN" : "END_USER";
  if (!str(u, "email").empty()) profile["email"] = str(u, "email");
  for (const char* field : {"firstName", "lastName", "phone", "invitationStatus", "mfaConfigured",
                            "uid", "mustChangePw"}) {
    if (const json::value* v = u.if_contains(field)) profile[field] = *v;
  }
  if (technician) {
    profile["administrator"] = u.contains("administrator") && u.at("administrator").as_bool();
  } else if (const json::value* org = u.if_contains("organizationId")) {
    profile["organizationId"] = *org;
  }
  const bool enabled = !u.contains("enabled") || u.at("enabled").as_bool();
  return json::object{{"id", "user:" + std::to_string(u.at("id").to_number<std::int64_t>())},
                      {"type", "user"},
                      {"display_name", user_display_name(u)},
                      {"traits", json::array{"user"}},
                      {"status", enabled ? "enabled" : "disabled"},
                      {"profile", std::move(profile)}};
}

json::value entitlement(const std::string& resource, const std::string& slug,
                        const std::string& name, const char* purpose, bool provisionable) {
  return json::object{{"id", resource + ":" + slug},
                      {"resource", resource},
                      {"slug", slug},
                      {"display_name", name},
                      {"purpose", purpose},
                      {"grantable_to", json::array{"user"}},
                      {"provisionable", provisionable}};
}

void add_grant(ItemsById& grants, const std::string& entitlement_id, std::int64_t user) {
  const std::string principal = "user:" + std::to_string(user);
  grants[entitlement_id + ":" + principal] = json::object{{"id", entitlement_id + ":" + principal},
                                                          {"entitlement", entitlement_id},
                                                          {"principal", principal}};
}

}  // namespace

ExpectedTenant expected_from_fixture(const json::value& fixture, const ExpectOptions& options) {
  ExpectedTenant out;
  auto& users = out.resources_by_type["user"];
  const std::string tenant = "tenant:" + options.tenant_key;
  if (options.technicians) {
    for (const json::value& t : fixture.at("technicians").as_array()) {
      const json::object& u = t.as_object();
      json::value item = user_item(u, true);
      users[std::string(item.at("id").as_string())] = item;
      if (u.contains("administrator") && u.at("administrator").as_bool()) {
        add_grant(out.grants, tenant + ":administrator", u.at("id").to_number<std::int64_t>());
      }
    }
  }
  if (options.end_users) {
    for (const json::value& e : fixture.at("end_users").as_array()) {
      const json::object& u = e.as_object();
      json::value item = user_item(u, false);
      users[std::string(item.at("id").as_string())] = item;
      if (const json::value* org = u.if_contains("organizationId")) {
        add_grant(out.grants,
                  "organization:" + std::to_string(org->to_number<std::int64_t>()) + ":member",
                  u.at("id").to_number<std::int64_t>());
      }
    }
  }

  auto& roles = out.resources_by_type["role"];
  for (const json::value& r : fixture.at("roles").as_array()) {
    const json::object& role = r.as_object();
    const std::string type = str(role, "type");
    if ((type == "TECHNICIAN" && !options.technicians) ||
        (type == "END_USER" && !options.end_users)) {
      continue;
    }
    const std::string id = "role:" + std::to_string(role.at("id").to_number<std::int64_t>());
    const std::string name = str(role, "name").empty() ? "role " + id.substr(5) : str(role, "name");
    json::object profile{{"roleType", type}};
    if (role.contains("description")) profile["description"] = role.at("description");
    roles[id] = json::object{{"id", id},
                             {"type", "role"},
                             {"display_name", name},
                             {"traits", json::array{"role"}},
                             {"status", "enabled"},
                             {"profile", std::move(profile)}};
    out.entitlements[id + ":member"] =
        entitlement(id, "member", "Member of role " + name, "assignment", true);
    for (const json::value& m : role.at("members").as_array()) {
      add_grant(out.grants, id + ":member", m.at("id").to_number<std::int64_t>());
    }
  }

  auto& organizations = out.resources_by_type["organization"];
  for (const json::value& o : fixture.at("organizations").as_array()) {
    const json::object& org = o.as_object();
    const std::string id = "organization:" + std::to_string(org.at("id").to_number<std::int64_t>());
    const std::string name =
        str(org, "name").empty() ? "organization " + id.substr(13) : str(org, "name");
    json::object profile;
    for (const char* field : {"description", "nodeApprovalMode"}) {
      if (org.contains(field)) profile[field] = org.at(field);
    }
    organizations[id] = json::object{{"id", id},
                                     {"type", "organization"},
                                     {"display_name", name},
                                     {"traits", json::array{"group"}},
                                     {"status", "enabled"},
                                     {"profile", std::move(profile)}};
    out.entitlements[id + ":member"] =
        entitlement(id, "member", "Member of organization " + name, "assignment", false);
  }

  out.resources_by_type["tenant"][tenant] =
      json::object{{"id", tenant},
                   {"type", "tenant"},
                   {"display_name", "NinjaOne " + options.tenant_key},
                   {"traits", json::array{"app"}},
                   {"status", "enabled"},
                   {"profile", {{"base_url", options.base_url}}}};
  out.entitlements[tenant + ":administrator"] =
      entitlement(tenant, "administrator", "System administrator of NinjaOne " + options.tenant_key,
                  "permission", false);
  return out;
}

ItemsById by_id(const std::vector<json::value>& items, std::vector<std::string>* duplicates) {
  ItemsById out;
  for (const json::value& item : items) {
    const std::string id(item.at("id").as_string());
    if (!out.emplace(id, item).second && duplicates) duplicates->push_back(id);
  }
  return out;
}

ItemsById where(const ItemsById& all, const std::string& field, const std::string& value) {
  ItemsById out;
  for (const auto& [id, item] : all) {
    if (item.at(field) == json::value(value)) out.emplace(id, item);
  }
  return out;
}

}  // namespace ninjaone_test
