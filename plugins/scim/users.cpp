// Resource type `user`: SCIM Users (RFC 7643 4.1), a page of GET /Users per ABI page.
// Users hold no entitlements; their grants are listed by the groups.
#include <connector/sdk/ids.hpp>
#include <connector/sdk/json_fields.hpp>

#include <boost/json/array.hpp>

#include "resources.hpp"

namespace scim {
namespace {

namespace json = boost::json;
namespace ids = connector::sdk::ids;
using connector::sdk::optional_string;

// The primary e-mail, else the first one.
std::optional<std::string_view> email_of(const json::object& user) {
  const json::value* emails = user.if_contains("emails");
  if (emails == nullptr || !emails->is_array()) return std::nullopt;
  std::optional<std::string_view> first;
  for (const json::value& email : emails->get_array()) {
    const json::object* e = email.if_object();
    const auto value = e ? optional_string(*e, "value") : std::nullopt;
    if (!value) continue;
    if (connector::sdk::optional_bool(*e, "primary").value_or(false)) return value;
    if (!first) first = value;
  }
  return first;
}

std::string display_name(const json::object& user, std::string_view user_name) {
  if (const auto name = optional_string(user, "displayName"); name && !name->empty())
    return std::string(*name);
  if (const json::value* name = user.if_contains("name"); name && name->is_object()) {
    const json::object& n = name->get_object();
    if (const auto formatted = optional_string(n, "formatted"); formatted && !formatted->empty())
      return std::string(*formatted);
    const std::string given(optional_string(n, "givenName").value_or(""));
    const std::string family(optional_string(n, "familyName").value_or(""));
    if (!given.empty() || !family.empty())
      return given + (given.empty() || family.empty() ? "" : " ") + family;
  }
  return std::string(user_name);
}

class UserType final : public ResourceType {
 public:
  std::string_view id() const override { return "user"; }

  json::object describe() const override {
    return {{"id", "user"}, {"display_name", "User"}, {"traits", json::array{"user"}}};
  }

  void list_resources(CallContext& context, connector::sdk::Page& page) const override {
    const ListPage users = read_page(context.api(), context.call(), kUsers, start_of(page.token),
                                     page_count(context, page));
    for (const json::value& user : users.resources) {
      if (!user.is_object()) continue;
      if (auto item = user_item(user.get_object())) context.emit(*item);
    }
    if (users.next_start > 0) page.next = std::to_string(users.next_start);
  }

  void list_entitlements(CallContext&, std::optional<std::string_view>,
                         connector::sdk::Page&) const override {}
  void list_grants(CallContext&, std::optional<std::string_view>,
                   connector::sdk::Page&) const override {}
};

}  // namespace

std::optional<json::object> user_item(const json::object& user) {
  const auto id = optional_string(user, "id");
  if (!id || id->empty()) return std::nullopt;
  const std::string_view user_name = optional_string(user, "userName").value_or("");
  json::object profile;
  if (!user_name.empty()) profile["userName"] = user_name;
  if (const auto email = email_of(user)) profile["email"] = *email;
  for (const char* field : {"externalId", "title", "userType"}) {
    if (const auto value = optional_string(user, field)) profile[field] = *value;
  }
  if (const json::value* name = user.if_contains("name"); name && name->is_object()) {
    for (const char* field : {"givenName", "familyName"}) {
      if (const auto value = optional_string(name->get_object(), field)) profile[field] = *value;
    }
  }
  const bool active = connector::sdk::optional_bool(user, "active").value_or(true);
  profile["active"] = active;
  return json::object{{"id", ids::resource("user", key_of(*id))},
                      {"type", "user"},
                      {"display_name", display_name(user, user_name.empty() ? *id : user_name)},
                      {"traits", json::array{"user"}},
                      {"status", active ? "enabled" : "disabled"},
                      {"profile", std::move(profile)}};
}

std::unique_ptr<const ResourceType> make_user_type() { return std::make_unique<UserType>(); }

const ResourceSyncer& syncer() {
  static const ResourceSyncer types = [] {
    std::vector<std::unique_ptr<const ResourceType>> list;
    list.push_back(make_user_type());
    list.push_back(make_group_type());
    return ResourceSyncer(std::move(list));
  }();
  return types;
}

}  // namespace scim
