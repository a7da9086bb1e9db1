// Faulty plugins: the host survives each, reports it in one line naming the plugin,
// and stops a blocked call on Ctrl-C or at the deadline.
#include <boost/test/unit_test.hpp>

#include <csignal>

#include "support/workspace.hpp"

using host_test::Workspace;

namespace {

struct FaultsWorkspace : Workspace {
  FaultsWorkspace() {
    for (const char* manifest :
         {"throwing.json", "bad-json.json", "repeat-token.json", "blocking.json"}) {
      add_manifest(manifest);
    }
  }
};

void expect_one_line_error(const host_test::HostResult& result, int exit_code,
                           const std::string& message) {
  BOOST_TEST(result.exit_code == exit_code);
  BOOST_TEST(result.err == "error: " + message + "\n");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(faults)

BOOST_FIXTURE_TEST_CASE(std_exception_becomes_internal, FaultsWorkspace) {
  const auto result = run({"resource-types", "throwing"});
  BOOST_TEST(result.exit_code == 5);
  BOOST_TEST(result.err.rfind("error: plugin 'throwing': INTERNAL: internal error", 0) == 0u,
             result.err);
  BOOST_TEST(host_test::lines(result.err).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(every_operation_of_the_throwing_plugin_is_reported, FaultsWorkspace) {
  const std::vector<std::vector<std::string>> commands{
      {"validate", "throwing"},
      {"resources", "throwing", "--type", "user"},
      {"entitlements", "throwing"},
      {"grants", "throwing"},
      {"grant", "throwing", "--entitlement", "group:g1:member", "--principal", "user:1"},
      {"revoke", "throwing", "--grant", "group:g1:member:user:1"},
      {"create-account", "throwing", "--type", "user", "--profile", "{}"},
      {"delete-account", "throwing", "--resource", "user:1"}};
  for (const auto& command : commands) {
    const auto result = run(command);
    BOOST_TEST(result.exit_code == 5, command[0]);
    BOOST_TEST(result.err.rfind("error: plugin 'throwing': INTERNAL: internal error", 0) == 0u,
               command[0] << ": " << result.err);
  }
}

BOOST_FIXTURE_TEST_CASE(item_that_is_not_an_object, FaultsWorkspace) {
  expect_one_line_error(
      run({"resource-types", "bad-json"}), 5,
      "plugin 'bad-json': INTERNAL: list_resource_types emitted item #1 that is not a "
      "JSON object (a plugin bug); stopped");
}

BOOST_FIXTURE_TEST_CASE(item_that_is_not_json, FaultsWorkspace) {
  const auto result = run({"entitlements", "bad-json"});
  BOOST_TEST(result.exit_code == 5);
  BOOST_TEST(
      result.err.rfind("error: plugin 'bad-json': INTERNAL: list_entitlements emitted item #1 "
                       "that is not valid JSON",
                       0) == 0u,
      result.err);
}

// A sync takes items as text and leaves the JSON check to the store, which parses each
// text whole anyway: the plugin is blamed in the same words, and nothing is kept.
BOOST_FIXTURE_TEST_CASE(a_sync_refuses_an_item_that_is_not_json_as_a_listing_does,
                        FaultsWorkspace) {
  write_file("manifests/bad-json.json",
             R"({"id":"bad-json","plugin":"bad-json","config":{"valid_types":true}})");
  const auto listing = run({"resources", "bad-json", "--type", "user"});
  BOOST_TEST(listing.exit_code == 5);
  BOOST_TEST(listing.err.rfind("error: plugin 'bad-json': INTERNAL: list_resources emitted "
                               "item #1 that is not valid JSON (",
                               0) == 0u,
             listing.err);

  const auto sync = run({"sync", "bad-json"});
  BOOST_TEST(sync.exit_code == 5);
  const auto err = host_test::lines(sync.err);
  BOOST_TEST_REQUIRE(!err.empty());
  const std::string cause =
      host_test::lines(listing.err).at(0).substr(std::string("error: ").size());
  BOOST_TEST(err.back() == "error: sync of bad-json failed: " + cause);

  const auto runs = run({"-o", "json", "runs", "bad-json"});
  BOOST_TEST_REQUIRE(runs.exit_code == 0, runs.err);
  const auto rows = host_test::json_lines(runs.out);
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  BOOST_TEST(rows[0].at("status").as_string() == "failed");
  BOOST_TEST(rows[0].at("resources").as_int64() == 0);
}

// The store finds an entitlement's grants by id prefix; a grant whose id is not its
// entitlement's, ":" and its principal's fails the sync, named, and nothing is kept.
BOOST_FIXTURE_TEST_CASE(a_sync_refuses_a_grant_whose_id_breaks_the_identifiers_rule,
                        FaultsWorkspace) {
  write_file("manifests/bad-json.json",
             R"({"id":"bad-json","plugin":"bad-json","config":{"stray_grant_id":true}})");
  const auto sync = run({"sync", "bad-json"});
  BOOST_TEST(sync.exit_code == 5);
  const auto err = host_test::lines(sync.err);
  BOOST_TEST_REQUIRE(!err.empty());
  BOOST_TEST(err.back() ==
                 "error: sync of bad-json failed: grant \"user:1:login:user:2\": its id is not "
                 "its entitlement, a colon and its principal (\"user:1:login:user:1\")",
             sync.err);

  const auto runs = run({"-o", "json", "runs", "bad-json"});
  BOOST_TEST_REQUIRE(runs.exit_code == 0, runs.err);
  const auto rows = host_test::json_lines(runs.out);
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  BOOST_TEST(rows[0].at("status").as_string() == "failed");
  const auto resources = run({"resources", "bad-json", "--from-store"});
  BOOST_TEST(resources.exit_code != 0);
  BOOST_TEST(resources.err ==
             "error: connector bad-json has no good sync in the store; run: sync bad-json\n");
}

BOOST_FIXTURE_TEST_CASE(repeated_page_token_is_refused, FaultsWorkspace) {
  expect_one_line_error(
      run({"resources", "repeat-token", "--type", "user"}), 5,
      "plugin 'repeat-token' returned page token 'same-token' twice (a plugin bug); "
      "stopped");
}

BOOST_FIXTURE_TEST_CASE(sigint_cancels_a_blocked_call_within_a_second, FaultsWorkspace) {
  test_support::ChildProcess host(
      command({"--log-level", "debug", "resources", "blocking", "--type", "user"}),
      {.environment = host_environment({}), .working_directory = root()});
  BOOST_TEST_REQUIRE(host.wait_for_stderr("calling list_resources", std::chrono::seconds(10)));
  const auto sent = std::chrono::steady_clock::now();
  host.send_signal(SIGINT);
  const auto result = host.wait(std::chrono::seconds(5));
  const auto took = std::chrono::steady_clock::now() - sent;
  BOOST_TEST_REQUIRE(result.has_value(), "the host did not exit after SIGINT");
  BOOST_TEST(result->exit_code == 130);
  BOOST_TEST(took < std::chrono::seconds(1));
  BOOST_TEST(host_test::lines(result->err).back() == "error: cancelled by SIGINT");
}

BOOST_FIXTURE_TEST_CASE(sigterm_cancels_with_143, FaultsWorkspace) {
  test_support::ChildProcess host(
      command({"--log-level", "debug", "grants", "blocking"}),
      {.environment = host_environment({}), .working_directory = root()});
  BOOST_TEST_REQUIRE(host.wait_for_stderr("calling list_grants", std::chrono::seconds(10)));
  host.send_signal(SIGTERM);
  const auto result = host.wait(std::chrono::seconds(5));
  BOOST_TEST_REQUIRE(result.has_value());
  BOOST_TEST(result->exit_code == 143);
  BOOST_TEST(host_test::lines(result->err).back() == "error: cancelled by SIGTERM");
}

BOOST_FIXTURE_TEST_CASE(timeout_cancels_a_blocked_call, FaultsWorkspace) {
  const auto result = run({"--timeout", "0.3", "resources", "blocking", "--type", "user"});
  expect_one_line_error(result, 124, "the deadline (--timeout) passed during list_resources");
  BOOST_TEST(result.elapsed < std::chrono::seconds(5));
}

BOOST_FIXTURE_TEST_CASE(timeout_stops_a_sync_and_keeps_no_run_as_good, FaultsWorkspace) {
  const auto result = run({"--timeout", "0.3", "sync", "blocking"});
  expect_one_line_error(result, 124,
                        "sync of blocking stopped by --timeout: the deadline (--timeout) passed "
                        "during list_resource_types");
  BOOST_TEST(result.elapsed < std::chrono::seconds(5));
  // The failed run is recorded, but nothing became the connector's latest good sync.
  expect_one_line_error(run({"export", "blocking", "--format", "jsonl"}), 7,
                        "connector blocking has no good sync in the store; run: sync blocking");
}

BOOST_FIXTURE_TEST_CASE(unsupported_operation_is_unimplemented, FaultsWorkspace) {
  // The repeat-token plugin lists but does not provision.
  expect_one_line_error(
      run({"grant", "repeat-token", "--entitlement", "a:1:member", "--principal", "user:1"}), 5,
      "plugin 'repeat-token': UNIMPLEMENTED: the plugin does not support grant");
}

BOOST_AUTO_TEST_SUITE_END()
