// End to end: connector-host with the shipped manifests/scim-demo.json (enabled, its
// ${SCIM_URL} pointed at SCIMMY) and the real SCIM plugin: validate, a sync into the
// store that counts what the server holds, a grant and a revoke through the CLI that
// change the server, the store's grants after a second sync; the bearer token (an
// {"env": ...} reference) is never printed.
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
  explicit Workspace(const scim_test::ScimServer& server) {
    std::ifstream in(required_env("SCIM_MANIFEST_DIR") + "/scim-demo.json");
    std::ostringstream text;
    text << in.rdbuf();
    std::string manifest = text.str();
    replace_all(manifest, "${SCIM_URL}", server.base_url());
    json::object parsed = json::parse(manifest).as_object();
    BOOST_TEST_REQUIRE(!parsed.at("enabled").as_bool());  // the demo is unaffected
    parsed["enabled"] = true;
    dir_.write("manifests/scim-demo.json", json::serialize(parsed));
  }

  test_support::ProcessResult host(const std::vector<std::string>& args) const {
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
    auto result = test_support::run(argv, {.environment = {{"SCIM_BEARER_TOKEN", kToken}}});
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
