#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "resources/mapping.hpp"

using namespace ninjaone::resources;
namespace json = boost::json;

namespace {
json::object object_of(std::string_view text) { return json::parse(text).as_object(); }
}  // namespace

BOOST_AUTO_TEST_SUITE(user_mapping)

BOOST_AUTO_TEST_CASE(maps_a_technician_with_every_profile_field) {
  const auto user = user_resource(object_of(R"({
      "id": 2147483647, "uid": "0b7c1d6e-0000-4000-8000-000000000001", "enabled": true,
      "firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com", "phone": "+44 1",
      "userType": "TECHNICIAN", "administrator": true, "invitationStatus": "REGISTERED",
      "mfaConfigured": true, "mustChangePw": false, "deviceIds": [1, 2]})"),
                                  "");
  BOOST_REQUIRE(user.has_value());
  BOOST_TEST(json::value(*user) == json::parse(R"({
      "id": "user:2147483647", "type": "user", "display_name": "Ada Lovelace",
      "traits": ["user"], "status": "enabled",
      "profile": {"userType": "TECHNICIAN", "email": "ada@example.com", "firstName": "Ada",
                  "lastName": "Lovelace", "phone": "+44 1", "invitationStatus": "REGISTERED",
                  "mfaConfigured": true, "uid": "0b7c1d6e-0000-4000-8000-000000000001",
                  "mustChangePw": false, "administrator": true}})"));
}

BOOST_AUTO_TEST_CASE(maps_a_disabled_end_user_without_email) {
  const auto user =
      user_resource(object_of(R"({"id": 5, "enabled": false, "firstName": "", "lastName": "",
                    "userType": "END_USER", "organizationId": 12, "administrator": false})"),
                    "");
  BOOST_REQUIRE(user.has_value());
  BOOST_TEST(user->at("status") == "disabled");
  BOOST_TEST(user->at("display_name") == "user 5");
  const json::object& profile = user->at("profile").as_object();
  BOOST_TEST(!profile.contains("email"));
  BOOST_TEST(!profile.contains("administrator"));  // a technician-only notion
  BOOST_TEST(profile.at("organizationId") == 12);
  BOOST_TEST(profile.at("userType") == "END_USER");
}

BOOST_AUTO_TEST_CASE(keeps_utf8_quotes_and_backslashes_exactly) {
  const std::string name = "\xE5\xB1\xB1\xE7\x94\xB0 \"Q\" \\ \xF0\x9F\x98\x80";  // 山田 "Q" \ 😀
  json::object source = object_of(R"({"id": 9, "userType": "TECHNICIAN", "lastName": "X"})");
  source["firstName"] = name;
  const auto user = user_resource(source, "");
  BOOST_REQUIRE(user.has_value());
  const json::value round_trip = json::parse(json::serialize(*user));
  BOOST_TEST(round_trip.at("display_name").as_string() == name + " X");
  BOOST_TEST(round_trip.at("profile").at("firstName").as_string() == name);
}

// The listing writes a user's item as text (write_user_item), not through json::object:
// the text must be the item, byte for byte what serialising it gives, in the same
// member order, whatever kind of value a copied profile field holds.
BOOST_AUTO_TEST_CASE(the_written_text_is_the_serialised_item) {
  const json::object source = object_of(R"({
      "id": 41, "userType": "END_USER", "organizationId": 7, "email": "e@x",
      "firstName": "Bo", "phone": null, "mfaConfigured": 1.5, "uid": {"odd": [1]},
      "mustChangePw": 18446744073709551615, "invitationStatus": -3})");
  std::string text;
  const auto facts = write_user_item(text, source, "");
  BOOST_REQUIRE(facts.has_value());
  BOOST_TEST(facts->id == 41);
  BOOST_TEST(!facts->technician);
  BOOST_TEST(facts->organization_id.value_or(0) == 7);
  BOOST_TEST(text ==
             R"({"id":"user:41","type":"user","display_name":"Bo","traits":["user"],)"
             R"("status":"enabled","profile":{"userType":"END_USER","email":"e@x",)"
             R"("firstName":"Bo","phone":null,"invitationStatus":-3,"mfaConfigured":1.5E0,)"
             R"("uid":{"odd":[1]},"mustChangePw":18446744073709551615,"organizationId":7}})");
  BOOST_TEST(json::parse(text) == json::value(*user_resource(source, "")));
}

BOOST_AUTO_TEST_CASE(control_characters_are_escaped_in_the_written_text) {
  json::object source = object_of(R"({"id": 8, "userType": "TECHNICIAN"})");
  const std::string name = "line\nbreak\ttab\x01\x1f end";
  source["firstName"] = name;
  std::string text;
  BOOST_REQUIRE(write_user_item(text, source, "").has_value());
  BOOST_TEST(text.find('\n') == std::string::npos);
  BOOST_TEST(json::parse(text).at("display_name").as_string() == name);
}

BOOST_AUTO_TEST_CASE(uses_the_request_filter_when_user_type_is_absent) {
  const auto user = user_resource(object_of(R"({"id": 3, "email": "e@x"})"), "END_USER");
  BOOST_REQUIRE(user.has_value());
  BOOST_TEST(user->at("profile").at("userType") == "END_USER");
  BOOST_TEST(user->at("display_name") == "e@x");
}

BOOST_AUTO_TEST_CASE(skips_elements_it_cannot_name) {
  BOOST_TEST(!user_resource(object_of(R"({"email": "no-id@x", "userType": "TECHNICIAN"})"), ""));
  BOOST_TEST(!user_resource(object_of(R"({"id": 4294967296, "userType": "TECHNICIAN"})"), ""));
  BOOST_TEST(!user_resource(object_of(R"({"id": 1, "userType": "CONTACT"})"), ""));
}

BOOST_AUTO_TEST_CASE(extracts_grant_facts) {
  const auto admin =
      user_facts(object_of(R"({"id": 1, "userType": "TECHNICIAN", "administrator": true})"), "");
  BOOST_REQUIRE(admin.has_value());
  BOOST_TEST(admin->technician);
  BOOST_TEST(admin->administrator);
  BOOST_TEST(!admin->organization_id.has_value());
  const auto member = user_facts(
      object_of(R"({"id": 2, "userType": "END_USER", "organizationId": 7, "administrator": true})"),
      "");
  BOOST_REQUIRE(member.has_value());
  BOOST_TEST(!member->technician);
  BOOST_TEST(!member->administrator);  // only technicians administer the tenant
  BOOST_TEST(member->organization_id.value() == 7);
}

BOOST_AUTO_TEST_CASE(filters_users_by_the_configured_types) {
  ninjaone::Config config;
  BOOST_TEST(users_target(config) == "/v2/users");
  config.include_end_users = false;
  BOOST_TEST(users_target(config) == "/v2/users?userType=TECHNICIAN");
  BOOST_TEST(roles_target(config) == "/v2/user/roles?roleType=TECHNICIAN");
  config.include_end_users = true;
  config.include_technicians = false;
  BOOST_TEST(users_target(config) == "/v2/users?userType=END_USER");
  BOOST_TEST(roles_target(config) == "/v2/user/roles?roleType=END_USER");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(role_organization_tenant_mapping)

BOOST_AUTO_TEST_CASE(maps_a_role_and_its_member_entitlement) {
  const RoleFacts role =
      role_facts(object_of(R"({"id": 7, "name": "Help desk", "type": "TECHNICIAN",
      "description": "Tier 1", "members": [{"id": 101, "email": "a@x", "name": "A", "source": "DIRECT"},
      "not a member", {"email": "no-id@x"}, {"id": 102}]})"))
          .value();
  BOOST_TEST(role.member_ids == (std::vector<std::int32_t>{101, 102}),
             boost::test_tools::per_element());
  BOOST_TEST(json::value(role_resource(role)) == json::parse(R"({
      "id": "role:7", "type": "role", "display_name": "Help desk", "traits": ["role"],
      "status": "enabled", "profile": {"roleType": "TECHNICIAN", "description": "Tier 1"}})"));
  BOOST_TEST(json::value(role_member_entitlement(role)) == json::parse(R"({
      "id": "role:7:member", "resource": "role:7", "slug": "member",
      "display_name": "Member of role Help desk", "purpose": "assignment",
      "grantable_to": ["user"], "provisionable": true})"));
  std::string grant;
  write_grant_item(grant, "role:7:member", "user:101");
  BOOST_TEST(json::parse(grant) == json::parse(R"({
      "id": "role:7:member:user:101", "entitlement": "role:7:member", "principal": "user:101"})"));
  // The tenant key comes from the config: whatever it holds, the text stays JSON.
  write_grant_item(grant, "tenant:a\"b\\c\u0001:administrator", "user:1");
  BOOST_TEST(json::parse(grant).at("entitlement") == "tenant:a\"b\\c\u0001:administrator");
  BOOST_TEST(json::parse(grant).at("id") == "tenant:a\"b\\c\u0001:administrator:user:1");
}

BOOST_AUTO_TEST_CASE(a_role_without_name_type_or_description_still_shows) {
  // `roleType` is accepted where the spec says `type`; a nameless role is named by its id.
  const RoleFacts role = role_facts(object_of(R"({"id": 9, "roleType": "END_USER"})")).value();
  BOOST_TEST(json::value(role_resource(role)) == json::parse(R"({
      "id": "role:9", "type": "role", "display_name": "role 9", "traits": ["role"],
      "status": "enabled", "profile": {"roleType": "END_USER"}})"));
  BOOST_TEST(role_member_entitlement(role).at("display_name") == "Member of role role 9");
  BOOST_TEST(role_facts(object_of(R"({"id": 9, "type": "TECHNICIAN", "roleType": "END_USER"})"))
                 .value()
                 .type == "TECHNICIAN");
  BOOST_TEST(!role_facts(object_of(R"({"name": "no id"})")).has_value());
}

BOOST_AUTO_TEST_CASE(maps_an_organization_and_its_member_entitlement) {
  const json::object org = object_of(R"({"id": 3, "name": "Acme", "description": "HQ",
                                         "nodeApprovalMode": "AUTOMATIC", "userData": {}})");
  BOOST_TEST(json::value(organization_resource(org).value()) == json::parse(R"({
      "id": "organization:3", "type": "organization", "display_name": "Acme", "traits": ["group"],
      "status": "enabled", "profile": {"description": "HQ", "nodeApprovalMode": "AUTOMATIC"}})"));
  const OrganizationFacts facts = organization_facts(org).value();
  const auto read_only = organization_member_entitlement(facts, false);
  BOOST_TEST(read_only.at("id") == "organization:3:member");
  BOOST_TEST(read_only.at("display_name") == "Member of organization Acme");
  BOOST_TEST(read_only.at("provisionable") == false);
  BOOST_TEST(organization_member_entitlement(facts, true).at("provisionable") == true);
  const auto nameless = organization_facts(object_of(R"({"id": 4})")).value();
  BOOST_TEST(organization_member_entitlement(nameless, false).at("display_name") ==
             "Member of organization organization 4");
  BOOST_TEST(!organization_facts(object_of(R"({"name": "no id"})")).has_value());
}

BOOST_AUTO_TEST_CASE(pages_organizations_by_last_id) {
  BOOST_TEST(organizations_target(std::nullopt, 1000) == "/v2/organizations?pageSize=1000");
  BOOST_TEST(organizations_target(2147483647, 5) ==
             "/v2/organizations?pageSize=5&after=2147483647");
}

BOOST_AUTO_TEST_CASE(maps_the_tenant_and_its_read_only_administrator_entitlement) {
  BOOST_TEST(json::value(tenant_resource("app.ninjarmm.com", "https://app.ninjarmm.com")) ==
             json::parse(R"({"id": "tenant:app.ninjarmm.com", "type": "tenant",
                "display_name": "NinjaOne app.ninjarmm.com", "traits": ["app"], "status": "enabled",
                "profile": {"base_url": "https://app.ninjarmm.com"}})"));
  const json::object admin = tenant_administrator_entitlement("app.ninjarmm.com");
  BOOST_TEST(admin.at("id") == "tenant:app.ninjarmm.com:administrator");
  BOOST_TEST(admin.at("purpose") == "permission");
  BOOST_TEST(admin.at("provisionable") == false);
}

BOOST_AUTO_TEST_SUITE_END()
