// Resource type `organization` (trait group): NinjaOne organizations (clients).
//
// Source: `GET /v2/organizations?pageSize=N&after=LASTID`, keyset paging; one ABI
// page per API page, the page token being the last id of the page, and the listing
// ends on an EMPTY page: NinjaOne documents no largest pageSize, so a server may
// answer fewer organizations than asked while more follow, and ending on a short
// page would silently drop them all. Membership grants come from the end users'
// organizationId, taken from the one users listing of the call (never one request per
// organization); for a single organization, from `GET /v2/organization/{id}/end-users`. In a walk,
// each page the resources listing fetched is kept as facts (id, name) by its request
// target, and the entitlements of that page are served from them.
#include <boost/json/array.hpp>

#include <algorithm>
#include <string>
#include <utility>

#include "ids.hpp"
#include "resources/json_fields.hpp"
#include "resources/mapping.hpp"
#include "resources/registry.hpp"

namespace ninjaone::resources {
namespace {

namespace json = boost::json;

// NinjaOne does not document a largest pageSize; 1000 keeps a page well under a
// megabyte while making a 20,000-organization tenant 21 requests (20 pages, then the
// empty one that ends the listing). A server that answers fewer costs more pages,
// never organizations.
constexpr std::uint32_t kDefaultPageSize = 1000;

std::string organization_name(std::string_view name, std::int32_t id) {
  return name.empty() ? "organization " + std::to_string(id) : std::string(name);
}

std::int32_t parse_key(std::string_view key) {
  const auto id = ids::parse_ninja_id(key);
  if (!id) {
    throw connector::sdk::Error(CONN_INVALID_ARGUMENT, "'organization:" + std::string(key) +
                                                           "' is not a NinjaOne organization id");
  }
  return *id;
}

// The id an organization page starts after (its token); none on the first page.
std::optional<std::int32_t> page_after(const Page& page) {
  if (page.token.empty()) return std::nullopt;
  const auto after = ids::parse_ninja_id(page.token);
  if (!after) throw connector::sdk::Error(CONN_INVALID_ARGUMENT, "bad organization page token");
  return after;
}

// The request target of an organization page: its size, and the id it starts after.
std::string page_target(const Page& page, std::optional<std::int32_t> after) {
  const std::uint32_t size =
      page.size_hint == 0 ? kDefaultPageSize : std::min(page.size_hint, kDefaultPageSize);
  return organizations_target(after, size);
}

// Fetches one API page of organizations, calling on_org(object, facts) for each, and
// sets page.next to the last id unless the page was empty. In a walk, keeps the
// page's facts once all of it went through.
template <class OnOrganization>
void fetch_organization_page(CallContext& context, Page& page, OnOrganization&& on_org) {
  const std::optional<std::int32_t> page_start = page_after(page);
  std::string target = page_target(page, page_start);
  // 0 on the first page: NinjaOne ids are positive.
  const std::int32_t after = page_start.value_or(0);
  OrganizationPage kept;
  std::optional<std::int32_t> last_id;
  const std::size_t count =
      context.api().get_array(context.call(), target, [&](json::value&& item) {
        if (!item.is_object()) return;
        const json::object& org = item.get_object();
        auto facts = organization_facts(org);
        if (!facts) return;
        last_id = facts->id;
        on_org(org, *facts);
        if (context.in_walk()) kept.organizations.push_back(std::move(*facts));
      });
  // Keyset paging moves forward: a page that ends at or before `after` means the server
  // ignored it, and the next request would bring the same page again, for ever.
  if (last_id && after > 0 && *last_id <= after) {
    throw connector::sdk::Error(
        CONN_UNAVAILABLE, "GET " + target + ": no organization after " + std::to_string(after) +
                              " (the page ends at " + std::to_string(*last_id) +
                              "): the server does not page by `after`; stopping rather than "
                              "reading the same page again");
  }
  // Only an empty page is the last: a short one may be a server-side cap on pageSize.
  if (last_id) {
    page.next = std::to_string(*last_id);
  } else if (count > 0) {
    // Without an id there is no `after` to ask for: stopping here would drop the rest.
    throw connector::sdk::Error(CONN_UNAVAILABLE, "GET " + target + ": " + std::to_string(count) +
                                                      " items, none an organization with an id; "
                                                      "cannot page past them");
  }
  if (context.in_walk()) {
    kept.next = page.next;
    context.keep_organization_page(std::move(target), std::move(kept));
  }
}

class OrganizationType final : public ResourceType {
 public:
  std::string_view id() const override { return "organization"; }

  json::object describe() const override {
    return {
        {"id", "organization"}, {"display_name", "Organization"}, {"traits", json::array{"group"}}};
  }

  void list_resources(CallContext& context, Page& page) const override {
    fetch_organization_page(context, page, [&](const json::object& org, const OrganizationFacts&) {
      if (auto resource = organization_resource(org)) context.emit(*resource);
    });
  }

  void list_entitlements(CallContext& context, std::optional<std::string_view> key,
                         Page& page) const override {
    const bool provisionable = context.config().organization_membership_provisionable;
    if (!key) {
      if (const auto kept = context.kept_organization_page(page_target(page, page_after(page)))) {
        for (const OrganizationFacts& org : kept->organizations) {
          context.emit(organization_member_entitlement(org, provisionable));
        }
        page.next = kept->next;
        return;
      }
      fetch_organization_page(context, page,
                              [&](const json::object&, const OrganizationFacts& org) {
                                context.emit(organization_member_entitlement(org, provisionable));
                              });
      return;
    }
    const std::int32_t id = parse_key(*key);
    const json::value org =
        context.api().get_json(context.call(), "/v2/organization/" + std::to_string(id));
    if (!org.is_object()) {
      throw connector::sdk::Error(CONN_UNAVAILABLE, "organization " + std::to_string(id) +
                                                        ": the answer is not a JSON object");
    }
    if (const auto facts = organization_facts(org.get_object())) {
      context.emit(organization_member_entitlement(*facts, provisionable));
    }
  }

  void list_grants(CallContext& context, std::optional<std::string_view> key,
                   Page&) const override {
    if (!context.config().include_end_users) return;  // members are end users only
    if (!key) {
      for (const UserFacts& user : context.user_facts()) {
        if (!user.organization_id) continue;
        emit_member(context, *user.organization_id, user.id);
      }
      return;
    }
    const std::int32_t id = parse_key(*key);
    context.api().get_array(context.call(), "/v2/organization/" + std::to_string(id) + "/end-users",
                            [&](json::value&& item) {
                              if (!item.is_object()) return;
                              if (const auto user = id_field(item.get_object(), "id"))
                                emit_member(context, id, *user);
                            });
  }

 private:
  static void emit_member(CallContext& context, std::int32_t org, std::int32_t user) {
    context.emit_grant(ids::entitlement(ids::resource("organization", org), "member"),
                       ids::resource("user", user));
  }
};

}  // namespace

std::string organizations_target(std::optional<std::int32_t> after, std::uint32_t page_size) {
  std::string target = "/v2/organizations?pageSize=" + std::to_string(page_size);
  if (after) target += "&after=" + std::to_string(*after);
  return target;
}

std::optional<json::object> organization_resource(const json::object& org) {
  const auto id = id_field(org, "id");
  if (!id) return std::nullopt;
  json::object profile;
  if (const auto description = optional_string(org, "description")) {
    profile["description"] = *description;
  }
  if (const auto mode = optional_string(org, "nodeApprovalMode"))
    profile["nodeApprovalMode"] = *mode;
  return json::object{
      {"id", ids::resource("organization", *id)},
      {"type", "organization"},
      {"display_name", organization_name(optional_string(org, "name").value_or(""), *id)},
      {"traits", json::array{"group"}},
      {"status", "enabled"},
      {"profile", std::move(profile)}};
}

std::optional<OrganizationFacts> organization_facts(const json::object& org) {
  const auto id = id_field(org, "id");
  if (!id) return std::nullopt;
  return OrganizationFacts{*id, std::string(optional_string(org, "name").value_or(""))};
}

json::object organization_member_entitlement(const OrganizationFacts& org, bool provisionable) {
  return entitlement_item(ids::resource("organization", org.id), "member",
                          "Member of organization " + organization_name(org.name, org.id),
                          "assignment", provisionable);
}

WalkFacts::Shared<OrganizationPage> CallContext::kept_organization_page(
    std::string_view target) const {
  return kept<OrganizationPage>(target);
}

void CallContext::keep_organization_page(std::string target, OrganizationPage page) {
  keep(std::move(target), std::move(page));
}

std::unique_ptr<const ResourceType> make_organization_type() {
  return std::make_unique<OrganizationType>();
}

}  // namespace ninjaone::resources
