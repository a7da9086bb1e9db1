// Provisioning through the fixture plugin: refused unless the manifest enables it;
// grant/revoke answer granted/already_granted/revoked/already_revoked and change the
// fixture file; --dry-run changes nothing.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "support/workspace.hpp"

namespace json = boost::json;
using host_test::Workspace;

namespace {

struct ProvisioningWorkspace : Workspace {
  ProvisioningWorkspace() {
    add_manifest("fixture.json");
    add_manifest("fixture-readonly.json");
  }

  // Members of group `group` in the fixture file, as the plugin left it.
  std::vector<std::string> members(const std::string& group) const {
    std::ifstream in(fixture_file());
    std::ostringstream text;
    text << in.rdbuf();
    const json::value directory = json::parse(text.str());
    std::vector<std::string> out;
    for (const auto& g : directory.at("groups").as_array()) {
      if (g.at("id").as_string() != group) continue;
      for (const auto& m : g.at("members").as_array()) out.emplace_back(m.as_string());
    }
    return out;
  }

  // Runs with -o json and returns the one result item.
  json::object single_result(const std::vector<std::string>& args) const {
    std::vector<std::string> all = args;
    all.insert(all.end(), {"-o", "json"});
    const auto result = run(all);
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    const auto items = host_test::json_lines(result.out);
    BOOST_TEST_REQUIRE(items.size() == 1u, result.out);
    return items.front();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(provisioning)

BOOST_FIXTURE_TEST_CASE(refused_unless_enabled, ProvisioningWorkspace) {
  const auto result = run(
      {"grant", "fixture-readonly", "--entitlement", "group:g2:member", "--principal", "user:1"});
  BOOST_TEST(result.exit_code == 6);
  BOOST_TEST(result.err ==
             "error: connector 'fixture-readonly': provisioning is disabled; set \"provisioning\": "
             "{\"enabled\": true} in manifests/fixture-readonly.json to allow grant\n");
  const std::vector<std::string> unchanged{"2"};
  BOOST_TEST(members("g2") == unchanged, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(every_provisioning_command_is_refused, ProvisioningWorkspace) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> commands{
      {"revoke", {"revoke", "fixture-readonly", "--grant", "group:g1:member:user:1"}},
      {"create-account",
       {"create-account", "fixture-readonly", "--type", "user", "--profile", R"({"name":"Zed"})"}},
      {"delete-account", {"delete-account", "fixture-readonly", "--resource", "user:1"}}};
  for (const auto& [name, command] : commands) {
    const auto result = run(command);
    BOOST_TEST(result.exit_code == 6, name);
    BOOST_TEST(result.err.find("to allow " + name + "\n") != std::string::npos, result.err);
  }
}

BOOST_FIXTURE_TEST_CASE(grant_then_already_granted, ProvisioningWorkspace) {
  const std::vector<std::string> grant{"grant",           "fixture",     "--entitlement",
                                       "group:g2:member", "--principal", "user:1"};
  BOOST_TEST(single_result(grant).at("status").as_string() == "granted");
  const std::vector<std::string> after{"2", "1"};
  BOOST_TEST(members("g2") == after, boost::test_tools::per_element());
  BOOST_TEST(single_result(grant).at("status").as_string() == "already_granted");
}

BOOST_FIXTURE_TEST_CASE(revoke_by_grant_id_then_already_revoked, ProvisioningWorkspace) {
  const std::vector<std::string> revoke{"revoke", "fixture", "--grant", "group:g1:member:user:3"};
  BOOST_TEST(single_result(revoke).at("status").as_string() == "revoked");
  const std::vector<std::string> after{"1"};
  BOOST_TEST(members("g1") == after, boost::test_tools::per_element());
  BOOST_TEST(single_result(revoke).at("status").as_string() == "already_revoked");
  // And the listing agrees.
  const auto grants = run({"grants", "fixture", "--resource", "group:g1", "-o", "json"});
  BOOST_TEST(host_test::json_lines(grants.out).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(dry_run_changes_nothing_and_is_allowed_read_only, ProvisioningWorkspace) {
  const auto item = single_result({"revoke", "fixture-readonly", "--entitlement", "group:g1:member",
                                   "--principal", "user:1", "--dry-run"});
  BOOST_TEST(item.at("dry_run").at("method").as_string() == "PATCH");
  BOOST_TEST(json::serialize(item.at("dry_run").at("body")) == R"({"remove_members":["1"]})");
  const std::vector<std::string> unchanged{"1", "3"};
  BOOST_TEST(members("g1") == unchanged, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(revoke_needs_a_whole_grant_id, ProvisioningWorkspace) {
  const auto result = run({"revoke", "fixture", "--grant", "user:1"});
  BOOST_TEST(result.exit_code == 2);
  BOOST_TEST(result.err.find("is not ENTITLEMENT_ID:TYPE:ID") != std::string::npos, result.err);
}

BOOST_FIXTURE_TEST_CASE(create_and_delete_an_account, ProvisioningWorkspace) {
  const auto created = single_result(
      {"create-account", "fixture", "--type", "user", "--profile", R"({"name":"Zed","id":"9"})"});
  BOOST_TEST(created.at("id").as_string() == "user:9");
  BOOST_TEST(created.at("display_name").as_string() == "Zed");
  const auto users = run({"resources", "fixture", "--type", "user", "-o", "json"});
  BOOST_TEST(host_test::json_lines(users.out).size() == 6u);
  BOOST_TEST(single_result({"delete-account", "fixture", "--resource", "user:9"})
                 .at("status")
                 .as_string() == "deleted");
  BOOST_TEST(single_result({"delete-account", "fixture", "--resource", "user:9"})
                 .at("status")
                 .as_string() == "already_deleted");
}

BOOST_FIXTURE_TEST_CASE(profile_must_be_a_json_object, ProvisioningWorkspace) {
  const auto result = run({"create-account", "fixture", "--type", "user", "--profile", "[1]"});
  BOOST_TEST(result.exit_code == 2);
  BOOST_TEST(result.err == "error: create-account: --profile must be a JSON object\n");
}

BOOST_AUTO_TEST_SUITE_END()
