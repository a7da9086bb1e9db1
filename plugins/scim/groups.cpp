// Resource type `group`: SCIM Groups (RFC 7643 4.2). Each group has one entitlement,
// group:G:member, and its grants are the group's `members` of type User. A listing
// of every group's entitlements or grants reads a page of GET /Groups per ABI page,
// members included (once per walk: a sync's three listings share each page); one
// group's reads GET /Groups/{id}.
#include <connector/sdk/ids.hpp>
#include <connector/sdk/items.hpp>
#include <connector/sdk/json_fields.hpp>

#include <boost/json/array.hpp>

#include "resources.hpp"

namespace scim {
namespace {

namespace json = boost::json;
namespace ids = connector::sdk::ids;
using connector::sdk::Error;
using connector::sdk::optional_string;

std::string group_name(const json::object& group, std::string_view id) {
  const auto name = optional_string(group, "displayName");
  return name && !name->empty() ? std::string(*name) : "group " + std::string(id);
}

// Calls on_group(group, id) for every group of the page, or for group `key` alone
// (NOT_FOUND when the server has no such group).
template <class OnGroup>
void for_each_group(CallContext& context, std::optional<std::string_view> key,
                    connector::sdk::Page& page, OnGroup&& on_group) {
  if (key) {
    const std::string id = scim_id_of(*key);
    const auto group = read_resource(context.api(), context.call(), resource_path(kGroups, id));
    if (!group) throw Error(CONN_NOT_FOUND, "group:" + std::string(*key) + " not found");
    on_group(*group, std::string_view(id));
    return;
  }
  // A sync reads each page once: its groups, entitlements and grants share it (a walk).
  const std::int64_t start = start_of(page.token);
  const int count = page_count(context, page);
  const ListPage& groups = context.facts<ListPage>(
      "groups@" + std::to_string(start) + "+" + std::to_string(count),
      [&] { return read_page(context.api(), context.call(), kGroups, start, count); });
  for (const json::value& group : groups.resources) {
    const json::object* g = group.if_object();
    const auto id = g ? optional_string(*g, "id") : std::nullopt;
    if (id && !id->empty()) on_group(*g, *id);
  }
  if (groups.next_start > 0) page.next = std::to_string(groups.next_start);
}

class GroupType final : public ResourceType {
 public:
  std::string_view id() const override { return "group"; }

  json::object describe() const override {
    return {{"id", "group"}, {"display_name", "Group"}, {"traits", json::array{"group"}}};
  }

  void list_resources(CallContext& context, connector::sdk::Page& page) const override {
    for_each_group(context, std::nullopt, page,
                   [&](const json::object& group, std::string_view id) {
                     json::object profile;
                     if (const auto external = optional_string(group, "externalId"))
                       profile["externalId"] = *external;
                     context.emit(json::object{{"id", ids::resource("group", key_of(id))},
                                               {"type", "group"},
                                               {"display_name", group_name(group, id)},
                                               {"traits", json::array{"group"}},
                                               {"status", "enabled"},
                                               {"profile", std::move(profile)}});
                   });
  }

  void list_entitlements(CallContext& context, std::optional<std::string_view> key,
                         connector::sdk::Page& page) const override {
    for_each_group(context, key, page, [&](const json::object& group, std::string_view id) {
      // Membership is what the connector provisions (PATCH add/remove on members).
      context.emit(connector::sdk::entitlement_item(ids::resource("group", key_of(id)), "member",
                                                    "Member of group " + group_name(group, id),
                                                    "assignment", true));
    });
  }

  void list_grants(CallContext& context, std::optional<std::string_view> key,
                   connector::sdk::Page& page) const override {
    for_each_group(context, key, page, [&](const json::object& group, std::string_view id) {
      const std::string entitlement =
          ids::entitlement(ids::resource("group", key_of(id)), "member");
      for_each_user_member(group, [&](std::string_view user) {
        context.emit_grant(entitlement, ids::resource("user", key_of(user)));
      });
    });
  }
};

}  // namespace

std::unique_ptr<const ResourceType> make_group_type() { return std::make_unique<GroupType>(); }

}  // namespace scim
