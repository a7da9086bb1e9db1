// Resource type `user`: NinjaOne technicians and end users.
//
// Source: ONE `GET /v2/users` (filtered by userType when only one type is
// configured). It returns both kinds with every profile field the connector keeps
// (userType, administrator, organizationId, invitationStatus, mfaConfigured, uid), so
// it replaces the two calls /v2/user/technicians + /v2/user/end-users. Users hold no
// entitlements; the grants they receive are listed by the role, organization and
// tenant types, from the users' facts: in a walk, the users listing gathers them as it
// streams, so the grants need no second request.
#include <boost/json/array.hpp>

#include <array>
#include <string>

#include "ids.hpp"
#include "resources/json_fields.hpp"
#include "resources/mapping.hpp"
#include "resources/registry.hpp"

namespace ninjaone::resources {
namespace {

namespace json = boost::json;

constexpr std::string_view kTechnician = "TECHNICIAN";
constexpr std::string_view kEndUser = "END_USER";

// The userType a filtered request asked for; "" when both are listed.
std::string_view type_filter(const Config& config) {
  if (config.include_technicians && !config.include_end_users) return kTechnician;
  if (config.include_end_users && !config.include_technicians) return kEndUser;
  return {};
}

// TECHNICIAN, END_USER, or "" for a kind the connector does not list (eg: CONTACT).
std::string_view user_type(const json::object& user, std::string_view type_hint) {
  if (const auto type = string_field(user, "userType")) {
    if (*type == kTechnician) return kTechnician;
    if (*type == kEndUser) return kEndUser;
    return {};
  }
  if (!type_hint.empty()) return type_hint;
  // Only end users belong to an organization.
  return user.contains("organizationId") ? kEndUser : kTechnician;
}

std::string display_name(const json::object& user, std::int32_t id) {
  std::string name(string_field(user, "firstName").value_or(""));
  const std::string_view last = string_field(user, "lastName").value_or("");
  if (!name.empty() && !last.empty()) name += ' ';
  name += last;
  if (name.empty()) name = string_field(user, "email").value_or("");
  if (name.empty()) name = "user " + std::to_string(id);
  return name;
}

// Profile fields copied as NinjaOne sends them, when present.
constexpr std::array<std::string_view, 7> kCopiedFields{
    "firstName", "lastName", "phone", "invitationStatus", "mfaConfigured", "uid", "mustChangePw"};

class UserType final : public ResourceType {
 public:
  std::string_view id() const override { return "user"; }

  json::object describe() const override {
    return {{"id", "user"}, {"display_name", "User"}, {"traits", json::array{"user"}}};
  }

  void list_resources(CallContext& context,
                      Page& /*page: one page holds every user*/) const override {
    const std::string_view hint = type_filter(context.config());
    const bool gather = context.in_walk();
    std::vector<UserFacts> facts;
    context.api().get_array(context.call(), users_target(context.config()),
                            [&](json::value&& item) {
                              if (!item.is_object()) return;
                              const json::object& user = item.get_object();
                              if (gather) {
                                if (auto one = user_facts(user, hint)) facts.push_back(*one);
                              }
                              if (auto resource = user_resource(user, hint)) {
                                context.emit(*resource);
                              }
                            });
    // Reached only when every user was streamed (a stop or failure throws past it).
    if (gather) context.keep_user_facts(std::move(facts));
  }

  void list_entitlements(CallContext&, std::optional<std::string_view>, Page&) const override {}
  void list_grants(CallContext&, std::optional<std::string_view>, Page&) const override {}
};

}  // namespace

std::string users_target(const Config& config) {
  const std::string_view filter = type_filter(config);
  if (filter.empty()) return "/v2/users";
  return "/v2/users?userType=" + std::string(filter);
}

std::optional<json::object> user_resource(const json::object& user, std::string_view type_hint) {
  const auto id = id_field(user, "id");
  const std::string_view type = user_type(user, type_hint);
  if (!id || type.empty()) return std::nullopt;

  json::object profile;
  profile["userType"] = type;
  if (const auto email = string_field(user, "email"); email && !email->empty()) {
    profile["email"] = *email;
  }
  for (const std::string_view field : kCopiedFields) {
    if (const json::value* value = user.if_contains(field)) profile[field] = *value;
  }
  if (type == kTechnician) {
    profile["administrator"] = bool_field(user, "administrator").value_or(false);
  } else if (const auto organization = id_field(user, "organizationId")) {
    profile["organizationId"] = *organization;
  }

  const bool enabled = bool_field(user, "enabled").value_or(true);
  return json::object{
      {"id", ids::resource("user", *id)},           {"type", "user"},
      {"display_name", display_name(user, *id)},    {"traits", json::array{"user"}},
      {"status", enabled ? "enabled" : "disabled"}, {"profile", std::move(profile)}};
}

std::optional<UserFacts> user_facts(const json::object& user, std::string_view type_hint) {
  const auto id = id_field(user, "id");
  const std::string_view type = user_type(user, type_hint);
  if (!id || type.empty()) return std::nullopt;
  UserFacts facts;
  facts.id = *id;
  facts.technician = type == kTechnician;
  facts.administrator = facts.technician && bool_field(user, "administrator").value_or(false);
  if (!facts.technician) facts.organization_id = id_field(user, "organizationId");
  return facts;
}

const std::vector<UserFacts>& CallContext::user_facts() {
  if (!user_facts_ && walk_) user_facts_ = walk_->users();
  if (!user_facts_) {
    std::vector<UserFacts> facts;
    const std::string_view hint = type_filter(config_);
    api_.get_array(call_, users_target(config_), [&](json::value&& item) {
      if (!item.is_object()) return;
      if (auto one = resources::user_facts(item.get_object(), hint)) facts.push_back(*one);
    });
    user_facts_ = std::make_shared<const std::vector<UserFacts>>(std::move(facts));
    if (walk_) walk_->keep_users(user_facts_);
  }
  return *user_facts_;
}

void CallContext::keep_user_facts(std::vector<UserFacts> facts) {
  if (walk_) walk_->keep_users(std::make_shared<const std::vector<UserFacts>>(std::move(facts)));
}

std::unique_ptr<const ResourceType> make_user_type() { return std::make_unique<UserType>(); }

}  // namespace ninjaone::resources
