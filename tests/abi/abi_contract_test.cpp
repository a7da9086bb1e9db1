// The ABI contract, checked on real plugin libraries loaded with Boost.DLL the way
// connector-host loads them: version negotiation, the descriptor, NULL for
// unsupported operations, paging, and status codes reported through `fail`.
#define BOOST_TEST_MODULE abi
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "fixture_setup.hpp"
#include "plugin_harness.hpp"

using namespace abi_test;
namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(negotiation)

BOOST_AUTO_TEST_CASE(fixture_serves_this_major_and_refuses_the_next) {
  const LoadedLibrary library(path_from_env("FIXTURE_PLUGIN"));
  const conn_plugin* plugin = library.entry()(1, 0);
  BOOST_REQUIRE(plugin != nullptr);
  BOOST_TEST(plugin->struct_size == sizeof(conn_plugin));
  BOOST_TEST(plugin->abi_major == CONN_ABI_MAJOR);
  BOOST_TEST(plugin->abi_minor == CONN_ABI_MINOR);

  BOOST_TEST(library.entry()(2, 0) == nullptr);
  // A newer minor of the same major is served: minors only append.
  BOOST_TEST(library.entry()(1, 7) == plugin);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(descriptor)

BOOST_AUTO_TEST_CASE(fixture_describes_itself) {
  const LoadedLibrary library(path_from_env("FIXTURE_PLUGIN"));
  const conn_descriptor& d = *library.plugin().descriptor;
  BOOST_TEST(d.struct_size == sizeof(conn_descriptor));
  BOOST_TEST(std::string(d.id) == "fixture");
  BOOST_TEST(!std::string(d.name).empty());
  BOOST_TEST(std::string(d.version) == "1.0.0");
  BOOST_TEST(!std::string(d.vendor).empty());
  BOOST_TEST(!std::string(d.description).empty());

  // Derived by the SDK from the operations the class declares.
  std::set<std::string> capabilities;
  for (const char* const* c = d.capabilities; *c != nullptr; ++c) capabilities.insert(*c);
  const std::set<std::string> expected{CONN_CAP_LIST, CONN_CAP_PROVISION, CONN_CAP_ACCOUNTS,
                                       CONN_CAP_CONCURRENT};
  BOOST_TEST(capabilities == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(fixture_config_schema_marks_the_secret) {
  const LoadedLibrary library(path_from_env("FIXTURE_PLUGIN"));
  const json::object schema = json::parse(library.plugin().descriptor->config_schema).as_object();
  BOOST_TEST(schema.at("type").as_string() == "object");
  std::set<std::string> required;
  for (const json::value& field : schema.at("required").as_array())
    required.emplace(field.as_string());
  BOOST_TEST(required == (std::set<std::string>{"api_key", "fixture_file"}),
             boost::test_tools::per_element());
  const json::object& properties = schema.at("properties").as_object();
  BOOST_TEST(properties.at("api_key").at("x-secret").as_bool());
  BOOST_TEST(properties.at("page_size").at("default").as_int64() == 2);
  BOOST_TEST(properties.at("fail_validate").at("type").as_string() == "boolean");
}

// ABI 1.3: the profile create_account takes, declared beside the config schema.
BOOST_AUTO_TEST_CASE(fixture_declares_its_account_profile) {
  const LoadedLibrary library(path_from_env("FIXTURE_PLUGIN"));
  const conn_descriptor& d = *library.plugin().descriptor;
  BOOST_TEST_REQUIRE(CONN_HAS_MEMBER(&d, conn_descriptor, profile_schema));
  BOOST_TEST_REQUIRE(d.profile_schema != nullptr);
  const json::object schema = json::parse(d.profile_schema).as_object();
  BOOST_TEST(json::serialize(schema.at("required")) == R"(["name"])");
  BOOST_TEST(schema.at("properties").at("enabled").at("type").as_string() == "boolean");
}

BOOST_AUTO_TEST_CASE(unsupported_operations_are_null) {
  const LoadedLibrary library(path_from_env("FIXTURE_PLUGIN"));
  const conn_plugin& p = library.plugin();
  BOOST_TEST(p.get_operation == nullptr);
  BOOST_TEST(p.end_walk == nullptr);  // the fixture keeps nothing across calls
  for (const void* op :
       {reinterpret_cast<const void*>(p.create), reinterpret_cast<const void*>(p.destroy),
        reinterpret_cast<const void*>(p.validate),
        reinterpret_cast<const void*>(p.list_resource_types),
        reinterpret_cast<const void*>(p.list_resources),
        reinterpret_cast<const void*>(p.list_entitlements),
        reinterpret_cast<const void*>(p.list_grants), reinterpret_cast<const void*>(p.grant),
        reinterpret_cast<const void*>(p.revoke), reinterpret_cast<const void*>(p.create_account),
        reinterpret_cast<const void*>(p.delete_account)}) {
    BOOST_TEST(op != nullptr);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(calls, FixtureSetup)

BOOST_AUTO_TEST_CASE(create_refuses_a_bad_config_through_fail) {
  RecordingCall call;
  const std::string config = R"({"api_key":"x"})";
  BOOST_TEST(plugin.create(host.get(), to_conn(config), call.get()) == nullptr);
  BOOST_TEST(call.fail_count == 1);
  BOOST_TEST(*call.failed_status == CONN_INVALID_ARGUMENT);
  BOOST_TEST(call.fail_message == "config.fixture_file: is required");
}

BOOST_AUTO_TEST_CASE(resource_types_are_user_and_group) {
  const Instance instance(plugin, host, config());
  RecordingCall call;
  BOOST_TEST(plugin.list_resource_types(instance.get(), call.get()) == CONN_OK);
  const std::vector<json::value> types = call.items();
  BOOST_TEST(ids_of(types) == (std::vector<std::string>{"user", "group"}),
             boost::test_tools::per_element());
  BOOST_TEST(types[0].at("traits").as_array() == json::array{"user"});
  BOOST_TEST(types[1].at("traits").as_array() == json::array{"group"});
}

BOOST_AUTO_TEST_CASE(resources_come_in_pages_of_the_configured_size) {
  const Instance instance(plugin, host, config());
  const Listing users = list_all(plugin.list_resources, instance.get(), "user", "");
  BOOST_TEST(users.page_sizes == (std::vector<std::size_t>{2, 1}),
             boost::test_tools::per_element());
  BOOST_TEST(ids_of(users.items) == (std::vector<std::string>{"user:1", "user:2", "user:3"}),
             boost::test_tools::per_element());

  const json::value expected_ada = json::parse(R"({"id":"user:1","type":"user","display_name":"Ada",
      "traits":["user"],"status":"enabled","profile":{"name":"Ada","email":"ada@example.com"}})");
  BOOST_TEST(users.items[0] == expected_ada);
  BOOST_TEST(users.items[1].at("status").as_string() == "disabled");

  const Listing groups = list_all(plugin.list_resources, instance.get(), "group", "");
  BOOST_TEST(ids_of(groups.items) == (std::vector<std::string>{"group:g1", "group:g2", "group:g3"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_host_page_size_hint_can_only_shrink_a_page) {
  const Instance instance(plugin, host, config(kApiKey, 3));
  RecordingCall call;
  const conn_list_request one{sizeof(conn_list_request), to_conn("user"), {}, {}, 1, {}};
  BOOST_TEST(plugin.list_resources(instance.get(), call.get(), &one) == CONN_OK);
  BOOST_TEST(call.raw_items.size() == 1u);
  BOOST_TEST(call.next_page.value_or("") == "1");

  RecordingCall big;
  const conn_list_request hundred{sizeof(conn_list_request), to_conn("user"), {}, {}, 100, {}};
  BOOST_TEST(plugin.list_resources(instance.get(), big.get(), &hundred) == CONN_OK);
  BOOST_TEST(big.raw_items.size() == 3u);
  BOOST_TEST(!big.next_page.has_value());
}

BOOST_AUTO_TEST_CASE(entitlements_and_grants_of_every_resource_form_one_stream) {
  const Instance instance(plugin, host, config());
  const Listing entitlements = list_all(plugin.list_entitlements, instance.get(), "", "");
  BOOST_TEST(
      ids_of(entitlements.items) ==
          (std::vector<std::string>{"group:g1:member", "group:g2:member", "group:g3:member"}),
      boost::test_tools::per_element());
  const json::value expected =
      json::parse(R"({"id":"group:g1:member","resource":"group:g1","slug":"member",
      "display_name":"Admins member","purpose":"assignment","grantable_to":["user"],"provisionable":true})");
  BOOST_TEST(entitlements.items[0] == expected);

  const Listing grants = list_all(plugin.list_grants, instance.get(), "", "");
  BOOST_TEST(grants.page_sizes == (std::vector<std::size_t>{2, 1}),
             boost::test_tools::per_element());
  BOOST_TEST(ids_of(grants.items) ==
                 (std::vector<std::string>{"group:g1:member:user:1", "group:g1:member:user:2",
                                           "group:g2:member:user:3"}),
             boost::test_tools::per_element());
  BOOST_TEST(grants.items[2] ==
             json::parse(R"({"id":"group:g2:member:user:3","entitlement":"group:g2:member",
      "principal":"user:3"})"));
}

BOOST_AUTO_TEST_CASE(entitlements_and_grants_of_one_resource) {
  const Instance instance(plugin, host, config());
  BOOST_TEST(ids_of(list_all(plugin.list_grants, instance.get(), "", "group:g1").items) ==
                 (std::vector<std::string>{"group:g1:member:user:1", "group:g1:member:user:2"}),
             boost::test_tools::per_element());
  BOOST_TEST(list_all(plugin.list_entitlements, instance.get(), "", "group:g3").items.size() == 1u);
  BOOST_TEST(list_all(plugin.list_grants, instance.get(), "", "group:g3").items.empty());
  // Users carry no entitlements.
  BOOST_TEST(list_all(plugin.list_entitlements, instance.get(), "", "user:1").items.empty());

  RecordingCall call;
  const conn_list_request unknown{sizeof(conn_list_request), {}, to_conn("group:nope"), {}, 0, {}};
  BOOST_TEST(plugin.list_grants(instance.get(), call.get(), &unknown) == CONN_NOT_FOUND);
  BOOST_TEST(call.fail_message == "no resource 'group:nope'");
}

// A walk id (ABI 1.2) lets a plugin reuse what it fetched; one that keeps nothing
// answers the same with it, without it, and to a host whose request ends before it.
BOOST_AUTO_TEST_CASE(a_plugin_that_keeps_nothing_ignores_walk_ids) {
  const Instance instance(plugin, host, config(kApiKey, 10));
  conn_list_request request{};
  request.struct_size = sizeof(request);
  request.resource_type = to_conn("user");
  request.walk_id = to_conn("9f86d081884c7d65");
  RecordingCall in_walk;
  BOOST_TEST(plugin.list_resources(instance.get(), in_walk.get(), &request) == CONN_OK);
  RecordingCall outside;
  request.walk_id = {};
  BOOST_TEST(plugin.list_resources(instance.get(), outside.get(), &request) == CONN_OK);
  RecordingCall older_host;
  request.walk_id = to_conn("9f86d081884c7d65");
  request.struct_size = static_cast<uint32_t>(offsetof(conn_list_request, walk_id));
  BOOST_TEST(plugin.list_resources(instance.get(), older_host.get(), &request) == CONN_OK);

  BOOST_TEST(in_walk.raw_items.size() == 3u);
  BOOST_TEST(in_walk.raw_items == outside.raw_items, boost::test_tools::per_element());
  BOOST_TEST(in_walk.raw_items == older_host.raw_items, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_token_the_plugin_never_issued_is_refused) {
  const Instance instance(plugin, host, config());
  RecordingCall call;
  const conn_list_request request{
      sizeof(conn_list_request), to_conn("user"), {}, to_conn("not-an-offset"), 0, {}};
  BOOST_TEST(plugin.list_resources(instance.get(), call.get(), &request) == CONN_INVALID_ARGUMENT);
  BOOST_TEST(call.fail_count == 1);
}

BOOST_AUTO_TEST_CASE(emit_answering_zero_stops_the_page) {
  const Instance instance(plugin, host, config(kApiKey, 10));
  RecordingCall call;
  call.stop_after = 1;
  const conn_list_request request{sizeof(conn_list_request), to_conn("user"), {}, {}, 0, {}};
  BOOST_TEST(plugin.list_resources(instance.get(), call.get(), &request) == CONN_OK);
  BOOST_TEST(call.raw_items.size() == 1u);
  BOOST_TEST(call.fail_count == 0);
}

BOOST_AUTO_TEST_CASE(a_cancelled_call_answers_cancelled) {
  const Instance instance(plugin, host, config());
  RecordingCall call;
  call.cancel = true;
  const conn_list_request request{sizeof(conn_list_request), to_conn("user"), {}, {}, 0, {}};
  BOOST_TEST(plugin.list_resources(instance.get(), call.get(), &request) == CONN_CANCELLED);
  BOOST_TEST(call.raw_items.empty());
  BOOST_TEST(*call.failed_status == CONN_CANCELLED);
}

BOOST_AUTO_TEST_CASE(a_wrong_api_key_is_unauthenticated_and_never_echoed) {
  const Instance instance(plugin, host, config("k-wrong-77"));
  RecordingCall call;
  const conn_list_request request{sizeof(conn_list_request), to_conn("user"), {}, {}, 0, {}};
  BOOST_TEST(plugin.list_resources(instance.get(), call.get(), &request) == CONN_UNAUTHENTICATED);
  BOOST_TEST(call.raw_items.empty());
  BOOST_TEST(call.fail_count == 1);
  BOOST_TEST(call.fail_message.find("api_key") != std::string::npos);
  BOOST_TEST(call.fail_message.find("k-wrong-77") == std::string::npos);
  BOOST_TEST(call.fail_message.find(std::string(kApiKey)) == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(exceptions)

// Each operation of the throwing plugin, with the message its exception becomes.
BOOST_AUTO_TEST_CASE(every_escaping_exception_becomes_internal_with_a_message) {
  const LoadedLibrary library(path_from_env("THROWING_PLUGIN"));
  const conn_plugin& p = library.plugin();
  const RecordingHost host;
  const Instance instance(p, host, "{}");
  const conn_list_request list{sizeof(conn_list_request), to_conn("user"), {}, {}, 0, {}};
  const conn_grant_request grant{sizeof(conn_grant_request), to_conn("group:g1:member"),
                                 to_conn("user:1"), 0};
  const conn_account_request account{sizeof(conn_account_request), to_conn("user"), to_conn("{}"),
                                     to_conn("user:1"), 0};
  const conn_operation_request operation{sizeof(conn_operation_request), to_conn("{}")};

  struct Case {
    const char* name;
    std::function<conn_status(const conn_call*)> call;
    const char* message;
  };
  conn_instance* i = instance.get();
  const std::vector<Case> cases{
      {"validate", [&](const conn_call* c) { return p.validate(i, c); },
       "internal error: validate exploded"},
      {"list_resource_types", [&](const conn_call* c) { return p.list_resource_types(i, c); },
       "internal error: unknown exception"},
      {"list_resources", [&](const conn_call* c) { return p.list_resources(i, c, &list); },
       "internal error: list_resources exploded"},
      {"list_entitlements", [&](const conn_call* c) { return p.list_entitlements(i, c, &list); },
       "internal error: unknown exception"},
      {"list_grants", [&](const conn_call* c) { return p.list_grants(i, c, &list); },
       "internal error: list_grants exploded"},
      {"grant", [&](const conn_call* c) { return p.grant(i, c, &grant); },
       "internal error: unknown exception"},
      {"revoke", [&](const conn_call* c) { return p.revoke(i, c, &grant); },
       "internal error: revoke exploded"},
      {"create_account", [&](const conn_call* c) { return p.create_account(i, c, &account); },
       "internal error: unknown exception"},
      {"delete_account", [&](const conn_call* c) { return p.delete_account(i, c, &account); },
       "internal error: delete_account exploded"},
      {"get_operation", [&](const conn_call* c) { return p.get_operation(i, c, &operation); },
       "internal error: unknown exception"},
  };
  for (const Case& test : cases) {
    BOOST_TEST_CONTEXT(test.name) {
      RecordingCall call;
      BOOST_TEST(test.call(call.get()) == CONN_INTERNAL);
      BOOST_TEST(call.fail_count == 1);
      BOOST_TEST(call.failed_status.value_or(CONN_OK) == CONN_INTERNAL);
      BOOST_TEST(call.fail_message == test.message);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
