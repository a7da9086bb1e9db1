// The fixture plugin's provisioning and validate operations, through the ABI: what
// each answers, and what it did to the directory file.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "fixture_setup.hpp"
#include "plugin_harness.hpp"

using namespace abi_test;
namespace json = boost::json;

namespace {

// Calls grant or revoke and returns the call's record.
struct GrantCall {
  conn_status status;
  json::value item;  // null when the plugin emitted none
  std::string fail_message;
};

GrantCall change(const FixtureSetup& s, conn_instance* instance, bool grant,
                 std::string_view entitlement, std::string_view principal, bool dry_run = false) {
  RecordingCall call;
  const conn_grant_request request{sizeof(conn_grant_request), to_conn(entitlement),
                                   to_conn(principal), dry_run ? 1 : 0};
  const conn_status status =
      (grant ? s.plugin.grant : s.plugin.revoke)(instance, call.get(), &request);
  return {status, call.raw_items.empty() ? json::value() : call.only_item(), call.fail_message};
}

std::vector<std::string> members_of(const json::object& directory, std::string_view group_id) {
  for (const json::value& group : directory.at("groups").as_array()) {
    if (group.at("id").as_string() == group_id) {
      return json::value_to<std::vector<std::string>>(group.at("members"));
    }
  }
  throw std::runtime_error("no group " + std::string(group_id));
}

std::vector<std::string> user_ids(const json::object& directory) {
  std::vector<std::string> ids;
  for (const json::value& user : directory.at("users").as_array())
    ids.emplace_back(user.at("id").as_string());
  return ids;
}

// Files in `dir` other than the directory file: temporaries left behind.
std::size_t stray_files(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(
      std::count_if(std::filesystem::directory_iterator(dir), {},
                    [](const auto& entry) { return entry.path().filename() != "directory.json"; }));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(provisioning, FixtureSetup)

BOOST_AUTO_TEST_CASE(grant_adds_a_member_once) {
  const Instance instance(plugin, host, config());
  const GrantCall first = change(*this, instance.get(), true, "group:g2:member", "user:1");
  BOOST_TEST(first.status == CONN_OK);
  BOOST_TEST(first.item == json::parse(R"({"status":"granted"})"));
  BOOST_TEST(members_of(directory(), "g2") == (std::vector<std::string>{"3", "1"}),
             boost::test_tools::per_element());
  BOOST_TEST(stray_files(dir.path()) == 0u);

  const GrantCall again = change(*this, instance.get(), true, "group:g2:member", "user:1");
  BOOST_TEST(again.status == CONN_OK);
  BOOST_TEST(again.item == json::parse(R"({"status":"already_granted"})"));
  BOOST_TEST(members_of(directory(), "g2").size() == 2u);

  // The new grant is listed from now on.
  const Listing grants = list_all(plugin.list_grants, instance.get(), "", "group:g2");
  BOOST_TEST(ids_of(grants.items) ==
                 (std::vector<std::string>{"group:g2:member:user:3", "group:g2:member:user:1"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(each_write_is_counted_and_an_older_host_is_served_without_counters) {
  {
    const Instance instance(plugin, host, config());
    change(*this, instance.get(), true, "group:g3:member", "user:1");
    change(*this, instance.get(), true, "group:g3:member", "user:1");  // already granted: no write
    change(*this, instance.get(), false, "group:g3:member", "user:1");
    BOOST_TEST(host.counters()["directory_writes"] == 2.0);
  }
  // An ABI 1.0 host has no add_to_counter member; the plugin must not read past it.
  RecordingHost old_host;
  old_host.truncate_to(offsetof(conn_host, add_to_counter));
  const Instance instance(plugin, old_host, config());
  BOOST_TEST(change(*this, instance.get(), true, "group:g3:member", "user:2").status == CONN_OK);
  BOOST_TEST(old_host.counters().empty());
}

BOOST_AUTO_TEST_CASE(revoke_removes_a_member_once) {
  const Instance instance(plugin, host, config());
  const GrantCall first = change(*this, instance.get(), false, "group:g1:member", "user:2");
  BOOST_TEST(first.status == CONN_OK);
  BOOST_TEST(first.item == json::parse(R"({"status":"revoked"})"));
  BOOST_TEST(members_of(directory(), "g1") == (std::vector<std::string>{"1"}),
             boost::test_tools::per_element());

  const GrantCall again = change(*this, instance.get(), false, "group:g1:member", "user:2");
  BOOST_TEST(again.item == json::parse(R"({"status":"already_revoked"})"));
}

BOOST_AUTO_TEST_CASE(dry_run_emits_the_change_and_makes_none) {
  const Instance instance(plugin, host, config());
  const std::string before = read_file(fixture_file());
  const GrantCall grant = change(*this, instance.get(), true, "group:g3:member", "user:2", true);
  BOOST_TEST(grant.status == CONN_OK);
  BOOST_TEST(
      grant.item ==
      json::parse(
          R"({"dry_run":{"method":"PATCH","path":"/groups/g3","body":{"add_members":["2"]}}})"));
  const GrantCall revoke = change(*this, instance.get(), false, "group:g1:member", "user:1", true);
  BOOST_TEST(
      revoke.item ==
      json::parse(
          R"({"dry_run":{"method":"PATCH","path":"/groups/g1","body":{"remove_members":["1"]}}})"));
  // Nothing to do is said as such, dry run or not.
  const GrantCall noop = change(*this, instance.get(), true, "group:g1:member", "user:1", true);
  BOOST_TEST(noop.item == json::parse(R"({"status":"already_granted"})"));
  BOOST_TEST(read_file(fixture_file()) == before);
}

BOOST_AUTO_TEST_CASE(bad_grants_are_refused_with_the_right_status) {
  const Instance instance(plugin, host, config());
  const std::string before = read_file(fixture_file());
  BOOST_TEST(change(*this, instance.get(), true, "group:nope:member", "user:1").status ==
             CONN_NOT_FOUND);
  BOOST_TEST(change(*this, instance.get(), true, "group:g1:member", "user:99").status ==
             CONN_NOT_FOUND);
  BOOST_TEST(change(*this, instance.get(), true, "group:g1:owner", "user:1").status ==
             CONN_INVALID_ARGUMENT);
  BOOST_TEST(change(*this, instance.get(), true, "group:g1:member", "nonsense").status ==
             CONN_INVALID_ARGUMENT);
  const GrantCall group_principal =
      change(*this, instance.get(), true, "group:g1:member", "group:g2");
  BOOST_TEST(group_principal.status == CONN_FAILED_PRECONDITION);
  BOOST_TEST(group_principal.fail_message == "'group:g2' is a group, not a user");
  BOOST_TEST(read_file(fixture_file()) == before);
}

BOOST_AUTO_TEST_CASE(provisioning_with_a_wrong_key_changes_nothing) {
  const Instance instance(plugin, host, config("k-wrong"));
  const std::string before = read_file(fixture_file());
  BOOST_TEST(change(*this, instance.get(), true, "group:g3:member", "user:1").status ==
             CONN_UNAUTHENTICATED);
  BOOST_TEST(read_file(fixture_file()) == before);
}

BOOST_AUTO_TEST_CASE(create_account_adds_a_user_with_the_next_id) {
  const Instance instance(plugin, host, config());
  RecordingCall call;
  const std::string profile = R"({"name":"Barbara","email":"barbara@example.com"})";
  const conn_account_request request{
      sizeof(conn_account_request), to_conn("user"), to_conn(profile), {}, 0};
  BOOST_TEST(plugin.create_account(instance.get(), call.get(), &request) == CONN_OK);
  BOOST_TEST(call.only_item() ==
             json::parse(R"({"id":"user:4","type":"user","display_name":"Barbara",
      "traits":["user"],"status":"enabled","profile":{"name":"Barbara","email":"barbara@example.com"}})"));
  BOOST_TEST(user_ids(directory()) == (std::vector<std::string>{"1", "2", "3", "4"}),
             boost::test_tools::per_element());
}

// The descriptor says "concurrent-calls": writes from several threads at once on
// one instance must all land, none lost to another's read-modify-write.
BOOST_AUTO_TEST_CASE(concurrent_writes_on_one_instance_lose_nothing) {
  const Instance instance(plugin, host, config());
  constexpr int kThreads = 4;
  constexpr int kAccountsEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int a = 0; a < kAccountsEach; ++a) {
        // Appended, not "t" + ...: GCC 12 gives a false -Wrestrict for literal + string.
        std::string id = "t";
        id.append(std::to_string(t)).append("-").append(std::to_string(a));
        const std::string profile = json::serialize(json::object{{"id", id}, {"name", "Load"}});
        RecordingCall call;
        const conn_account_request request{
            sizeof(conn_account_request), to_conn("user"), to_conn(profile), {}, 0};
        if (plugin.create_account(instance.get(), call.get(), &request) != CONN_OK) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(user_ids(directory()).size() == 3u + kThreads * kAccountsEach);
  BOOST_TEST(host.counters()["directory_writes"] == double(kThreads * kAccountsEach));
}

BOOST_AUTO_TEST_CASE(create_account_refuses_duplicates_bad_profiles_and_other_types) {
  const Instance instance(plugin, host, config());
  const std::string before = read_file(fixture_file());
  auto create = [&](std::string_view type, std::string_view profile) {
    RecordingCall call;
    const conn_account_request request{
        sizeof(conn_account_request), to_conn(type), to_conn(profile), {}, 0};
    return plugin.create_account(instance.get(), call.get(), &request);
  };
  BOOST_TEST(create("user", R"({"id":"1","name":"Ada again"})") == CONN_ALREADY_EXISTS);
  BOOST_TEST(create("user", R"({"email":"nameless@example.com"})") == CONN_INVALID_ARGUMENT);
  BOOST_TEST(create("user", "not json") == CONN_INVALID_ARGUMENT);
  BOOST_TEST(create("group", R"({"name":"Ops"})") == CONN_INVALID_ARGUMENT);
  BOOST_TEST(read_file(fixture_file()) == before);
}

BOOST_AUTO_TEST_CASE(create_account_dry_run_shows_the_user_it_would_add) {
  const Instance instance(plugin, host, config());
  const std::string before = read_file(fixture_file());
  RecordingCall call;
  const std::string profile = R"({"name":"Ken","enabled":false})";
  const conn_account_request request{
      sizeof(conn_account_request), to_conn("user"), to_conn(profile), {}, 1};
  BOOST_TEST(plugin.create_account(instance.get(), call.get(), &request) == CONN_OK);
  BOOST_TEST(call.only_item() == json::parse(R"({"dry_run":{"method":"POST","path":"/users",
                 "body":{"id":"4","name":"Ken","enabled":false}}})"));
  BOOST_TEST(read_file(fixture_file()) == before);
}

BOOST_AUTO_TEST_CASE(delete_account_removes_the_user_and_its_memberships) {
  const Instance instance(plugin, host, config());
  auto remove = [&](std::string_view id, bool dry_run) {
    RecordingCall call;
    const conn_account_request request{
        sizeof(conn_account_request), {}, {}, to_conn(id), dry_run ? 1 : 0};
    BOOST_TEST(plugin.delete_account(instance.get(), call.get(), &request) == CONN_OK);
    return call.only_item();
  };
  BOOST_TEST(remove("user:1", true) ==
             json::parse(R"({"dry_run":{"method":"DELETE","path":"/users/1"}})"));
  BOOST_TEST(user_ids(directory()).size() == 3u);

  BOOST_TEST(remove("user:1", false) == json::parse(R"({"status":"deleted"})"));
  BOOST_TEST(user_ids(directory()) == (std::vector<std::string>{"2", "3"}),
             boost::test_tools::per_element());
  BOOST_TEST(members_of(directory(), "g1") == (std::vector<std::string>{"2"}),
             boost::test_tools::per_element());

  BOOST_TEST(remove("user:1", false) == json::parse(R"({"status":"already_deleted"})"));
  BOOST_TEST(stray_files(dir.path()) == 0u);
}

BOOST_AUTO_TEST_CASE(provisioning_keeps_the_file_mode) {
  std::filesystem::permissions(fixture_file(), std::filesystem::perms::owner_read |
                                                   std::filesystem::perms::owner_write |
                                                   std::filesystem::perms::group_read);
  const Instance instance(plugin, host, config());
  BOOST_TEST(change(*this, instance.get(), true, "group:g3:member", "user:1").status == CONN_OK);
  const auto mode =
      std::filesystem::status(fixture_file()).permissions() & std::filesystem::perms::all;
  BOOST_TEST(static_cast<unsigned>(mode) == 0640u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(validation, FixtureSetup)

// validate's items, as {check name: ok}.
std::map<std::string, bool> checks_of(const RecordingCall& call) {
  std::map<std::string, bool> checks;
  for (const json::value& item : call.items()) {
    checks[std::string(item.at("check").as_string())] = item.at("ok").as_bool();
  }
  return checks;
}

BOOST_AUTO_TEST_CASE(validate_passes_with_the_right_key) {
  const Instance instance(plugin, host, config());
  RecordingCall call;
  BOOST_TEST(plugin.validate(instance.get(), call.get()) == CONN_OK);
  BOOST_TEST((checks_of(call) ==
              std::map<std::string, bool>{{"credentials", true}, {"fixture_file", true}}));
  BOOST_TEST(call.fail_count == 0);
}

BOOST_AUTO_TEST_CASE(validate_reports_every_check_then_fails_with_the_first) {
  json::object config = json::parse(this->config("k-wrong")).as_object();
  config["fail_validate"] = true;
  const Instance instance(plugin, host, json::serialize(config));
  RecordingCall call;
  BOOST_TEST(plugin.validate(instance.get(), call.get()) == CONN_UNAUTHENTICATED);
  BOOST_TEST((checks_of(call) == std::map<std::string, bool>{{"credentials", false},
                                                             {"fail_validate", false},
                                                             {"fixture_file", true}}));
  BOOST_TEST(call.fail_count == 1);
  BOOST_TEST(call.fail_message.find("k-wrong") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(validate_fails_when_only_fail_validate_is_set) {
  json::object config = json::parse(this->config()).as_object();
  config["fail_validate"] = true;
  const Instance instance(plugin, host, json::serialize(config));
  RecordingCall call;
  BOOST_TEST(plugin.validate(instance.get(), call.get()) == CONN_FAILED_PRECONDITION);
  BOOST_TEST(call.fail_message == "fail_validate is set in the config");
}

BOOST_AUTO_TEST_CASE(a_missing_fixture_file_is_unavailable) {
  std::filesystem::remove(fixture_file());
  const Instance instance(plugin, host, config());
  RecordingCall call;
  BOOST_TEST(plugin.validate(instance.get(), call.get()) == CONN_UNAVAILABLE);
  BOOST_TEST((checks_of(call) == std::map<std::string, bool>{{"fixture_file", false}}));
}

BOOST_AUTO_TEST_SUITE_END()
