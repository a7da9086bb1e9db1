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

BOOST_AUTO_TEST_CASE(help_shows_defaults_as_written) {
  Workspace workspace;
  const auto sync = workspace.run({"sync", "--help"});
  BOOST_TEST_REQUIRE(sync.exit_code == 0, sync.err);
  BOOST_TEST(sync.out.find("--max-removed-share arg (=0.2)") != std::string::npos, sync.out);
  // No default anywhere shows a binary fraction's long tail (eg: 0.20000000000000001):
  // every command's help and the global help, every "(=...)".
  std::vector<std::vector<std::string>> helps{{"--help"}};
  for (const auto& command :
       {"plugins", "connectors", "validate", "resource-types", "resources", "entitlements",
        "grants", "grant", "revoke", "create-account", "delete-account", "sync", "diff", "export",
        "audit", "operations", "run"}) {
    helps.push_back({command, "--help"});
  }
  std::size_t defaults_seen = 0;
  for (const auto& args : helps) {
    const auto help = workspace.run(args);
    BOOST_TEST(help.exit_code == 0, args.front() << ": " << help.err);
    for (auto at = help.out.find("(="); at != std::string::npos; at = help.out.find("(=", at + 2)) {
      const std::string shown = help.out.substr(at + 2, help.out.find(')', at) - at - 2);
      ++defaults_seen;
      const auto dot = shown.find('.');
      const bool number =
          !shown.empty() && shown.find_first_not_of("0123456789.-e+") == std::string::npos;
      if (number && dot != std::string::npos) {
        BOOST_TEST(shown.size() - dot - 1 <= 6u, args.front() << " shows a default of " << shown);
      }
    }
  }
  BOOST_TEST(defaults_seen >= 5u);  // the check did read defaults
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
