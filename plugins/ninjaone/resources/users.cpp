// Resource type `user`: NinjaOne technicians and end users.
//
// Source: ONE `GET /v2/users` (filtered by userType when only one type is
// configured). It returns both kinds with every profile field the connector keeps
// (userType, administrator, organizationId, invitationStatus, mfaConfigured, uid), so
// it replaces the two calls /v2/user/technicians + /v2/user/end-users. Users hold no
// entitlements; the grants they receive are listed by the role, organization and
// tenant types, from the users' facts: in a walk, the users listing gathers them as it
// streams, so the grants need no second request.
#include <connector/sdk/json_text.hpp>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ids.hpp"
#include "resources/json_fields.hpp"
#include "resources/mapping.hpp"
#include "resources/registry.hpp"

namespace ninjaone::resources {
namespace {

namespace json = boost::json;
using connector::sdk::append_json_string;
using connector::sdk::append_json_string_body;
using connector::sdk::append_json_value;

// The key of the users' facts in a call and its walk.
constexpr std::string_view kUserFacts = "users";

constexpr std::string_view kTechnician = "TECHNICIAN";
constexpr std::string_view kEndUser = "END_USER";

// The userType a filtered request asked for; "" when both are listed.
std::string_view type_filter(const Config& config) {
  if (config.include_technicians && !config.include_end_users) return kTechnician;
  if (config.include_end_users && !config.include_technicians) return kEndUser;
  return {};
}

// The members of a NinjaOne user the connector reads: the first six, then the
// profile fields it copies as NinjaOne sends them, when present.
constexpr std::size_t kFirstCopied = 6;
constexpr std::array<std::string_view, 13> kUserMembers{
    "id",          "userType", "email", "administrator",    "organizationId", "enabled",
    "firstName",   "lastName", "phone", "invitationStatus", "mfaConfigured",  "uid",
    "mustChangePw"};

// What a users listing builds of each user: those members only (the others, such as
// deviceIds, which may be long, are checked as JSON and dropped as they are read).
const connector::sdk::RecordShape& user_shape() {
  static const connector::sdk::RecordShape shape(
      std::vector<std::string>(kUserMembers.begin(), kUserMembers.end()));
  return shape;
}

// The members of one user the connector reads, each nullptr when absent, from a
// record of user_shape() or from a whole object (one pass over its members either way).
class UserFields {
 public:
  explicit UserFields(const connector::sdk::JsonRecord& user) {
    for (std::size_t i = 0; i < kUserMembers.size(); ++i) members_[i] = user.member(i);
  }
  explicit UserFields(const json::object& user) {
    for (const json::key_value_pair& member : user) {
      const std::size_t i = user_shape().index_of(member.key());
      if (i < kUserMembers.size()) members_[i] = &member.value();
    }
  }

  const json::value* id() const { return members_[0]; }
  const json::value* user_type() const { return members_[1]; }
  const json::value* email() const { return members_[2]; }
  const json::value* administrator() const { return members_[3]; }
  const json::value* organization_id() const { return members_[4]; }
  const json::value* enabled() const { return members_[5]; }
  const json::value* first_name() const { return members_[kFirstCopied]; }
  const json::value* last_name() const { return members_[kFirstCopied + 1]; }
  // The copied profile fields: (name, value) for each one present.
  template <typename Visit>
  void for_each_copied(Visit visit) const {
    for (std::size_t i = kFirstCopied; i < kUserMembers.size(); ++i) {
      if (members_[i] != nullptr) visit(kUserMembers[i], *members_[i]);
    }
  }

 private:
  std::array<const json::value*, kUserMembers.size()> members_{};
};

// TECHNICIAN, END_USER, or "" for a kind the connector does not list (eg: CONTACT).
std::string_view user_type(const UserFields& user, std::string_view type_hint) {
  if (const auto type = string_value(user.user_type())) {
    if (*type == kTechnician) return kTechnician;
    if (*type == kEndUser) return kEndUser;
    return {};
  }
  if (!type_hint.empty()) return type_hint;
  // Only end users belong to an organization.
  return user.organization_id() != nullptr ? kEndUser : kTechnician;
}

// The facts of a user the connector lists; nullopt for one without a usable id or
// of another kind.
std::optional<UserFacts> facts_of(const UserFields& user, std::string_view type_hint) {
  const auto id = id_value(user.id());
  const std::string_view type = user_type(user, type_hint);
  if (!id || type.empty()) return std::nullopt;
  UserFacts facts;
  facts.id = *id;
  facts.technician = type == kTechnician;
  facts.administrator = facts.technician && bool_value(user.administrator()).value_or(false);
  if (!facts.technician) facts.organization_id = id_value(user.organization_id());
  return facts;
}

void append_display_name(std::string& out, const UserFields& user, std::int32_t id) {
  const std::string_view first = string_value(user.first_name()).value_or("");
  const std::string_view last = string_value(user.last_name()).value_or("");
  const std::string_view email = string_value(user.email()).value_or("");
  out += '"';
  if (!first.empty() || !last.empty()) {
    append_json_string_body(out, first);
    if (!first.empty() && !last.empty()) out += ' ';
    append_json_string_body(out, last);
  } else if (!email.empty()) {
    append_json_string_body(out, email);
  } else {
    out += "user " + std::to_string(id);
  }
  out += '"';
}

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
    thread_local std::string text;  // reused: the host copies each item before emit returns
    context.api().get_records(context.call(), users_target(context.config()), user_shape(),
                              [&](const connector::sdk::JsonRecord& user) {
                                const auto one = write_user_item(text, user, hint);
                                if (!one) return;
                                if (gather) facts.push_back(*one);
                                context.emit_text(text);
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

namespace {

std::optional<UserFacts> write_user(std::string& out, const UserFields& fields,
                                    std::string_view type_hint) {
  const auto facts = facts_of(fields, type_hint);
  if (!facts) return std::nullopt;

  out.assign(R"({"id":")");
  out += ids::resource("user", facts->id);
  out += R"(","type":"user","display_name":)";
  append_display_name(out, fields, facts->id);
  out += R"(,"traits":["user"],"status":)";
  out += bool_value(fields.enabled()).value_or(true) ? R"("enabled")" : R"("disabled")";
  out += R"(,"profile":{"userType":)";
  append_json_string(out, facts->technician ? kTechnician : kEndUser);
  if (const auto email = string_value(fields.email()); email && !email->empty()) {
    out += R"(,"email":)";
    append_json_string(out, *email);
  }
  fields.for_each_copied([&](std::string_view name, const json::value& value) {
    out += ',';
    append_json_string(out, name);
    out += ':';
    append_json_value(out, value);
  });
  if (facts->technician) {
    out += R"(,"administrator":)";
    out += facts->administrator ? "true" : "false";
  } else if (facts->organization_id) {
    out += R"(,"organizationId":)";
    out += std::to_string(*facts->organization_id);
  }
  out += "}}";
  return facts;
}

}  // namespace

std::optional<UserFacts> write_user_item(std::string& out, const json::object& user,
                                         std::string_view type_hint) {
  return write_user(out, UserFields(user), type_hint);
}

std::optional<UserFacts> write_user_item(std::string& out, const connector::sdk::JsonRecord& user,
                                         std::string_view type_hint) {
  return write_user(out, UserFields(user), type_hint);
}

const connector::sdk::RecordShape& user_record_shape() { return user_shape(); }

std::optional<json::object> user_resource(const json::object& user, std::string_view type_hint) {
  std::string text;
  if (!write_user_item(text, user, type_hint)) return std::nullopt;
  return json::parse(text).as_object();
}

std::optional<UserFacts> user_facts(const json::object& user, std::string_view type_hint) {
  return facts_of(UserFields(user), type_hint);
}

const std::vector<UserFacts>& CallContext::user_facts() {
  return facts<std::vector<UserFacts>>(kUserFacts, [&] {
    std::vector<UserFacts> facts;
    const std::string_view hint = type_filter(config_);
    api_.get_records(call(), users_target(config_), user_shape(),
                     [&](const connector::sdk::JsonRecord& user) {
                       if (auto one = facts_of(UserFields(user), hint)) facts.push_back(*one);
                     });
    return facts;
  });
}

void CallContext::keep_user_facts(std::vector<UserFacts> facts) {
  keep(std::string(kUserFacts), std::move(facts));
}

std::unique_ptr<const ResourceType> make_user_type() { return std::make_unique<UserType>(); }

}  // namespace ninjaone::resources
