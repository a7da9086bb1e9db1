// End to end: connector-host with the shipped manifests/scim-demo.json (enabled, its
// ${SCIM_URL} pointed at SCIMMY) and the real SCIM plugin: validate, a sync into the
// store that counts what the server holds, a grant and a revoke through the CLI that
// change the server, the store's grants after a second sync; the same through a real
// HTTP proxy (tinyproxy) named by the manifest or the environment; the bearer token
// (an {"env": ...} reference) is never printed.
#define BOOST_TEST_MODULE scim_host_e2e
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "support/child_process.hpp"
#include "support/environment.hpp"
#include "support/scim_server.hpp"
#include "support/temp_dir.hpp"
#include "support/tinyproxy.hpp"

namespace json = boost::json;
using test_support::required_env;

namespace {

constexpr const char* kToken = "e2e-scim-T0ken-never-printed";

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

class Workspace {
 public:
  // `config` is merged over the shipped manifest's config.
  explicit Workspace(const scim_test::ScimServer& server, const json::object& config = {}) {
    std::ifstream in(required_env("SCIM_MANIFEST_DIR") + "/scim-demo.json");
    std::ostringstream text;
    text << in.rdbuf();
    std::string manifest = text.str();
    replace_all(manifest, "${SCIM_URL}", server.base_url());
    json::object parsed = json::parse(manifest).as_object();
    BOOST_TEST_REQUIRE(!parsed.at("enabled").as_bool());  // the demo is unaffected
    parsed["enabled"] = true;
    for (const auto& field : config) parsed["config"].as_object()[field.key()] = field.value();
    dir_.write("manifests/scim-demo.json", json::serialize(parsed));
  }

  test_support::ProcessResult host(const std::vector<std::string>& args,
                                   std::map<std::string, std::string> environment = {}) const {
    std::vector<std::string> argv{required_env("CONNECTOR_HOST"),
                                  "--plugins",
                                  required_env("SCIM_PLUGIN_DIR"),
                                  "--manifests",
                                  (dir_ / "manifests").string(),
                                  "--state",
                                  (dir_ / "state").string(),
                                  "-o",
                                  "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    environment["SCIM_BEARER_TOKEN"] = kToken;
    auto result = test_support::run(argv, {.environment = environment});
    BOOST_TEST(result.out.find(kToken) == std::string::npos);
    BOOST_TEST(result.err.find(kToken) == std::string::npos);
    return result;
  }

 private:
  test_support::TempDir dir_;
};

std::vector<json::value> lines_of(const std::string& out) {
  std::vector<json::value> items;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) items.push_back(json::parse(line));
  return items;
}

// The message of validate's "network" check: which way requests go.
std::string route(const test_support::ProcessResult& validate) {
  for (const auto& line : lines_of(validate.out))
    if (line.at("check") == "network") return std::string(line.at("message").as_string());
  return "(no network check)";
}

}  // namespace

BOOST_AUTO_TEST_CASE(describe_shows_the_settings_with_their_secrets_and_the_profile) {
  const scim_test::ScimServer server({"--token", kToken});
  const Workspace work(server);
  const auto describe = work.host({"describe", "scim"});
  BOOST_TEST_REQUIRE(describe.exit_code == 0, describe.err);
  const json::value plugin = json::parse(describe.out);
  std::map<std::string, bool> secret;
  for (const auto& field : plugin.at("config_fields").as_array())
    secret[std::string(field.at("field").as_string())] = field.at("secret").as_bool();
  BOOST_TEST(secret.at("bearer_token"));
  BOOST_TEST(secret.at("client_secret"));
  BOOST_TEST(!secret.at("client_id"));
  BOOST_TEST(!secret.at("base_url"));
  bool user_name_required = false;
  for (const auto& field : plugin.at("profile_fields").as_array())
    user_name_required =
        user_name_required || (field.at("field") == "userName" && field.at("required").as_bool());
  BOOST_TEST(user_name_required, describe.out);
}

BOOST_AUTO_TEST_CASE(validate_sync_grant_revoke_through_connector_host) {
  const scim_test::ScimServer server({"--token", kToken, "--users", "12", "--groups", "3",
                                      "--members-per-group", "3", "--max-page", "5"});
  const Workspace work(server);

  const auto validate = work.host({"validate", "scim-demo"});
  BOOST_TEST_REQUIRE(validate.exit_code == 0, validate.err);

  const std::size_t group_reads = server.count("GET", "/scim/v2/Groups");
  const std::size_t user_reads = server.count("GET", "/scim/v2/Users");
  const auto sync = work.host({"sync", "scim-demo"});
  BOOST_TEST_REQUIRE(sync.exit_code == 0, sync.err);
  const json::value run = json::parse(sync.out);
  BOOST_TEST(run.at("status") == "good");
  BOOST_TEST(run.at("resources").to_number<int>() == 15);  // 12 users, 3 groups
  BOOST_TEST(run.at("entitlements").to_number<int>() == 3);
  BOOST_TEST(run.at("grants").to_number<int>() == 9);
  // One walk: the groups page serves resources, entitlements and grants; users come
  // in the server's pages of 5.
  BOOST_TEST(server.count("GET", "/scim/v2/Groups") - group_reads == 1u);
  BOOST_TEST(server.count("GET", "/scim/v2/Users") - user_reads == 3u);

  const auto grant = work.host(
      {"grant", "scim-demo", "--entitlement", "group:g-001:member", "--principal", "user:u-0001"});
  BOOST_TEST_REQUIRE(grant.exit_code == 0, grant.err);
  BOOST_TEST(server.count("PATCH", "/scim/v2/Groups/g-001") == 1u);
  const auto again = work.host(
      {"grant", "scim-demo", "--entitlement", "group:g-001:member", "--principal", "user:u-0001"});
  BOOST_TEST(again.out.find("already_granted") != std::string::npos, again.out);
  BOOST_TEST(server.count("PATCH", "/scim/v2/Groups/g-001") == 1u);

  const auto resync = work.host({"sync", "scim-demo"});
  BOOST_TEST_REQUIRE(resync.exit_code == 0, resync.err);
  const auto stored =
      work.host({"grants", "scim-demo", "--resource", "group:g-001", "--from-store"});
  BOOST_TEST_REQUIRE(stored.exit_code == 0, stored.err);
  bool found = false;
  for (const auto& item : lines_of(stored.out))
    found = found || item.at("id") == "group:g-001:member:user:u-0001";
  BOOST_TEST(found, stored.out);

  const auto revoke = work.host(
      {"revoke", "scim-demo", "--entitlement", "group:g-001:member", "--principal", "user:u-0001"});
  BOOST_TEST_REQUIRE(revoke.exit_code == 0, revoke.err);
  BOOST_TEST(server.count("PATCH", "/scim/v2/Groups/g-001") == 2u);
}

BOOST_AUTO_TEST_CASE(the_manifests_proxy_carries_validate_sync_and_grant) {
  const scim_test::ScimServer server(
      {"--token", kToken, "--users", "4", "--groups", "2", "--members-per-group", "2"});
  const test_support::Tinyproxy proxy;
  const Workspace work(server, {{"proxy", {{"url", proxy.url()}}}});
  // The manifest's proxy wins over the environment's, which points nowhere.
  const std::map<std::string, std::string> env{{"HTTP_PROXY", "http://127.0.0.1:1"}};

  const auto validate = work.host({"validate", "scim-demo"}, env);
  BOOST_TEST_REQUIRE(validate.exit_code == 0, validate.err);
  BOOST_TEST(route(validate) == "via proxy " + proxy.url() + " (config.proxy)");
  const auto sync = work.host({"sync", "scim-demo"}, env);
  BOOST_TEST_REQUIRE(sync.exit_code == 0, sync.err);
  BOOST_TEST(json::parse(sync.out).at("grants").to_number<int>() == 4);
  const auto grant = work.host(
      {"grant", "scim-demo", "--entitlement", "group:g-001:member", "--principal", "user:u-0001"},
      env);
  BOOST_TEST_REQUIRE(grant.exit_code == 0, grant.err);
  BOOST_TEST(server.count("PATCH", "/scim/v2/Groups/g-001") == 1u);

  // A plain-HTTP server is asked through the proxy in absolute form: every request the
  // server saw came through it, the PATCH included.
  const std::string origin = server.base_url();
  std::size_t patches = 0;
  for (const auto& request : proxy.requests()) {
    BOOST_TEST(request.find(" " + origin + "/") != std::string::npos, request);
    patches += request.starts_with("PATCH " + origin + "/Groups/g-001 ") ? 1 : 0;
  }
  BOOST_TEST(patches == 1u);
  BOOST_TEST(proxy.requests().size() >= 5u);  // validate's 3, the sync's 2, the grant's
}

BOOST_AUTO_TEST_CASE(http_proxy_from_the_environment_and_proxy_none) {
  const scim_test::ScimServer server({"--token", kToken});
  const test_support::Tinyproxy proxy;
  const std::map<std::string, std::string> env{{"HTTP_PROXY", proxy.url()}};

  const Workspace through_env(server);
  const auto proxied = through_env.host({"validate", "scim-demo"}, env);
  BOOST_TEST_REQUIRE(proxied.exit_code == 0, proxied.err);
  BOOST_TEST(route(proxied) == "via proxy " + proxy.url() + " (HTTP_PROXY)");
  const std::size_t carried = proxy.requests().size();
  BOOST_TEST(carried >= 3u);

  const Workspace direct(server, {{"proxy", "none"}});
  const auto bypass = direct.host({"validate", "scim-demo"}, env);
  BOOST_TEST_REQUIRE(bypass.exit_code == 0, bypass.err);
  BOOST_TEST(route(bypass) == "direct (config.proxy is \"none\")");
  BOOST_TEST(proxy.requests().size() == carried);
}

BOOST_AUTO_TEST_CASE(an_https_proxy_url_is_refused_naming_the_field) {
  const scim_test::ScimServer server({"--token", kToken});
  const Workspace work(server, {{"proxy", {{"url", "https://127.0.0.1:3129"}}}});
  const auto validate = work.host({"validate", "scim-demo"});
  BOOST_TEST(validate.exit_code != 0);
  BOOST_TEST(validate.err.find("config.proxy.url") != std::string::npos, validate.err);
  BOOST_TEST(server.count("GET", "/scim/v2/ServiceProviderConfig") == 0u);
}
