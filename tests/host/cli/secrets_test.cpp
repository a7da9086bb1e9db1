// Secrets resolved from {"env":..} and {"file":..} never reach stdout or stderr, even
// at debug log level and on failures; a value stored with store_secret replaces the
// manifest's on the next run.
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "support/workspace.hpp"

using host_test::Workspace;

namespace {

void expect_no_secret(const host_test::HostResult& result, const std::string& secret) {
  BOOST_TEST(result.out.find(secret) == std::string::npos, "secret in stdout:\n" << result.out);
  BOOST_TEST(result.err.find(secret) == std::string::npos, "secret in stderr:\n" << result.err);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(secrets)

BOOST_AUTO_TEST_CASE(env_and_file_secrets_never_printed) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  workspace.add_manifest("fixture-file-secret.json");
  workspace.add_fixture("fixture-api-key.txt", "manifests/fixture-api-key.txt");
  for (const std::string connector : {"fixture", "fixture-file-secret"}) {
    for (const std::string format : {"console", "json"}) {
      const auto result =
          workspace.run({"--log-level", "debug", "-o", format, "resources", connector});
      BOOST_TEST(result.exit_code == 0, connector << ": " << result.err);
      BOOST_TEST(result.out.find("user:5") != std::string::npos);  // it did run
      expect_no_secret(result, host_test::fixture_api_key);
    }
  }
  const auto listing = workspace.run({"--log-level", "debug", "connectors", "-o", "json"});
  expect_no_secret(listing, host_test::fixture_api_key);
}

BOOST_AUTO_TEST_CASE(secret_not_printed_in_a_failure) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  // The plugin refuses this key; the host must not show it whatever the plugin says.
  const std::string wrong = "k-wrong-but-still-secret-42";
  const auto result =
      workspace.run({"--log-level", "debug", "validate", "fixture"}, {{"FIXTURE_API_KEY", wrong}});
  BOOST_TEST(result.exit_code == 5);
  expect_no_secret(result, wrong);
}

BOOST_AUTO_TEST_CASE(literal_secret_field_is_redacted_too) {
  Workspace workspace;
  workspace.add_manifest("fixture-stale-key.json");
  const auto result = workspace.run({"--log-level", "debug", "connectors"});
  BOOST_TEST(result.exit_code == 0);
  expect_no_secret(result, "k-stale-value-from-the-manifest");
}

BOOST_AUTO_TEST_CASE(stored_secret_replaces_the_manifest_value) {
  Workspace workspace;
  workspace.add_manifest("fixture-stale-key.json");
  // The manifest's key is stale: the plugin refuses it.
  const auto stale = workspace.run({"resources", "fixture-stale-key", "--type", "group"});
  BOOST_TEST(stale.exit_code == 5);
  // A value rotated by the plugin in an earlier run (STATE/secrets/<id>.json) wins.
  workspace.write_file("state/secrets/fixture-stale-key.json",
                       std::string(R"({"api_key":")") + host_test::fixture_api_key + "\"}\n");
  // As the host writes it: readable by the user alone (docs/security.md).
  std::filesystem::permissions(
      workspace.state() / "secrets" / "fixture-stale-key.json",
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const auto fresh =
      workspace.run({"--log-level", "debug", "resources", "fixture-stale-key", "--type", "group"});
  BOOST_TEST(fresh.exit_code == 0, fresh.err);
  BOOST_TEST(fresh.out.find("group:g2") != std::string::npos);
  expect_no_secret(fresh, host_test::fixture_api_key);
}

BOOST_AUTO_TEST_SUITE_END()
