// The real SCIM plugin, loaded through the real ABI, against SCIMMY (an independent
// SCIM 2.0 implementation, tests/scim/server) over loopback HTTP: its listings equal
// what the server stores, page by page, also when the server pages smaller than
// asked; grant/revoke/create/delete change the server's state and are idempotent
// without a write; faults are retried or reported; validate names what the server
// lacks; bad configurations are refused naming the field; secrets never leave it.
#define BOOST_TEST_MODULE scim_plugin
#include <connector/sdk/http/proxy_config.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "support/plugin.hpp"
#include "support/scim_server.hpp"

using namespace scim_test;
namespace json = boost::json;
using Op = Instance::Op;

namespace {

constexpr const char* kToken = "scim-T0ken-5ecret-b33f";
constexpr const char* kClientSecret = "scim-Cl1ent-5ecret-f00d";

const std::vector<std::string> kTenant{
    "--token",          kToken, "--users", "23", "--groups", "5", "--members-per-group", "4",
    "--disabled-every", "4"};

std::vector<std::string> tenant(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = kTenant;
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string config_for(const ScimServer& server, const json::object& overrides = {}) {
  json::object config{{"base_url", server.base_url()},
                      {"bearer_token", kToken},
                      {"allow_insecure_http", true},
                      {"requests_per_minute", 0}};
  for (const auto& field : overrides) config[field.key()] = field.value();
  return json::serialize(config);
}

const Plugin& plugin() {
  static const Plugin loaded;
  return loaded;
}

std::set<std::string> ids_of(const std::vector<json::value>& items) {
  std::set<std::string> ids;
  for (const auto& item : items) ids.insert(std::string(item.at("id").as_string()));
  return ids;
}

// What the server stores, as the connector's ids.
struct Expected {
  std::set<std::string> users, disabled_users, groups, entitlements, grants;
};

Expected expected_from(const json::object& state) {
  Expected e;
  for (const auto& user : state.at("users").as_array()) {
    const std::string id = "user:" + std::string(user.at("id").as_string());
    e.users.insert(id);
    if (!user.at("active").as_bool()) e.disabled_users.insert(id);
  }
  for (const auto& group : state.at("groups").as_array()) {
    const std::string id = "group:" + std::string(group.at("id").as_string());
    e.groups.insert(id);
    e.entitlements.insert(id + ":member");
    for (const auto& member : group.at("members").as_array())
      e.grants.insert(id + ":member:user:" + std::string(member.at("value").as_string()));
  }
  return e;
}

// The startIndex of every GET `path` listing, in order.
std::vector<std::string> start_indexes(const ScimServer& server, const std::string& path) {
  std::vector<std::string> starts;
  for (const auto& r : server.requests()) {
    const auto& o = r.as_object();
    if (o.at("method").as_string() == "GET" && o.at("path").as_string() == path)
      starts.emplace_back(o.at("query").as_object().at("startIndex").as_string());  // as sent
  }
  return starts;
}

bool mentions(const std::vector<std::string>& texts, const std::string& secret) {
  for (const auto& text : texts)
    if (text.find(secret) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(listing)

BOOST_AUTO_TEST_CASE(every_resource_entitlement_and_grant_equals_the_servers_state) {
  const ScimServer server(tenant());
  Instance instance(plugin(), config_for(server, {{"page_size", 7}}));
  BOOST_TEST_REQUIRE(instance.created(), instance.create_result().message);
  const Expected expected = expected_from(server.state());
  BOOST_TEST_REQUIRE(expected.users.size() == 23u);
  BOOST_TEST_REQUIRE(expected.disabled_users.size() == 5u);

  int pages = 0;
  const Result users = instance.list_all(Op::resources, "user", 0, &pages);
  BOOST_TEST_REQUIRE(users.status == CONN_OK, users.message);
  BOOST_TEST((ids_of(users.items) == expected.users));
  BOOST_TEST(users.items.size() == 23u);  // each once
  BOOST_TEST(pages == 4);                 // 7 + 7 + 7 + 2
  std::set<std::string> disabled;
  for (const auto& user : users.items) {
    if (user.at("status").as_string() == "disabled")
      disabled.insert(std::string(user.at("id").as_string()));
  }
  BOOST_TEST((disabled == expected.disabled_users));
  const json::value& first = users.items.front();
  BOOST_TEST(first.at("id").as_string() == "user:u-0001");
  BOOST_TEST(first.at("display_name").as_string() == "User 1");
  BOOST_TEST(first.at("profile").at("userName").as_string() == "user1@example.test");
  BOOST_TEST(first.at("profile").at("email").as_string() == "user1@example.test");
  BOOST_TEST(first.at("profile").at("familyName").as_string() == "1");
  BOOST_TEST(
      (start_indexes(server, "/scim/v2/Users") == std::vector<std::string>{"1", "8", "15", "22"}));

  const Result groups = instance.list_all(Op::resources, "group");
  BOOST_TEST((ids_of(groups.items) == expected.groups));
  const Result entitlements = instance.list_all(Op::entitlements, "");
  BOOST_TEST((ids_of(entitlements.items) == expected.entitlements));
  BOOST_TEST(entitlements.items.front().at("provisionable").as_bool());
  const Result grants = instance.list_all(Op::grants, "");
  BOOST_TEST_REQUIRE(grants.status == CONN_OK, grants.message);
  BOOST_TEST((ids_of(grants.items) == expected.grants));
  BOOST_TEST(grants.items.size() == expected.grants.size());

  // One group's grants: GET /Groups/{id}.
  const Result one = instance.list_all(Op::grants, "group:g-002");
  BOOST_TEST(one.items.size() == 4u);
  const Result missing = instance.list_page(Op::grants, "group:nope", "");
  BOOST_TEST(missing.status == CONN_NOT_FOUND);
  BOOST_TEST(missing.message == "group:nope not found");
}

BOOST_AUTO_TEST_CASE(a_server_paging_smaller_than_asked_is_followed_by_what_it_returned) {
  const ScimServer server(tenant({"--max-page", "4"}));
  Instance instance(plugin(), config_for(server, {{"page_size", 10}}));
  int pages = 0;
  const Result users = instance.list_all(Op::resources, "user", 0, &pages);
  BOOST_TEST_REQUIRE(users.status == CONN_OK, users.message);
  BOOST_TEST(users.items.size() == 23u);
  BOOST_TEST(ids_of(users.items).size() == 23u);
  BOOST_TEST(pages == 6);
  BOOST_TEST((start_indexes(server, "/scim/v2/Users") ==
              std::vector<std::string>{"1", "5", "9", "13", "17", "21"}));
}

BOOST_AUTO_TEST_CASE(the_hosts_page_size_is_the_scim_count_up_to_the_configs) {
  const ScimServer server(tenant());
  Instance instance(plugin(), config_for(server, {{"page_size", 10}}));
  const Result first = instance.list_page(Op::resources, "user", "", 3);
  BOOST_TEST(first.items.size() == 3u);
  BOOST_TEST(first.next_page == "4");
  const Result big = instance.list_page(Op::resources, "user", "4", 500);
  BOOST_TEST(big.items.size() == 10u);
  BOOST_TEST(big.next_page == "14");
  const Result bad = instance.list_page(Op::resources, "user", "zero");
  BOOST_TEST(bad.status == CONN_INVALID_ARGUMENT);
  BOOST_TEST(bad.message == "bad page token 'zero'");
}

BOOST_AUTO_TEST_CASE(an_empty_server_lists_nothing) {
  const ScimServer server({"--token", kToken});
  Instance instance(plugin(), config_for(server));
  BOOST_TEST(instance.list_all(Op::resources, "user").items.empty());
  BOOST_TEST(instance.list_all(Op::grants, "").items.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(provisioning)

BOOST_AUTO_TEST_CASE(grant_and_revoke_patch_the_groups_members_once) {
  const ScimServer server(tenant());
  Instance instance(plugin(), config_for(server));
  const std::string entitlement = "group:g-001:member";
  const auto members = [&] {
    std::set<std::string> ids;
    const json::object state = server.state();  // kept alive for the loop
    for (const auto& g : state.at("groups").as_array())
      if (g.at("id").as_string() == "g-001")
        for (const auto& m : g.at("members").as_array())
          ids.insert(std::string(m.at("value").as_string()));
    return ids;
  };
  BOOST_TEST_REQUIRE(!members().contains("u-0001"));

  const Result dry = instance.grant(entitlement, "user:u-0001", true);
  BOOST_TEST_REQUIRE(dry.status == CONN_OK, dry.message);
  BOOST_TEST(dry.items.at(0).at("dry_run").at("method").as_string() == "PATCH");
  BOOST_TEST(dry.items.at(0).at("dry_run").at("path").as_string() == "/Groups/g-001");
  BOOST_TEST(server.count("PATCH", "/scim/v2/Groups") == 0u);

  const Result granted = instance.grant(entitlement, "user:u-0001");
  BOOST_TEST_REQUIRE(granted.status == CONN_OK, granted.message);
  BOOST_TEST(granted.items.at(0).at("status").as_string() == "granted");
  BOOST_TEST(members().contains("u-0001"));
  BOOST_TEST(server.count("PATCH", "/scim/v2/Groups") == 1u);

  const Result again = instance.grant(entitlement, "user:u-0001");
  BOOST_TEST(again.items.at(0).at("status").as_string() == "already_granted");
  BOOST_TEST(server.count("PATCH", "/scim/v2/Groups") == 1u);  // no write

  const Result revoked = instance.revoke(entitlement, "user:u-0001");
  BOOST_TEST_REQUIRE(revoked.status == CONN_OK, revoked.message);
  BOOST_TEST(revoked.items.at(0).at("status").as_string() == "revoked");
  BOOST_TEST(!members().contains("u-0001"));
  const Result revoked_again = instance.revoke(entitlement, "user:u-0001");
  BOOST_TEST(revoked_again.items.at(0).at("status").as_string() == "already_revoked");
  BOOST_TEST(server.count("PATCH", "/scim/v2/Groups") == 2u);

  // The grants listing shows the change.
  instance.grant(entitlement, "user:u-0002");
  BOOST_TEST(ids_of(instance.list_all(Op::grants, "group:g-001").items)
                 .contains("group:g-001:member:user:u-0002"));
}

BOOST_AUTO_TEST_CASE(grant_refuses_what_cannot_exist_without_a_write) {
  const ScimServer server(tenant());
  Instance instance(plugin(), config_for(server));
  const Result no_group = instance.grant("group:nope:member", "user:u-0001");
  BOOST_TEST(no_group.status == CONN_NOT_FOUND);
  BOOST_TEST(no_group.message == "group:nope not found");
  const Result no_user = instance.grant("group:g-001:member", "user:nobody");
  BOOST_TEST(no_user.status == CONN_NOT_FOUND);
  BOOST_TEST(no_user.message == "user:nobody not found");
  const Result no_user_revoke = instance.revoke("group:g-001:member", "user:nobody");
  BOOST_TEST(no_user_revoke.status == CONN_NOT_FOUND);
  const Result other_slug = instance.grant("group:g-001:owner", "user:u-0001");
  BOOST_TEST(other_slug.status == CONN_NOT_FOUND);
  BOOST_TEST(other_slug.message ==
             "entitlement 'group:g-001:owner' not found (SCIM has group:G:member)");
  const Result malformed = instance.grant("g-001", "user:u-0001");
  BOOST_TEST(malformed.status == CONN_INVALID_ARGUMENT);
  const Result not_a_user = instance.grant("group:g-001:member", "group:g-002");
  BOOST_TEST(not_a_user.status == CONN_INVALID_ARGUMENT);
  BOOST_TEST(not_a_user.message == "principal 'group:g-002' is not a SCIM user id (user:ID)");
  BOOST_TEST(server.count("PATCH", "/scim/v2") == 0u);
}

BOOST_AUTO_TEST_CASE(create_and_delete_accounts) {
  const ScimServer server(tenant());
  Instance instance(plugin(), config_for(server));
  const std::string profile =
      R"({"userName":"ada@example.test","name":{"givenName":"Ada","familyName":"Lovelace"},)"
      R"("emails":[{"value":"ada@example.test","primary":true}],"active":true})";
  const Result dry = instance.create_account("user", profile, true);
  BOOST_TEST(dry.items.at(0).at("dry_run").at("method").as_string() == "POST");
  BOOST_TEST(server.count("POST", "/scim/v2/Users") == 0u);

  const Result created = instance.create_account("user", profile);
  BOOST_TEST_REQUIRE(created.status == CONN_OK, created.message);
  const json::value& user = created.items.at(0);
  BOOST_TEST(user.at("display_name").as_string() == "Ada Lovelace");
  BOOST_TEST(user.at("status").as_string() == "enabled");
  const std::string id(user.at("id").as_string());
  BOOST_TEST(ids_of(instance.list_all(Op::resources, "user").items).contains(id));

  const Result twice = instance.create_account("user", profile);
  BOOST_TEST(twice.status == CONN_ALREADY_EXISTS);
  BOOST_TEST(twice.message.find("userName 'ada@example.test' is taken") != std::string::npos,
             twice.message);

  BOOST_TEST(instance.create_account("group", profile).status == CONN_INVALID_ARGUMENT);
  const Result no_name = instance.create_account("user", R"({"displayName":"x"})");
  BOOST_TEST(no_name.status == CONN_INVALID_ARGUMENT);
  BOOST_TEST(no_name.message == "profile.userName: is required");
  BOOST_TEST(instance.create_account("user", "[1]").status == CONN_INVALID_ARGUMENT);

  const Result deleted = instance.delete_account(id);
  BOOST_TEST_REQUIRE(deleted.status == CONN_OK, deleted.message);
  BOOST_TEST(deleted.items.at(0).at("status").as_string() == "deleted");
  const Result gone = instance.delete_account(id);
  BOOST_TEST(gone.items.at(0).at("status").as_string() == "already_deleted");
  BOOST_TEST(server.count("DELETE", "/scim/v2/Users") == 1u);
  BOOST_TEST(!ids_of(instance.list_all(Op::resources, "user").items).contains(id));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(a_500_and_a_429_on_a_read_are_retried) {
  const ScimServer server(tenant());
  Instance instance(plugin(), config_for(server, {{"page_size", 10}}));
  server.set_faults(json::array{
      json::object{{"method", "GET"}, {"path", "/scim/v2/Users"}, {"status", 500}, {"times", 1}},
      json::object{{"method", "GET"},
                   {"path", "/scim/v2/Groups"},
                   {"status", 429},
                   {"times", 2},
                   {"retry_after", 0}}});
  const Result users = instance.list_all(Op::resources, "user");
  BOOST_TEST_REQUIRE(users.status == CONN_OK, users.message);
  BOOST_TEST(users.items.size() == 23u);
  const Result grants = instance.list_all(Op::grants, "");
  BOOST_TEST_REQUIRE(grants.status == CONN_OK, grants.message);
  BOOST_TEST((ids_of(grants.items) == expected_from(server.state()).grants));
  BOOST_TEST(server.count("GET", "/scim/v2/Groups") == 3u);  // 2 refused, then 1 page of 5
}

BOOST_AUTO_TEST_CASE(a_write_that_failed_with_a_500_is_re_read_then_sent_again) {
  const ScimServer server(tenant());
  Instance instance(plugin(), config_for(server));
  server.set_faults(json::array{json::object{
      {"method", "PATCH"}, {"path", "/scim/v2/Groups"}, {"status", 500}, {"times", 1}}});
  const Result granted = instance.grant("group:g-001:member", "user:u-0001");
  BOOST_TEST_REQUIRE(granted.status == CONN_OK, granted.message);
  BOOST_TEST(granted.items.at(0).at("status").as_string() == "granted");
  BOOST_TEST(server.count("PATCH", "/scim/v2/Groups") == 2u);
}

BOOST_AUTO_TEST_CASE(a_create_that_failed_with_a_500_is_looked_up_by_user_name_then_sent_again) {
  const ScimServer server(tenant());
  Instance instance(plugin(), config_for(server));
  const json::object fault{
      {"method", "POST"}, {"path", "/scim/v2/Users"}, {"status", 500}, {"times", 1}};
  server.set_faults(json::array{fault});
  const Result created = instance.create_account("user", R"({"userName":"grace@example.test"})");
  BOOST_TEST_REQUIRE(created.status == CONN_OK, created.message);
  BOOST_TEST(created.items.at(0).at("profile").at("userName").as_string() == "grace@example.test");
  BOOST_TEST(server.count("POST", "/scim/v2/Users") == 2u);
  BOOST_TEST(server.state().at("users").as_array().size() == 24u);  // created once

  // Without filter support the outcome cannot be read back: the operator is told.
  const ScimServer no_filter(tenant({"--no-filter"}));
  Instance blind(plugin(), config_for(no_filter));
  no_filter.set_faults(json::array{fault});
  const Result unknown = blind.create_account("user", R"({"userName":"grace@example.test"})");
  BOOST_TEST(unknown.status == CONN_UNAVAILABLE);
  BOOST_TEST(unknown.message.find("whether user 'grace@example.test' exists now could not be "
                                  "read") != std::string::npos,
             unknown.message);
  BOOST_TEST(no_filter.count("POST", "/scim/v2/Users") == 1u);
}

BOOST_AUTO_TEST_CASE(a_refused_token_and_a_server_that_keeps_failing_are_reported) {
  const ScimServer server(tenant());
  Instance instance(plugin(), config_for(server, {{"bearer_token", "wrong-token"}}));
  const Result refused = instance.list_page(Op::resources, "user", "");
  BOOST_TEST(refused.status == CONN_UNAUTHENTICATED);
  BOOST_TEST(server.count("GET", "/scim/v2/Users") == 1u);  // a static token is not retried
  BOOST_TEST(!mentions(instance.everything_said(), "wrong-token"));

  Instance good(plugin(), config_for(server));
  server.set_faults(json::array{json::object{
      {"path", "/scim/v2/Users"}, {"status", 503}, {"times", 100}, {"retry_after", 0}}});
  const Result down = good.list_page(Op::resources, "user", "");
  BOOST_TEST(down.status == CONN_UNAVAILABLE);
  BOOST_TEST(down.message.find("HTTP 503") != std::string::npos, down.message);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(auth_and_validate)

BOOST_AUTO_TEST_CASE(oauth_client_credentials_and_secrets_never_leave_the_plugin) {
  const ScimServer server(tenant({"--client-id", "scim-client", "--client-secret", kClientSecret}));
  const json::object oauth{{"auth", "client_credentials"},
                           {"token_url", server.origin() + "/oauth/token"},
                           {"client_id", "scim-client"},
                           {"client_secret", kClientSecret}};
  json::object config = json::parse(config_for(server, oauth)).as_object();
  config.erase("bearer_token");
  Instance instance(plugin(), json::serialize(config));
  BOOST_TEST_REQUIRE(instance.created(), instance.create_result().message);
  const Result users = instance.list_all(Op::resources, "user");
  BOOST_TEST_REQUIRE(users.status == CONN_OK, users.message);
  BOOST_TEST(users.items.size() == 23u);
  BOOST_TEST(server.count("POST", "/oauth/token") == 1u);
  // A token the server forgot is replaced once.
  server.revoke_tokens();
  BOOST_TEST(instance.list_all(Op::resources, "group").status == CONN_OK);
  BOOST_TEST(server.count("POST", "/oauth/token") == 2u);
  BOOST_TEST(instance.validate().status == CONN_OK);

  config["client_secret"] = "not-the-secret";
  Instance wrong(plugin(), json::serialize(config));
  const Result refused = wrong.list_page(Op::resources, "user", "");
  BOOST_TEST(refused.status == CONN_UNAUTHENTICATED, refused.message);
  BOOST_TEST(!mentions(wrong.everything_said(), "not-the-secret"));
  BOOST_TEST(!mentions(instance.everything_said(), kClientSecret));
}

BOOST_AUTO_TEST_CASE(validate_reads_the_service_provider_config) {
  const ScimServer server(tenant());
  Instance instance(plugin(), config_for(server));
  const Result ok = instance.validate();
  BOOST_TEST_REQUIRE(ok.status == CONN_OK, ok.message);
  std::set<std::string> checks;
  for (const auto& check : ok.items) {
    BOOST_TEST(check.at("ok").as_bool(), json::serialize(check));
    checks.insert(std::string(check.at("check").as_string()));
  }
  BOOST_TEST((checks == std::set<std::string>{"network", "service_provider_config", "feature:patch",
                                              "feature:filter", "read:Users", "read:Groups"}));
  BOOST_TEST(!mentions(instance.everything_said(), kToken));
}

BOOST_AUTO_TEST_CASE(validate_says_which_features_the_server_lacks) {
  const ScimServer server(tenant({"--no-patch", "--no-filter"}));
  Instance instance(plugin(), config_for(server));
  const Result lacking = instance.validate();
  BOOST_TEST(lacking.status == CONN_FAILED_PRECONDITION);
  BOOST_TEST(lacking.message == "the SCIM server lacks: patch, filter");
  for (const auto& check : lacking.items) {
    if (check.at("check").as_string().starts_with("feature:"))
      BOOST_TEST(!check.at("ok").as_bool());
  }
  // Listing still works without them.
  BOOST_TEST(instance.list_all(Op::resources, "user").items.size() == 23u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bad_configurations)

BOOST_AUTO_TEST_CASE(each_is_refused_naming_its_field_without_a_request) {
  const std::string base = "http://127.0.0.1:9/scim/v2";
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"bearer_token":"x"})", "config.base_url: is required"},
      {R"({"base_url":")" + base + R"("})", "config.bearer_token: is required"},
      {R"({"base_url":")" + base + R"(","bearer_token":"x"})", "config.base_url"},
      {R"({"base_url":"http://0.0.0.0/scim","bearer_token":"x","allow_insecure_http":true})",
       "config.base_url"},
      {R"({"base_url":")" + base + R"(","bearer_token":"x","allow_insecure_http":true,"colour":1})",
       "config.colour: is not a known field"},
      {R"({"base_url":")" + base +
           R"(","auth":"client_credentials","client_id":"i","client_secret":"s","allow_insecure_http":true})",
       "config.token_url: is required"},
      {R"({"base_url":")" + base +
           R"(","bearer_token":"x","allow_insecure_http":true,"page_size":0})",
       "config.page_size"},
      {R"({"base_url":"https://127.0.0.1:9/scim","auth":"client_credentials","client_id":"i",)"
       R"("client_secret":"s","token_url":"http://127.0.0.1:9/token","allow_insecure_http":true})",
       "config.token_url: is http:// while base_url is https://"},
      {R"({"base_url":")" + base +
           R"(","bearer_token":"x","allow_insecure_http":true,"proxy":"direct"})",
       "config.proxy"},
      {R"({"base_url":")" + base +
           R"(","bearer_token":"x","allow_insecure_http":true,"proxy":{"url":"https://127.0.0.1:3129"}})",
       "config.proxy.url: https:// proxies"},
  };
  for (const auto& [config, expected] : cases) {
    Instance instance(plugin(), config);
    BOOST_TEST(!instance.created(), config);
    BOOST_TEST(instance.create_result().status == CONN_INVALID_ARGUMENT, config);
    BOOST_TEST(instance.create_result().message.find(expected) != std::string::npos,
               config << " -> " << instance.create_result().message);
  }
}

// The SDK reads "proxy" (read_proxy_config); the schema the plugin publishes carries the
// SDK's own description of it, not a variant (the JSON file holds a copy).
BOOST_AUTO_TEST_CASE(the_proxy_field_is_the_sdks_as_the_sdk_describes_it) {
  const json::value schema = json::parse(plugin().table().descriptor->config_schema);
  BOOST_TEST(schema.at("properties").at("proxy") ==
             json::parse(connector::sdk::http::proxy_config_schema()));
}

BOOST_AUTO_TEST_SUITE_END()
