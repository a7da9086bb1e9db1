// The real NinjaOne plugin, loaded through the real ABI, against the real simulator
// over HTTPS with the test CA: its complete output equals what the simulator's
// fixture implies, item for item, with the fewest requests; under faults and token
// expiry too; every bad configuration fails with its own clear error; the client
// secret never leaves the plugin; the calls of one walk (a sync) fetch each listing once.
#define BOOST_TEST_MODULE ninjaone_plugin_sim
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include <sys/resource.h>

#include "support/environment.hpp"
#include "support/expected_tenant.hpp"
#include "support/fixed_reply_server.hpp"
#include "support/plugin_harness.hpp"
#include "support/simulator.hpp"

using namespace ninjaone_test;
using test_support::required_env;
using test_support::Simulator;
using test_support::test_ca_file;
namespace json = boost::json;
using Op = Instance::Op;

namespace {

constexpr const char* kSecret = "tS3cr3t-NinjaOne-c0ffee";
constexpr uint32_t kOrgPageSize = 4;

const std::vector<std::string> kTenant{
    "--seed",  "11", "--technicians",   "9", "--end-users",        "23",
    "--roles", "6",  "--organizations", "9", "--members-per-role", "4"};

std::vector<std::string> sim_args(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = kTenant;
  args.insert(args.end(), {"--client-secret", kSecret});
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string config_for(const Simulator& sim, const json::object& overrides = {}) {
  json::object config{{"base_url", sim.base_url()},
                      {"ca_file", test_ca_file()},
                      {"client_id", "sim-client"},
                      {"client_secret", kSecret},
                      {"requests_per_minute", 0}};
  for (const auto& field : overrides) config[field.key()] = field.value();
  return json::serialize(config);
}

// A map as text ("a=1 b=2"), so a failed comparison shows both sides.
template <class Map>
std::string text_of(const Map& map) {
  std::ostringstream out;
  out << std::boolalpha;
  for (const auto& [key, value] : map) out << key << "=" << value << " ";
  return out.str();
}

// Compares two item sets id by id, reporting each difference.
void check_same(const ItemsById& actual, const ItemsById& expected, const std::string& what) {
  BOOST_TEST(actual.size() == expected.size(),
             what << ": " << actual.size() << " items, expected " << expected.size());
  for (const auto& [id, item] : expected) {
    const auto found = actual.find(id);
    if (found == actual.end()) {
      BOOST_ERROR(what << ": missing " << json::serialize(item));
    } else if (found->second != item) {
      BOOST_ERROR(what << ": " << json::serialize(found->second) << " != expected "
                       << json::serialize(item));
    }
  }
  for (const auto& [id, item] : actual) {
    if (!expected.contains(id)) BOOST_ERROR(what << ": unexpected " << json::serialize(item));
  }
}

ItemsById unique_items(const CallResult& result, const std::string& what) {
  BOOST_TEST(result.status == CONN_OK, what << " failed: " << result.message);
  std::vector<std::string> duplicates;
  ItemsById items = by_id(result.items, &duplicates);
  BOOST_TEST(duplicates.empty(),
             what << ": duplicate id " << (duplicates.empty() ? "" : duplicates[0]));
  return items;
}

// Lists everything a full sync lists and compares it with the fixture.
std::vector<CallResult> check_full_listing(Instance& instance, const ExpectedTenant& expected) {
  std::vector<CallResult> results;
  const CallResult types = instance.list_resource_types();
  BOOST_TEST(types.status == CONN_OK);
  std::vector<std::string> type_ids;
  for (const auto& t : types.items) type_ids.emplace_back(t.at("id").as_string());
  BOOST_TEST(type_ids == (std::vector<std::string>{"user", "role", "organization", "tenant"}),
             boost::test_tools::per_element());
  for (const auto& type : type_ids) {
    results.push_back(instance.list_all(Op::resources, type, kOrgPageSize));
    check_same(unique_items(results.back(), type), expected.resources_by_type.at(type), type);
  }
  results.push_back(instance.list_all(Op::entitlements, "", kOrgPageSize));
  check_same(unique_items(results.back(), "entitlements"), expected.entitlements, "entitlements");
  results.push_back(instance.list_all(Op::grants, "", kOrgPageSize));
  check_same(unique_items(results.back(), "grants"), expected.grants, "grants");
  return results;
}

void check_no_secret(Instance& instance, const std::vector<CallResult>& results) {
  for (const std::string& text : everything_emitted(instance, results)) {
    BOOST_TEST(text.find(kSecret) == std::string::npos, "the secret leaked in: " << text);
  }
}

// Successful answers per path (the request log also holds failed and faulted ones).
std::map<std::string, int> successes_by_path(const Simulator& sim) {
  std::map<std::string, int> counts;
  for (const json::value& r : sim.requests()) {
    const std::string path(r.at("path").as_string());
    if (path.starts_with("/_sim")) continue;
    if (r.at("status") == 200 && !r.as_object().contains("fault")) ++counts[path];
  }
  return counts;
}

// The API pages of one organization listing: the full pages, a short one if any, then
// the EMPTY page that ends it (a short page is not the last: a server may cap pageSize).
int organization_pages(const json::value& fixture, std::size_t page_size = kOrgPageSize) {
  const std::size_t organizations = fixture.at("organizations").as_array().size();
  return static_cast<int>((organizations + page_size - 1) / page_size) + 1;
}

// The process's peak resident set so far (getrusage), in KiB.
long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

struct TenantFixture {
  json::value fixture = Simulator::dump_fixture(kTenant);
  Plugin plugin;

  ExpectedTenant expected(const Simulator& sim, ExpectOptions options = {}) const {
    options.base_url = sim.base_url();
    return expected_from_fixture(fixture, options);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(against_the_simulator, TenantFixture)

BOOST_AUTO_TEST_CASE(describes_itself) {
  const conn_descriptor& d = *plugin.table().descriptor;
  BOOST_TEST(std::string(d.id) == "ninjaone");
  std::vector<std::string> capabilities;
  for (const char* const* c = d.capabilities; *c != nullptr; ++c) capabilities.emplace_back(*c);
  BOOST_TEST(capabilities == (std::vector<std::string>{"list", "provision", "accounts",
                                                       "operations", "concurrent-calls"}),
             boost::test_tools::per_element());
  const json::value schema = json::parse(d.config_schema);
  BOOST_TEST(schema.at("properties").as_object().contains("client_secret"));
}

BOOST_AUTO_TEST_CASE(lists_the_whole_tenant_item_for_item_with_the_fewest_requests) {
  Simulator sim(sim_args());
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE_MESSAGE(instance.created(), instance.create_result().message);
  const auto results = check_full_listing(instance, expected(sim));
  check_no_secret(instance, results);

  // One token; users once for resources and once for the grants stream (organization
  // memberships and administrators share it); roles once per listing; organizations
  // page by page for resources and for entitlements.
  const int org_pages = organization_pages(fixture);
  const std::map<std::string, int> minimum{{"/ws/oauth/token", 1},
                                           {"/v2/users", 2},
                                           {"/v2/user/roles", 3},
                                           {"/v2/organizations", 2 * org_pages}};
  const auto made = successes_by_path(sim);
  BOOST_TEST(text_of(made) == text_of(minimum));
  BOOST_TEST(sim.requests().size() == 6u + 2u * org_pages);  // no failed or retried request

  // One ABI page per API page of organizations (the last one empty). In the
  // every-resource streams, types that finish within a call share its page: the roles
  // ride with the first organization page and the tenant with the last; all grants are
  // one page.
  int pages = 0;
  instance.list_all(Op::resources, "organization", kOrgPageSize, &pages);
  BOOST_TEST(pages == org_pages);
  instance.list_all(Op::entitlements, "", kOrgPageSize, &pages);
  BOOST_TEST(pages == org_pages);
  instance.list_all(Op::grants, "", kOrgPageSize, &pages);
  BOOST_TEST(pages == 1);
}

BOOST_AUTO_TEST_CASE(lists_the_same_under_injected_faults) {
  Simulator sim(sim_args({"--faults", "429=0.2,html200=0.05,500=0.05,reset=0.05"}));
  Instance instance(plugin, config_for(sim, {{"timeout", 5}}));
  BOOST_REQUIRE_MESSAGE(instance.created(), instance.create_result().message);
  const auto results = check_full_listing(instance, expected(sim));
  check_no_secret(instance, results);
  // Retries replace failed answers; every page is still fetched successfully once.
  const auto made = successes_by_path(sim);
  BOOST_TEST(made.at("/v2/users") == 2);
  BOOST_TEST(made.at("/v2/user/roles") == 3);
  BOOST_TEST(made.at("/v2/organizations") == 2 * organization_pages(fixture));
  BOOST_TEST(sim.requests().size() > 6u + 2u * organization_pages(fixture));  // faults did happen
}

BOOST_AUTO_TEST_CASE(keeps_working_across_token_expiry) {
  Simulator sim(sim_args({"--token-ttl", "2"}));
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE_MESSAGE(instance.created(), instance.create_result().message);
  auto results = check_full_listing(instance, expected(sim));
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));  // the token has expired
  const auto more = check_full_listing(instance, expected(sim));
  results.insert(results.end(), more.begin(), more.end());
  check_no_secret(instance, results);
  BOOST_TEST(successes_by_path(sim).at("/ws/oauth/token") >= 2);
}

BOOST_AUTO_TEST_CASE(lists_one_resource_s_entitlements_and_grants) {
  Simulator sim(sim_args());
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  const ExpectedTenant all = expected(sim);
  for (const auto& [type, resources] : all.resources_by_type) {
    for (const auto& [id, resource] : resources) {
      const CallResult entitlements = instance.list_all(Op::entitlements, id);
      check_same(unique_items(entitlements, id), where(all.entitlements, "resource", id),
                 "entitlements of " + id);
      const CallResult grants = instance.list_all(Op::grants, id);
      ItemsById wanted;
      for (const auto& [eid, entitlement] : where(all.entitlements, "resource", id)) {
        const ItemsById of_one = where(all.grants, "entitlement", eid);
        wanted.insert(of_one.begin(), of_one.end());
      }
      check_same(unique_items(grants, id), wanted, "grants of " + id);
    }
  }
  BOOST_TEST(instance.list_all(Op::grants, "role:2147483646").status == CONN_NOT_FOUND);
  BOOST_TEST(instance.list_all(Op::grants, "tenant:elsewhere").status == CONN_NOT_FOUND);
  BOOST_TEST(instance.list_all(Op::grants, "role").status == CONN_INVALID_ARGUMENT);
  BOOST_TEST(instance.list_all(Op::grants, "role:x").status == CONN_INVALID_ARGUMENT);
  BOOST_TEST(instance.list_all(Op::resources, "widget").status == CONN_INVALID_ARGUMENT);
  BOOST_TEST(instance.list_page(Op::resources, "organization", "not-an-id").status ==
             CONN_INVALID_ARGUMENT);
}

BOOST_AUTO_TEST_CASE(lists_only_the_configured_user_types) {
  Simulator sim(sim_args());
  Instance instance(plugin, config_for(sim, {{"user_types", json::array{"TECHNICIAN"}}}));
  BOOST_REQUIRE(instance.created());
  ExpectOptions options;
  options.end_users = false;
  const ExpectedTenant technicians_only = expected(sim, options);
  // Organizations still exist, but their memberships (end users) are not listed.
  check_full_listing(instance, technicians_only);
  const auto made = successes_by_path(sim);
  BOOST_TEST(made.at("/v2/users") == 2);
  BOOST_TEST(made.at("/v2/user/roles") == 3);
  for (const json::value& r : sim.requests()) {
    if (r.at("path") == "/v2/users") BOOST_TEST(r.at("query") == "userType=TECHNICIAN");
    if (r.at("path") == "/v2/user/roles") BOOST_TEST(r.at("query") == "roleType=TECHNICIAN");
  }
}

BOOST_AUTO_TEST_CASE(stops_when_the_host_wants_no_more_and_when_cancelled) {
  Simulator sim(sim_args());
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  instance.stop_emitting_after(5);
  for (const auto& [op, subject] :
       {std::pair{Op::resources, std::string("user")}, std::pair{Op::entitlements, std::string()},
        std::pair{Op::grants, std::string()}}) {
    const CallResult page = instance.list_page(op, subject, "");
    BOOST_TEST(page.status == CONN_OK, page.message);
    BOOST_TEST(page.items.size() == 5u);
    BOOST_TEST(page.next_page.empty());  // stopping is not a page boundary
  }
  instance.stop_emitting_after(0);
  instance.cancel_calls(true);
  for (const auto& [op, subject] :
       {std::pair{Op::resources, std::string("role")}, std::pair{Op::grants, std::string()}}) {
    const CallResult page = instance.list_page(op, subject, "");
    BOOST_TEST(page.status == CONN_CANCELLED, page.message);
    BOOST_TEST(page.items.empty());
  }
}

BOOST_AUTO_TEST_CASE(refresh_token_auth_hands_the_rotated_token_to_the_host) {
  Simulator sim(sim_args({"--refresh-token", "first-refresh-token"}));
  Instance instance(plugin, config_for(sim, {{"auth", "refresh_token"},
                                             {"refresh_token", "first-refresh-token"}}));
  BOOST_REQUIRE_MESSAGE(instance.created(), instance.create_result().message);
  const CallResult users = instance.list_all(Op::resources, "user");
  check_same(unique_items(users, "user"), expected(sim).resources_by_type.at("user"), "user");
  const auto secrets = instance.host().secrets();
  BOOST_REQUIRE(secrets.contains("refresh_token"));
  const std::string stored = secrets.at("refresh_token");
  BOOST_TEST(!stored.empty());
  BOOST_TEST(stored != "first-refresh-token");  // rotated
  for (const std::string& text : everything_emitted(instance, {users})) {
    BOOST_TEST(text.find(stored) == std::string::npos, text);
    BOOST_TEST(text.find("first-refresh-token") == std::string::npos, text);
  }
}

BOOST_AUTO_TEST_CASE(validates_credentials_and_every_scope) {
  Simulator sim(sim_args());
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  const CallResult result = instance.validate();
  BOOST_TEST(result.status == CONN_OK, result.message);
  std::map<std::string, bool> checks;
  for (const auto& item : result.items)
    checks[std::string(item.at("check").as_string())] = item.at("ok").as_bool();
  const std::map<std::string, bool> all_ok{{"network", true},
                                           {"credentials", true},
                                           {"scope:monitoring", true},
                                           {"scope:management", true},
                                           {"scope:control", true}};
  BOOST_TEST(text_of(checks) == text_of(all_ok));
  // The first check says which way requests went (docs/proxy.md).
  BOOST_TEST(result.items.front().at("check") == "network");
  BOOST_TEST(result.items.front().at("message") == "direct");
  check_no_secret(instance, {result});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(bad_configurations, TenantFixture)

BOOST_AUTO_TEST_CASE(a_wrong_secret_is_reported_as_bad_client_credentials) {
  Simulator sim(sim_args());
  Instance instance(plugin, config_for(sim, {{"client_secret", "wrong-secret-value"}}));
  BOOST_REQUIRE(instance.created());
  const CallResult validation = instance.validate();
  BOOST_TEST(validation.status == CONN_UNAUTHENTICATED);
  BOOST_TEST(validation.message.find("bad client credentials") != std::string::npos,
             validation.message);
  BOOST_REQUIRE(validation.items.size() >= 2u);
  BOOST_TEST(validation.items.at(0).at("check") == "network");  // which way: direct
  BOOST_TEST(validation.items.at(1).at("check") == "credentials");
  BOOST_TEST(validation.items.at(1).at("ok") == false);
  const CallResult listing = instance.list_all(Op::resources, "user");
  BOOST_TEST(listing.status == CONN_UNAUTHENTICATED);
  for (const std::string& text : everything_emitted(instance, {validation, listing})) {
    BOOST_TEST(text.find("wrong-secret-value") == std::string::npos, text);
  }
}

BOOST_AUTO_TEST_CASE(missing_scopes_are_named) {
  Simulator sim(sim_args({"--scopes", "monitoring"}));
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  const CallResult result = instance.validate();
  BOOST_TEST(result.status == CONN_PERMISSION_DENIED);
  BOOST_TEST(result.message.find("management control") != std::string::npos, result.message);
  std::map<std::string, bool> checks;
  for (const auto& item : result.items)
    checks[std::string(item.at("check").as_string())] = item.at("ok").as_bool();
  const std::map<std::string, bool> wanted{{"network", true},
                                           {"credentials", true},
                                           {"scope:monitoring", true},
                                           {"scope:management", false},
                                           {"scope:control", false}};
  BOOST_TEST(text_of(checks) == text_of(wanted));
  check_no_secret(instance, {result});
}

BOOST_AUTO_TEST_CASE(http_without_allow_insecure_http_is_refused_at_create) {
  Instance instance(plugin, json::serialize(json::object{{"base_url", "http://127.0.0.1:9"},
                                                         {"client_id", "sim-client"},
                                                         {"client_secret", kSecret}}));
  BOOST_TEST(!instance.created());
  BOOST_TEST(instance.create_result().status == CONN_INVALID_ARGUMENT);
  BOOST_TEST(instance.create_result().message.starts_with("config.base_url: http://"),
             instance.create_result().message);
  check_no_secret(instance, {});
}

BOOST_AUTO_TEST_CASE(http_to_a_host_that_is_not_loopback_is_refused_at_create) {
  Simulator sim(sim_args());
  // An https API with a clear-text token endpoint elsewhere, and a clear-text API.
  json::object token_elsewhere = json::parse(config_for(sim)).as_object();
  token_elsewhere["token_url"] = "http://0.0.0.0:9/ws/oauth/token";
  token_elsewhere["allow_insecure_http"] = true;
  json::object api_elsewhere = json::parse(config_for(sim)).as_object();
  api_elsewhere["base_url"] = "http://0.0.0.0:9";
  api_elsewhere["allow_insecure_http"] = true;
  for (const auto& [config, field] : {std::pair{token_elsewhere, "config.token_url: "},
                                      std::pair{api_elsewhere, "config.base_url: "}}) {
    Instance instance(plugin, json::serialize(config));
    BOOST_TEST(!instance.created());
    BOOST_TEST(instance.create_result().status == CONN_INVALID_ARGUMENT);
    const std::string& message = instance.create_result().message;
    BOOST_TEST(message.starts_with(field), message);
    BOOST_TEST(message.find("loopback") != std::string::npos, message);
    check_no_secret(instance, {});
  }
  BOOST_TEST(sim.requests().empty());  // refused before any request
}

BOOST_AUTO_TEST_CASE(an_https_api_with_a_clear_text_token_url_is_refused_at_create) {
  Simulator sim(sim_args());
  // Loopback and allow_insecure_http, but the API asked for TLS: the client secret
  // would still cross in clear.
  json::object config = json::parse(config_for(sim)).as_object();
  const std::string https_base(config.at("base_url").as_string());
  BOOST_REQUIRE(https_base.starts_with("https://127.0.0.1:"));
  config["token_url"] = "http://" + https_base.substr(8) + "/ws/oauth/token";
  config["allow_insecure_http"] = true;
  Instance instance(plugin, json::serialize(config));
  BOOST_TEST(!instance.created());
  BOOST_TEST(instance.create_result().status == CONN_INVALID_ARGUMENT);
  const std::string& message = instance.create_result().message;
  BOOST_TEST(message.starts_with("config.token_url: is http:// while base_url is https://"),
             message);
  check_no_secret(instance, {});
  BOOST_TEST(sim.requests().empty());  // refused before any request
}

BOOST_AUTO_TEST_CASE(an_unknown_region_is_refused_at_create) {
  Instance instance(
      plugin, json::serialize(json::object{
                  {"region", "mars"}, {"client_id", "sim-client"}, {"client_secret", kSecret}}));
  BOOST_TEST(!instance.created());
  BOOST_TEST(instance.create_result().status == CONN_INVALID_ARGUMENT);
  BOOST_TEST(instance.create_result().message.starts_with("config.region: unknown region 'mars'"),
             instance.create_result().message);
  check_no_secret(instance, {});
}

BOOST_AUTO_TEST_CASE(a_server_the_trusted_cas_do_not_vouch_for_is_refused) {
  Simulator sim(sim_args());
  // The system store (which does not know the test CA), and a CA file holding some
  // other certificate (the server's own leaf, which is no CA).
  for (const std::string& ca_file : {std::string(), required_env("TEST_TLS_DIR") + "/server.pem"}) {
    json::object config = json::parse(config_for(sim)).as_object();
    if (ca_file.empty()) {
      config.erase("ca_file");
    } else {
      config["ca_file"] = ca_file;
    }
    Instance instance(plugin, json::serialize(config));
    BOOST_REQUIRE(instance.created());
    const CallResult result = instance.validate();
    BOOST_TEST(result.status == CONN_UNAVAILABLE, ca_file);
    BOOST_TEST(result.message.find("127.0.0.1") != std::string::npos, result.message);
    check_no_secret(instance, {result});
  }
  BOOST_TEST(successes_by_path(sim).empty());  // nothing got through
}

BOOST_AUTO_TEST_SUITE_END()

// Its own CTest entry: the peak RSS it reads is the process's, so nothing else of the
// suite may have run before it.
BOOST_FIXTURE_TEST_SUITE(untrusted_answers, TenantFixture)

BOOST_AUTO_TEST_CASE(a_100_mib_element_fails_the_listing_naming_the_request_in_bounded_memory) {
  // One user whose firstName is 100 MiB, streamed by the simulator.
  Simulator sim(sim_args({"--faults", "oversized=1,oversized-bytes=104857600,paths=/v2/users"}));
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  const long peak_before = peak_rss_kib();
  const CallResult result = instance.list_page(Op::resources, "user", "");
  const long grown_kib = peak_rss_kib() - peak_before;

  BOOST_TEST(result.status == CONN_RESOURCE_EXHAUSTED, result.message);
  BOOST_TEST(result.message.starts_with("GET /v2/users on 127.0.0.1:"), result.message);
  BOOST_TEST(result.message.find("holds a string longer than 1 MiB") != std::string::npos,
             result.message);
  BOOST_TEST(result.message.find('\n') == std::string::npos);
  BOOST_TEST(json::parse(result.details).at("error") == "element_too_large");
  BOOST_TEST(result.items.empty());
  // The element is never held: the growth stays far below its 100 MiB.
  BOOST_TEST(grown_kib < 24 * 1024, "peak RSS grew by " << grown_kib << " KiB");
  // The same answer would come again: one request, no retry.
  BOOST_TEST(sim.count("/v2/users", "200") == 1u);
  check_no_secret(instance, {result});
}

BOOST_AUTO_TEST_CASE(numbers_beyond_a_doubles_range_are_listed_as_null_not_as_invalid_json) {
  // User 1 holds 1e400, -1e999 and 0e999 in fields the connector copies into the
  // profile. Boost.JSON reads them as infinities and NaN, which its serializer would
  // write as `Infinity` and `NaN`: the host would refuse the item, and the listing.
  Simulator sim(sim_args({"--faults", "huge-numbers=1,paths=/v2/users"}));
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  const CallResult result = instance.list_page(Op::resources, "user", "");

  BOOST_TEST(result.status == CONN_OK, result.message);
  BOOST_REQUIRE(result.items.size() == 2u);
  const json::object& far = result.items.at(0).as_object();
  BOOST_TEST(far.at("id") == "user:1");
  const json::object& profile = far.at("profile").as_object();
  BOOST_TEST(profile.at("phone").is_null());
  BOOST_TEST(profile.at("uid").is_null());
  BOOST_TEST(json::serialize(profile.at("mustChangePw")) == "[null,true]");
  BOOST_TEST(profile.at("firstName") == "Far");
  BOOST_TEST(!profile.contains("lastLoginTime"));  // not a field the connector keeps
  BOOST_TEST(result.items.at(1).at("id") == "user:2");
  BOOST_TEST(result.items.at(1).at("profile").at("phone") == "+1-555-0100");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(wrong_region)

BOOST_AUTO_TEST_CASE(client_app_not_exist_suggests_checking_the_region) {
  Plugin plugin;
  FixedReplyServer region(404, R"({"resultCode":"Client app not exist"})");
  Instance instance(plugin, json::serialize(json::object{{"base_url", region.base_url()},
                                                         {"ca_file", test_ca_file()},
                                                         {"client_id", "sim-client"},
                                                         {"client_secret", kSecret}}));
  BOOST_REQUIRE(instance.created());
  const CallResult result = instance.validate();
  BOOST_TEST(result.status == CONN_FAILED_PRECONDITION, result.message);
  BOOST_TEST(result.message.find("region") != std::string::npos, result.message);
  BOOST_TEST(region.requests() >= 1);
  check_no_secret(instance, {result});
}

BOOST_AUTO_TEST_SUITE_END()

// Walks (ABI 1.2): list calls that carry one walk id are one consistent read, which
// the plugin serves with each listing fetched once.
BOOST_FIXTURE_TEST_SUITE(walks, TenantFixture)

namespace {

// The organization page targets fetched, in order (each should appear once per walk).
std::vector<std::string> organization_queries(const Simulator& sim) {
  std::vector<std::string> queries;
  for (const json::value& r : sim.requests()) {
    if (r.at("path") == "/v2/organizations") queries.emplace_back(r.at("query").as_string());
  }
  return queries;
}

// A technician role and a technician who is not its member, from the fixture.
std::pair<std::string, std::string> a_missing_technician_membership(const json::value& fixture) {
  for (const json::value& role : fixture.at("roles").as_array()) {
    if (role.at("type") != "TECHNICIAN") continue;
    std::set<std::int64_t> members;
    for (const json::value& m : role.at("members").as_array())
      members.insert(m.at("id").to_number<std::int64_t>());
    for (const json::value& t : fixture.at("technicians").as_array()) {
      const std::int64_t user = t.at("id").to_number<std::int64_t>();
      if (!members.contains(user)) {
        return {"role:" + std::to_string(role.at("id").to_number<std::int64_t>()) + ":member",
                "user:" + std::to_string(user)};
      }
    }
  }
  throw std::runtime_error("the fixture has no technician role missing a technician");
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_walk_fetches_users_roles_and_each_organization_page_once) {
  Simulator sim(sim_args());
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  instance.use_walk("3f1c0a9e5b7d4e21a6c8f0b2d4e6a8c1");
  const auto results = check_full_listing(instance, expected(sim));
  check_no_secret(instance, results);

  const int org_pages = organization_pages(fixture);
  const std::map<std::string, int> minimum{{"/ws/oauth/token", 1},
                                           {"/v2/users", 1},
                                           {"/v2/user/roles", 1},
                                           {"/v2/organizations", org_pages}};
  BOOST_TEST(text_of(successes_by_path(sim)) == text_of(minimum));
  BOOST_TEST(sim.requests().size() == 3u + org_pages);  // nothing failed or was retried
  const std::vector<std::string> queries = organization_queries(sim);
  BOOST_TEST(std::set<std::string>(queries.begin(), queries.end()).size() == queries.size());

  // Served from the walk, the streams keep their paging: one ABI page per API page of
  // organizations for the entitlements, one page for every grant.
  int pages = 0;
  instance.list_all(Op::entitlements, "", kOrgPageSize, &pages);
  BOOST_TEST(pages == org_pages);
  instance.list_all(Op::grants, "", kOrgPageSize, &pages);
  BOOST_TEST(pages == 1);
  BOOST_TEST(sim.requests().size() == 3u + org_pages);

  // Ended, the walk is forgotten: the same id again is a new walk that fetches.
  BOOST_REQUIRE(instance.end_walk("3f1c0a9e5b7d4e21a6c8f0b2d4e6a8c1"));
  const CallResult grants = instance.list_all(Op::grants, "", kOrgPageSize);
  check_same(unique_items(grants, "grants"), expected(sim).grants, "grants after end_walk");
  BOOST_TEST(successes_by_path(sim).at("/v2/users") == 2);
  BOOST_TEST(successes_by_path(sim).at("/v2/user/roles") == 2);
}

BOOST_AUTO_TEST_CASE(a_server_capping_page_size_costs_pages_never_organizations) {
  // The plugin asks for kOrgPageSize (4); the server answers 2 while more follow.
  constexpr std::size_t cap = 2;
  Simulator sim(sim_args({"--max-page-size", std::to_string(cap)}));
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  instance.use_walk("walk-under-a-page-cap");
  check_full_listing(instance, expected(sim));

  const int org_pages = organization_pages(fixture, cap);
  BOOST_TEST(org_pages > organization_pages(fixture));  // the cap did shorten pages
  const std::map<std::string, int> minimum{{"/ws/oauth/token", 1},
                                           {"/v2/users", 1},
                                           {"/v2/user/roles", 1},
                                           {"/v2/organizations", org_pages}};
  BOOST_TEST(text_of(successes_by_path(sim)) == text_of(minimum));
  const std::vector<std::string> queries = organization_queries(sim);
  BOOST_TEST(std::set<std::string>(queries.begin(), queries.end()).size() == queries.size());
  int pages = 0;
  instance.list_all(Op::resources, "organization", kOrgPageSize, &pages);
  BOOST_TEST(pages == org_pages);
}

BOOST_AUTO_TEST_CASE(a_change_made_during_a_walk_shows_in_the_next_walk) {
  Simulator sim(sim_args());
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  const ExpectedTenant before = expected(sim);
  instance.use_walk("walk-one");
  check_full_listing(instance, before);

  const auto [entitlement, principal] = a_missing_technician_membership(fixture);
  const CallResult granted = instance.grant(entitlement, principal);
  BOOST_REQUIRE_MESSAGE(granted.status == CONN_OK, granted.message);
  BOOST_TEST(granted.items.at(0).at("status") == "granted");
  const std::string grant_id = entitlement + ":" + principal;

  // The walk is one read made before the change: its grants stay as they were.
  const ItemsById same_walk = unique_items(instance.list_all(Op::grants, ""), "grants");
  BOOST_TEST(!same_walk.contains(grant_id));
  BOOST_TEST(same_walk.size() == before.grants.size());

  // A new walk reads again, and sees the new membership.
  instance.use_walk("walk-two");
  ItemsById after = before.grants;
  after[grant_id] =
      json::object{{"id", grant_id}, {"entitlement", entitlement}, {"principal", principal}};
  check_same(unique_items(instance.list_all(Op::grants, ""), "grants"), after, "second walk");
  // Roles: the first walk's listing, the grant's own read, and the second walk's listing.
  BOOST_TEST(successes_by_path(sim).at("/v2/user/roles") == 3);
}

BOOST_AUTO_TEST_CASE(a_listing_the_host_stopped_early_is_not_kept_as_the_whole) {
  Simulator sim(sim_args());
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  const ExpectedTenant all = expected(sim);
  instance.use_walk("walk-stopped-early");
  instance.stop_emitting_after(3);
  for (const std::string type : {"user", "role", "organization"}) {
    const CallResult page = instance.list_page(Op::resources, type, "", kOrgPageSize);
    BOOST_TEST(page.status == CONN_OK, page.message);
    BOOST_TEST(page.items.size() == 3u);
  }
  instance.stop_emitting_after(0);
  // The grants need every user's facts and the entitlements the whole first page of
  // organizations: had the stopped listings kept what they saw, some would be missing.
  check_same(unique_items(instance.list_all(Op::grants, "", kOrgPageSize), "grants"), all.grants,
             "grants");
  check_same(unique_items(instance.list_all(Op::entitlements, "", kOrgPageSize), "entitlements"),
             all.entitlements, "entitlements");
  // And everything, item for item, in the same walk.
  check_full_listing(instance, all);
}

BOOST_AUTO_TEST_CASE(a_host_older_than_walks_gets_every_call_answered_afresh) {
  Simulator sim(sim_args());
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  instance.use_walk("beyond-struct-size");  // in memory, but past the request's struct_size
  instance.act_as_abi_1_1_host(true);
  check_full_listing(instance, expected(sim));
  const auto made = successes_by_path(sim);
  BOOST_TEST(made.at("/v2/users") == 2);
  BOOST_TEST(made.at("/v2/user/roles") == 3);
  BOOST_TEST(made.at("/v2/organizations") == 2 * organization_pages(fixture));
}

BOOST_AUTO_TEST_CASE(calls_of_one_walk_from_several_threads_list_the_same_tenant) {
  Simulator sim(sim_args());
  Instance instance(plugin, config_for(sim));
  BOOST_REQUIRE(instance.created());
  instance.use_walk("walk-shared-by-threads");
  const ExpectedTenant all = expected(sim);
  std::vector<CallResult> grants(4);
  {
    std::vector<std::jthread> threads;
    for (CallResult& result : grants) {
      threads.emplace_back([&] { result = instance.list_all(Op::grants, "", kOrgPageSize); });
    }
  }
  for (const CallResult& result : grants) {
    check_same(unique_items(result, "grants"), all.grants, "grants");
  }
}

BOOST_AUTO_TEST_SUITE_END()
