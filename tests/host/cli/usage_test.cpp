// The command line itself: help for every command, usage errors with exit code 2.
#include <boost/test/unit_test.hpp>

#include "support/workspace.hpp"

using host_test::Workspace;

BOOST_AUTO_TEST_SUITE(usage)

BOOST_AUTO_TEST_CASE(global_help_lists_every_command_and_exit_code) {
  Workspace workspace;
  const auto result = workspace.run({"--help"});
  BOOST_TEST_REQUIRE(result.exit_code == 0);
  for (const char* command :
       {"plugins", "describe PLUGIN", "init PLUGIN --id ID", "connectors", "validate CONNECTOR",
        "resource-types CONNECTOR", "resources CONNECTOR [--type T]", "entitlements CONNECTOR",
        "grants CONNECTOR", "grant CONNECTOR", "revoke CONNECTOR", "create-account CONNECTOR",
        "delete-account CONNECTOR"}) {
    BOOST_TEST(result.out.find("\n  " + std::string(command)) != std::string::npos, command);
  }
  BOOST_TEST(result.out.find("130  interrupted") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_command_has_help) {
  Workspace workspace;
  const std::vector<std::pair<std::string, std::string>> commands{{"plugins", ""},
                                                                  {"describe", ""},
                                                                  {"init", "--force"},
                                                                  {"connectors", ""},
                                                                  {"validate", ""},
                                                                  {"resource-types", ""},
                                                                  {"resources", "--type"},
                                                                  {"entitlements", "--resource"},
                                                                  {"grants", "--resource"},
                                                                  {"grant", "--entitlement"},
                                                                  {"revoke", "--grant"},
                                                                  {"create-account", "--profile"},
                                                                  {"delete-account", "--resource"}};
  for (const auto& [command, option] : commands) {
    const auto result = workspace.run({command, "--help"});
    BOOST_TEST(result.exit_code == 0, command);
    BOOST_TEST(result.out.rfind("Usage: connector-host [global options] " + command, 0) == 0u,
               result.out);
    if (!option.empty()) BOOST_TEST(result.out.find(option) != std::string::npos, command);
  }
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2_with_one_line) {
  Workspace workspace;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{}, "error: no command given (connector-host --help lists them)\n"},
      {{"frobnicate"}, "error: unknown command 'frobnicate' (connector-host --help lists them)\n"},
      {{"-o", "xml", "plugins"}, "error: -o: 'xml' is not console or json\n"},
      {{"--log-level", "loud", "plugins"},
       "error: --log-level: 'loud' is not debug, info, warn, error or off\n"},
      {{"resources"}, "error: missing the CONNECTOR argument (a manifest's id)\n"},
      {{"grant", "fixture", "--principal", "user:1"},
       "error: grant: the option '--entitlement' is required but missing\n"},
      {{"resources", "fixture", "--colour", "red"},
       "error: resources: unrecognised option '--colour'\n"}};
  for (const auto& [args, message] : cases) {
    const auto result = workspace.run(args);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == message);
  }
}

BOOST_AUTO_TEST_SUITE_END()
