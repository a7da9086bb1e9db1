// Walks (ABI 1.2) as connector-host makes them: a sync is one walk, with one fresh id
// on every list call, ended once however the sync ends; one-shot listings are no
// walk; a plugin built before walks still syncs, and its missing end_walk is never
// called.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/workspace.hpp"

using host_test::Workspace;

namespace {

struct WalksWorkspace : Workspace {
  WalksWorkspace() {
    for (const char* manifest :
         {"walk-recorder.json", "walk-recorder-failing.json", "abi-1-1.json"}) {
      add_manifest(manifest);
    }
  }

  // The walk recorder's lines, each split into operation and walk id.
  std::vector<std::pair<std::string, std::string>> recorded() const {
    std::ifstream in(root() / "walks.txt");
    std::vector<std::pair<std::string, std::string>> calls;
    for (std::string line; std::getline(in, line);) {
      const auto space = line.find(' ');
      calls.emplace_back(line.substr(0, space), line.substr(space + 1));
    }
    return calls;
  }
};

bool is_walk_id(const std::string& id) {
  return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// The operations of `calls`, in order, as "op op op".
std::string operations(const std::vector<std::pair<std::string, std::string>>& calls) {
  std::string text;
  for (const auto& [operation, walk] : calls) text += (text.empty() ? "" : " ") + operation;
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(walks)

BOOST_FIXTURE_TEST_CASE(a_sync_is_one_walk_ended_once, WalksWorkspace) {
  const auto result = run({"sync", "walk-recorder"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto calls = recorded();
  BOOST_TEST(operations(calls) == "list_resources list_entitlements list_grants end_walk");
  BOOST_TEST_REQUIRE(!calls.empty());
  const std::string walk = calls.front().second;
  BOOST_TEST(is_walk_id(walk), walk);
  for (const auto& [operation, id] : calls) BOOST_TEST(id == walk, operation);
}

BOOST_FIXTURE_TEST_CASE(every_sync_is_a_new_walk, WalksWorkspace) {
  BOOST_TEST_REQUIRE(run({"sync", "walk-recorder"}).exit_code == 0);
  BOOST_TEST_REQUIRE(run({"sync", "walk-recorder"}).exit_code == 0);
  std::set<std::string> walks;
  for (const auto& [operation, id] : recorded()) walks.insert(id);
  BOOST_TEST(walks.size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_failed_sync_still_ends_its_walk, WalksWorkspace) {
  const auto result = run({"sync", "walk-recorder-failing"});
  BOOST_TEST(result.exit_code != 0);
  const auto calls = recorded();
  BOOST_TEST(operations(calls) == "list_resources list_entitlements list_grants end_walk");
  BOOST_TEST_REQUIRE(calls.size() == 4u);
  BOOST_TEST(calls.back().second == calls.front().second);
}

BOOST_FIXTURE_TEST_CASE(one_shot_listings_are_no_walk, WalksWorkspace) {
  BOOST_TEST_REQUIRE(run({"resources", "walk-recorder", "--type", "user"}).exit_code == 0);
  BOOST_TEST_REQUIRE(run({"grants", "walk-recorder", "--resource", "user:1"}).exit_code == 0);
  const auto calls = recorded();
  BOOST_TEST(operations(calls) == "list_resources list_grants");
  for (const auto& [operation, id] : calls) BOOST_TEST(id.empty(), operation << " " << id);
}

BOOST_FIXTURE_TEST_CASE(a_plugin_built_before_walks_still_syncs, WalksWorkspace) {
  // Its table ends before end_walk; the slot past it aborts if the host calls it.
  const auto result = run({"-o", "json", "sync", "abi-1-1"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto runs = host_test::json_lines(result.out);
  BOOST_TEST_REQUIRE(runs.size() == 1u);
  BOOST_TEST(runs.front().at("status").as_string() == "good");
  BOOST_TEST(runs.front().at("resources").as_int64() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
