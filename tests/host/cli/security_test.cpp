// The attacks of docs/security.md against the real connector-host binary, each shown
// to fail: a secret store file that redirects the connector, a symbolic link for
// secrets/, a secret quoted by a parse error, state files others could read under
// umask 000, a plugin directory anyone may write (its library's constructor never
// runs), a manifest key that forges a log line and drives the terminal, a user's name
// that drives the terminal through a console table, a secret in a principal id that
// the audit log would have kept.
#include <sys/stat.h>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "support/environment.hpp"
#include "support/workspace.hpp"

using host_test::Workspace;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  BOOST_TEST_REQUIRE(::lstat(path.c_str(), &info) == 0, path);
  return info.st_mode & 07777;
}

// Writes state/secrets/<connector>.json as the host would (secrets/ 0700, file 0600).
void plant_secrets(const Workspace& workspace, const std::string& connector,
                   const std::string& content) {
  const auto secrets = workspace.state() / "secrets";
  std::filesystem::create_directories(secrets);
  ::chmod(workspace.state().c_str(), 0700);
  ::chmod(secrets.c_str(), 0700);
  const auto file = secrets / (connector + ".json");
  std::ofstream(file) << content;
  ::chmod(file.c_str(), 0600);
}

// connector-host with its own --plugins (the workspace's command() has the test one).
host_test::HostResult run_with_plugins(const Workspace& workspace,
                                       const std::filesystem::path& plugins,
                                       const std::vector<std::string>& args,
                                       std::map<std::string, std::string> environment = {}) {
  std::vector<std::string> argv{host_test::host_executable().string(),
                                "--plugins",
                                plugins.string(),
                                "--manifests",
                                "manifests",
                                "--state",
                                "state"};
  argv.insert(argv.end(), args.begin(), args.end());
  return test_support::run(argv,
                           {.environment = workspace.host_environment(std::move(environment)),
                            .working_directory = workspace.root()},
                           std::chrono::seconds(30));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(security)

// Before: every key of the file was merged into the config, so a planted
// "fixture_file" (a "base_url" for NinjaOne) pointed the connector, with its secret,
// at the attacker's data.
BOOST_AUTO_TEST_CASE(a_secrets_file_cannot_redirect_the_connector) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  workspace.write_file(
      "evil/directory.json",
      std::string(R"({"api_key":")") + host_test::fixture_api_key +
          R"(","users":[{"id":"666","name":"Mallory","enabled":true}],"groups":[]})");
  plant_secrets(
      workspace, "fixture",
      R"({"fixture_file":")" + (workspace.root() / "evil/directory.json").string() + "\"}\n");
  const auto result = workspace.run({"resources", "fixture", "--type", "user"});
  BOOST_TEST(result.exit_code == 7, result.err);
  BOOST_TEST(!contains(result.out, "Mallory"), result.out);
  BOOST_TEST(result.err ==
             "error: refusing 'state/secrets/fixture.json': 'fixture_file' is not "
             "a top-level field the plugin's config schema marks \"x-secret\"; only "
             "those are taken from the secret store\n");
}

BOOST_AUTO_TEST_CASE(a_symlinked_secrets_directory_is_refused) {
  Workspace workspace;
  workspace.add_manifest("fixture-stale-key.json");
  workspace.write_file("elsewhere/fixture-stale-key.json",
                       std::string(R"({"api_key":")") + host_test::fixture_api_key + "\"}\n");
  ::chmod((workspace.root() / "elsewhere/fixture-stale-key.json").c_str(), 0600);
  std::filesystem::create_directories(workspace.state());
  ::chmod(workspace.state().c_str(), 0700);
  std::filesystem::create_directory_symlink(workspace.root() / "elsewhere",
                                            workspace.state() / "secrets");
  const auto result = workspace.run({"resources", "fixture-stale-key", "--type", "group"});
  BOOST_TEST(result.exit_code == 7, result.err);
  BOOST_TEST(result.err == "error: refusing 'state/secrets': a symbolic link, not a directory\n");
  BOOST_TEST(result.out.empty());
}

BOOST_AUTO_TEST_CASE(a_parse_error_in_the_secrets_file_quotes_no_secret) {
  Workspace workspace;
  workspace.add_manifest("fixture-stale-key.json");
  plant_secrets(workspace, "fixture-stale-key", "{\"api_key\": k-unquoted-SECRET-41}\n");
  const auto result =
      workspace.run({"--log-level", "debug", "resources", "fixture-stale-key", "--type", "group"});
  BOOST_TEST(result.exit_code == 7, result.err);
  BOOST_TEST(result.err.find("SECRET") == std::string::npos, result.err);
  BOOST_TEST(contains(result.err,
                      "error: state/secrets/fixture-stale-key.json:1:13: syntax error: "
                      "unexpected text\n"),
             result.err);
}

// Before: STATE came out 0777 and store.db 0666 under umask 000.
BOOST_AUTO_TEST_CASE(state_files_are_private_under_umask_000) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  std::vector<std::string> argv{"/bin/sh", "-c", "umask 000 && exec \"$0\" \"$@\""};
  for (const auto& arg : workspace.command({"sync", "fixture"})) argv.push_back(arg);
  const auto result = test_support::run(
      argv, {.environment = workspace.host_environment({}), .working_directory = workspace.root()},
      std::chrono::seconds(60));
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  BOOST_TEST(mode_of(workspace.state()) == 0700u);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(workspace.state())) {
    const unsigned expected = entry.is_directory() ? 0700u : 0600u;
    BOOST_TEST(mode_of(entry.path()) == expected, entry.path());
    ++files;
  }
  BOOST_TEST(std::filesystem::exists(workspace.state() / "store.db"));
  BOOST_TEST(files >= 1u);
}

BOOST_AUTO_TEST_CASE(a_world_writable_plugin_directory_is_refused_and_never_opened) {
  Workspace workspace;
  const auto plugins = workspace.root() / "plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(
      std::filesystem::path(test_support::required_env("CONNECTOR_TEST_MARKER_PLUGIN_DIR")) /
          "libconn_constructor_marker.so",
      plugins / "libconn_constructor_marker.so");
  const auto marker = workspace.root() / "constructor-ran";
  const std::map<std::string, std::string> environment{
      {"CONNECTOR_TEST_CONSTRUCTOR_MARKER", marker.string()}};

  ::chmod(plugins.c_str(), 0777);
  auto result = run_with_plugins(workspace, plugins, {"plugins"}, environment);
  BOOST_TEST(result.exit_code == 4, result.err);
  BOOST_TEST(result.err == "error: refusing plugin directory '" + plugins.string() + "': '" +
                               plugins.string() +
                               "' is writable by others (mode 0777); plugins are loaded only "
                               "from directories that root or the running user alone can "
                               "change\n");
  BOOST_TEST(!std::filesystem::exists(marker));

  // The directory is fine, the library anyone may write is not: listed, never opened.
  ::chmod(plugins.c_str(), 0755);
  ::chmod((plugins / "libconn_constructor_marker.so").c_str(), 0777);
  result = run_with_plugins(workspace, plugins, {"plugins", "-o", "json"}, environment);
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto rows = host_test::json_lines(result.out);
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  BOOST_TEST(rows[0].at("status").as_string() == "failed");
  BOOST_TEST(rows[0].at("error").as_string() ==
             "refused before loading: writable by others (mode 0777)");
  BOOST_TEST(!std::filesystem::exists(marker));

  // The same library, trusted: it loads, and the marker shows a constructor would run.
  ::chmod((plugins / "libconn_constructor_marker.so").c_str(), 0755);
  result = run_with_plugins(workspace, plugins, {"plugins", "-o", "json"}, environment);
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  BOOST_TEST(host_test::json_lines(result.out).at(0).at("status").as_string() == "loaded");
  BOOST_TEST(std::filesystem::exists(marker));
}

// Before: the key went raw into the log line and the error line, starting a line of
// its own at level "error" and turning the terminal red.
BOOST_AUTO_TEST_CASE(a_manifest_key_cannot_forge_a_log_line_or_drive_the_terminal) {
  Workspace workspace;
  workspace.write_file("manifests/forged.json",
                       R"({"id": "forged", "plugin": "fixture", "config": {},
                           "x\n[2026-01-01T00:00:00.000] [error] forged\u001b[31m": 1})");
  const auto listing = workspace.run({"--log-level", "debug", "connectors"});
  const auto validate = workspace.run({"validate", "forged"});
  BOOST_TEST(validate.exit_code == 3, validate.err);
  for (const auto* result : {&listing, &validate}) {
    const std::string& err = result->err;
    BOOST_TEST(err.find('\x1b') == std::string::npos, err);
    for (const auto& line : host_test::lines(err)) {
      BOOST_TEST(line.rfind("[2026-01-01T00:00:00.000] [error] forged", 0) != 0u, err);
    }
    BOOST_TEST(
        contains(err, "x\\n[2026-01-01T00:00:00.000] [error] forged\\x1b[31m: unknown field"), err);
  }
  BOOST_TEST(host_test::lines(validate.err).size() == 1u, validate.err);
}

// Before: console tables turned only \n, \r and \t into spaces, so a user's name set
// in the tenant retitled the terminal, cleared the screen and turned it red.
BOOST_AUTO_TEST_CASE(tenant_text_cannot_drive_the_terminal_through_console_tables) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  const std::string evil_name =
      "\x1b]0;owned\x07"
      "Eve\x1b[2J\xc2\x9b"
      "31m\xe2\x80\xae"
      "nimda";
  const std::string evil_id = "6\x1b[31m";
  workspace.write_file(
      "data/directory.json",
      std::string(R"({"api_key":")") + host_test::fixture_api_key + R"(","users":[)" +
          R"({"id":"1","name":"Ada","enabled":true},)" +
          R"({"id":"6\u001b[31m","name":"\u001b]0;owned\u0007Eve\u001b[2J\u009b31m\u202enimda",)" +
          R"("enabled":true}],"groups":[{"id":"g1","name":"Admins","members":["1","6\u001b[31m"]}]})");

  // The data really carries the sequences: JSON output keeps them, escaped as JSON does.
  const auto as_json = workspace.run({"resources", "fixture", "--type", "user", "-o", "json"});
  BOOST_TEST_REQUIRE(as_json.exit_code == 0, as_json.err);
  const auto users = host_test::json_lines(as_json.out);
  BOOST_TEST_REQUIRE(users.size() == 2u);
  BOOST_TEST(users[1].at("display_name").as_string() == evil_name);
  BOOST_TEST(users[1].at("id").as_string() == "user:" + evil_id);

  const auto resources = workspace.run({"resources", "fixture", "--type", "user"});
  const auto grants = workspace.run({"grants", "fixture", "--resource", "group:g1"});
  for (const auto* result : {&resources, &grants}) {
    BOOST_TEST_REQUIRE(result->exit_code == 0, result->err);
    BOOST_TEST(result->out.find('\x1b') == std::string::npos, result->out);
    BOOST_TEST(result->out.find('\x07') == std::string::npos, result->out);
    BOOST_TEST(result->out.find("\xc2\x9b") == std::string::npos, result->out);
    BOOST_TEST(result->out.find("\xe2\x80\xae") == std::string::npos, result->out);
    BOOST_TEST(host_test::lines(result->out).size() == 3u, result->out);  // header, two rows
  }
  BOOST_TEST(contains(resources.out, "user:6\\x1b[31m"), resources.out);
  BOOST_TEST(contains(resources.out, "\\x1b]0;owned\\x07Eve\\x1b[2J\\u009b31m\\u202enimda"),
             resources.out);
  BOOST_TEST(contains(grants.out, "group:g1:member  user:6\\x1b[31m"), grants.out);
}

// Before: the audit log stored the principal and the plugin's error as they were,
// so a secret typed (or pasted) into a principal id was kept in the store for good,
// and any program reading the store saw it.
BOOST_AUTO_TEST_CASE(the_audit_log_stores_no_secret_from_a_principal_or_an_error) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  workspace.add_fixture("directory.json", "data/directory.json");
  const std::string principal = std::string("user:") + host_test::fixture_api_key;
  const auto grant = workspace.run(
      {"grant", "fixture", "--entitlement", "group:g1:member", "--principal", principal});
  BOOST_TEST(grant.exit_code != 0);
  BOOST_TEST(!contains(grant.err, host_test::fixture_api_key), grant.err);
  BOOST_TEST(contains(grant.err, "no principal 'user:[REDACTED]'"), grant.err);

  const auto audit = workspace.run({"audit", "fixture", "-o", "json"});
  BOOST_TEST_REQUIRE(audit.exit_code == 0, audit.err);
  const auto entries = host_test::json_lines(audit.out);
  BOOST_TEST_REQUIRE(entries.size() == 1u, audit.out);
  BOOST_TEST(entries[0].at("principal").as_string() == "user:[REDACTED]");
  BOOST_TEST(entries[0].at("result").as_string() ==
             "error: NOT_FOUND: no principal 'user:[REDACTED]'");
  const auto table = workspace.run({"audit", "fixture"});
  BOOST_TEST(contains(table.out, "user:[REDACTED]"), table.out);

  // The store itself (every file of it, the write-ahead log too) never held it.
  for (const auto& entry : std::filesystem::directory_iterator(workspace.state())) {
    if (!entry.is_regular_file()) continue;
    std::ifstream file(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(file)), {});
    BOOST_TEST(!contains(bytes, host_test::fixture_api_key), entry.path());
  }
}

// Before: a timed grant recorded its timer (the timed_grants row and its audit entry)
// with the ids as typed, before the plugin was called, so a secret pasted into the
// principal stayed in the store even though the grant itself failed.
BOOST_AUTO_TEST_CASE(a_timed_grant_stores_no_secret_from_a_principal) {
  Workspace workspace;
  workspace.add_manifest("fixture.json");
  workspace.add_fixture("directory.json", "data/directory.json");
  const std::string principal = std::string("user:") + host_test::fixture_api_key;
  const auto grant = workspace.run({"grant", "fixture", "--entitlement", "group:g1:member",
                                    "--principal", principal, "--for", "1h"});
  BOOST_TEST(grant.exit_code != 0);
  BOOST_TEST(!contains(grant.err, host_test::fixture_api_key), grant.err);

  const auto timers = workspace.run({"timed-grants", "fixture", "--all", "-o", "json"});
  BOOST_TEST_REQUIRE(timers.exit_code == 0, timers.err);
  const auto rows = host_test::json_lines(timers.out);
  BOOST_TEST_REQUIRE(rows.size() == 1u, timers.out);
  BOOST_TEST(rows[0].at("principal").as_string() == "user:[REDACTED]");
  BOOST_TEST(rows[0].at("outcome").as_string() == "not set: the grant failed");
  for (const auto& entry : std::filesystem::directory_iterator(workspace.state())) {
    if (!entry.is_regular_file()) continue;
    std::ifstream file(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(file)), {});
    BOOST_TEST(!contains(bytes, host_test::fixture_api_key), entry.path());
  }
}

BOOST_AUTO_TEST_SUITE_END()
