// Manifest validation: every bad input ends with one line naming the file and the
// field (or line and column), exit code 3, and leaves the other connectors usable.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "support/workspace.hpp"

using host_test::Workspace;

namespace {

// Runs `validate ID` with only invalid/<id>.json and fixture.json in the workspace.
host_test::HostResult validate_invalid(const std::string& id) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  workspace.add_manifest("invalid/" + id + ".json");
  return workspace.run({"validate", id});
}

void expect_config_error(const std::string& id, const std::string& message) {
  const auto result = validate_invalid(id);
  BOOST_TEST(result.exit_code == 3, id << ": " << result.err);
  BOOST_TEST(result.err == "error: " + message + "\n");
  BOOST_TEST(result.out.empty());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(manifests)

BOOST_AUTO_TEST_CASE(syntax_error_names_line_and_column) {
  expect_config_error("syntax-error",
                      "manifests/syntax-error.json:3:12: syntax error: unexpected text");
}

BOOST_AUTO_TEST_CASE(missing_required_field) {
  expect_config_error("missing-plugin",
                      "manifests/missing-plugin.json: plugin: required field is missing");
}

BOOST_AUTO_TEST_CASE(unknown_top_level_field) {
  expect_config_error("unknown-field", "manifests/unknown-field.json: provisoning: unknown field");
}

BOOST_AUTO_TEST_CASE(wrongly_typed_field) {
  expect_config_error(
      "bad-provisioning",
      "manifests/bad-provisioning.json: provisioning.enabled: expected true or false");
}

BOOST_AUTO_TEST_CASE(unknown_plugin) {
  const auto result = validate_invalid("unknown-plugin");
  BOOST_TEST(result.exit_code == 3);
  BOOST_TEST(result.err.rfind("error: connector 'unknown-plugin' (manifests/unknown-plugin.json): "
                              "plugin: no plugin 'no-such-plugin' is loaded from ",
                              0) == 0u,
             result.err);
  BOOST_TEST(host_test::lines(result.err).size() == 1u);
}

BOOST_AUTO_TEST_CASE(schema_violation_names_the_config_field) {
  expect_config_error(
      "schema-violation",
      "connector 'schema-violation' (manifests/schema-violation.json): config.page_size: "
      "Value type not permitted by 'type' constraint. (schema of plugin 'fixture')");
}

BOOST_AUTO_TEST_CASE(missing_required_config_field) {
  expect_config_error(
      "missing-required-config",
      "connector 'missing-required-config' (manifests/missing-required-config.json): "
      "config.fixture_file: required field is missing (schema of plugin 'fixture')");
}

BOOST_AUTO_TEST_CASE(unset_environment_secret) {
  expect_config_error("missing-env-secret",
                      "connector 'missing-env-secret' (manifests/missing-env-secret.json): "
                      "config.api_key: environment variable HOST_TEST_UNSET_SECRET is not set");
}

BOOST_AUTO_TEST_CASE(missing_secret_file) {
  expect_config_error("missing-secret-file",
                      "connector 'missing-secret-file' (manifests/missing-secret-file.json): "
                      "config.api_key: cannot read secret file 'manifests/no-such-secret.txt': "
                      "No such file or directory");
}

BOOST_AUTO_TEST_CASE(unknown_connector) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  const auto result = workspace.run({"resources", "nobody"});
  BOOST_TEST(result.exit_code == 3);
  BOOST_TEST(result.err ==
             "error: no connector 'nobody': no manifest in manifests has \"id\": \"nobody\"\n");
}

BOOST_AUTO_TEST_CASE(disabled_connector_is_refused) {
  Workspace workspace;
  workspace.add_manifest("fixture-disabled.json");
  const auto result = workspace.run({"resources", "fixture-disabled"});
  BOOST_TEST(result.exit_code == 3);
  BOOST_TEST(result.err ==
             "error: connector 'fixture-disabled' is disabled; set \"enabled\": true in "
             "manifests/fixture-disabled.json to use it\n");
}

BOOST_AUTO_TEST_CASE(connectors_lists_good_and_bad_manifests) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  workspace.add_manifest("invalid/syntax-error.json");
  workspace.add_manifest("invalid/missing-env-secret.json");
  const auto result = workspace.run({"connectors", "-o", "json"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto items = host_test::json_lines(result.out);
  BOOST_TEST_REQUIRE(items.size() == 3u);
  BOOST_TEST(items[0].at("id").as_string() == "fixture");
  BOOST_TEST(items[0].at("status").as_string() == "ok");
  BOOST_TEST(items[0].at("provisioning").as_bool() == true);
  BOOST_TEST(items[1].at("id").as_string() == "missing-env-secret");
  BOOST_TEST(items[1].at("status").as_string() == "error");
  BOOST_TEST(std::string(items[1].at("error").as_string()).find("HOST_TEST_UNSET_SECRET") !=
             std::string::npos);
  BOOST_TEST(items[2].at("id").as_string() == "syntax-error");
  BOOST_TEST(std::string(items[2].at("error").as_string()).find(":3:12: syntax error") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_manifest_past_1_mib_is_refused_naming_it_and_the_others_still_load) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  // Valid JSON, 2 MiB of it: only its size is wrong.
  workspace.write_file("manifests/huge.json", R"({"id":"huge","plugin":"fixture","config":{}})" +
                                                  std::string(2 * 1024 * 1024, ' '));
  const auto result = workspace.run({"connectors", "-o", "json"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto items = host_test::json_lines(result.out);
  BOOST_TEST_REQUIRE(items.size() == 2u);
  BOOST_TEST(items[0].at("id").as_string() == "fixture");
  BOOST_TEST(items[0].at("status").as_string() == "ok");
  BOOST_TEST(items[1].at("id").as_string() == "huge");  // the file's name: it was not parsed
  BOOST_TEST(items[1].at("status").as_string() == "error");
  BOOST_TEST(items[1].at("error").as_string() ==
             "manifests/huge.json: larger than 1 MiB, the limit for a manifest (one is a few "
             "KiB): is this the right file?");
  const auto validate = workspace.run({"validate", "huge"});
  BOOST_TEST(validate.exit_code == 3, validate.err);
  BOOST_TEST(validate.err.find("manifests/huge.json: larger than 1 MiB") != std::string::npos,
             validate.err);
}

BOOST_AUTO_TEST_CASE(a_broken_manifest_does_not_block_the_others) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  workspace.add_manifest("invalid/syntax-error.json");
  const auto result = workspace.run({"resource-types", "fixture", "-o", "json"});
  BOOST_TEST(result.exit_code == 0, result.err);
  BOOST_TEST(host_test::json_lines(result.out).size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
