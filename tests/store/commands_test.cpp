// The store commands end to end: the real connector-host binary, the fixture test
// plugin (and the crashing and blocking ones), a state directory in a temp dir.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <thread>

#include "connector/store/audit_log.hpp"
#include "connector/store/export.hpp"
#include "connector/store/sync_runs.hpp"
#include "host_process.hpp"
#include "store_fixtures.hpp"
#include "support/environment.hpp"

using namespace connector::store;
using store_test::HostProcess;
using store_test::HostResult;
using store_test::TempDir;

namespace {

namespace json = boost::json;

constexpr const char* kApiKey = "k-store-test-secret";

// A scratch deployment: manifests, state, and the fixture plugin's directory file.
class Deployment {
 public:
  Deployment() {
    std::filesystem::create_directories(manifests());
    std::filesystem::create_directories(scratch());
  }

  std::filesystem::path manifests() const { return dir_.path() / "manifests"; }
  std::filesystem::path state() const { return dir_.path() / "state"; }
  std::filesystem::path scratch() const { return dir_.path() / "scratch"; }
  std::filesystem::path directory_file() const { return dir_.path() / "directory.json"; }

  // users 1..users; group g1 holds `g1_members` (user ids), group g2 holds user 1.
  void write_directory(int users, const std::vector<int>& g1_members) const {
    json::array user_list;
    for (int u = 1; u <= users; ++u) {
      user_list.push_back(json::object{{"id", std::to_string(u)},
                                       {"name", "User " + std::to_string(u)},
                                       {"email", "u" + std::to_string(u) + "@example.com"},
                                       {"enabled", true}});
    }
    json::array members;
    for (int member : g1_members) members.push_back(json::string(std::to_string(member)));
    const json::object directory{
        {"api_key", kApiKey},
        {"users", user_list},
        {"groups",
         json::array{
             json::object{{"id", "g1"}, {"name", "Admins"}, {"members", members}},
             json::object{{"id", "g2"}, {"name", "Support"}, {"members", json::array{"1"}}}}}};
    write(directory_file(), json::serialize(directory));
  }

  void write_manifest(const std::string& id, const std::string& plugin,
                      const json::object& config) const {
    const json::object manifest{{"id", id},
                                {"plugin", plugin},
                                {"enabled", true},
                                {"provisioning", {{"enabled", true}, {"mode", "direct"}}},
                                {"config", config}};
    write(manifests() / (id + ".json"), json::serialize(manifest));
  }

  void write_fixture_manifest() const {
    write_manifest("fixture-demo", "fixture",
                   {{"fixture_file", directory_file().string()},
                    {"api_key", {{"env", "STORE_TEST_API_KEY"}}},
                    {"page_size", 2}});
  }

  HostProcess start(std::vector<std::string> args, bool json_output = true) const {
    const std::string plugins = test_support::required_env("CONNECTOR_TEST_PLUGIN_DIR");
    std::vector<std::string> all{"--plugins",          plugins,   "--manifests",
                                 manifests().string(), "--state", state().string()};
    if (json_output) all.insert(all.end(), {"-o", "json"});
    all.insert(all.end(), args.begin(), args.end());
    return HostProcess(all, {{"STORE_TEST_API_KEY", kApiKey}});
  }

  HostResult run(std::vector<std::string> args, bool json_output = true) const {
    auto process = start(std::move(args), json_output);
    return process.wait();
  }

 private:
  static void write(const std::filesystem::path& file, const std::string& text) {
    std::ofstream(file) << text;
  }
  TempDir dir_;
};

// The one JSON line a sync prints.
json::object run_line(const HostResult& result) {
  const auto lines = result.json_lines();
  BOOST_REQUIRE_MESSAGE(lines.size() == 1u, "stdout: " << result.out << "\nstderr: " << result.err);
  return lines[0];
}

std::string integrity_check(Database& db) {
  Statement check(db, "PRAGMA integrity_check");
  std::string result;
  while (check.step()) result += check.text(0);
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(store_commands)

BOOST_AUTO_TEST_CASE(sync_grant_sync_diff) {
  Deployment deployment;
  deployment.write_directory(3, {1});
  deployment.write_fixture_manifest();

  const auto first = deployment.run({"sync", "fixture-demo"});
  BOOST_REQUIRE_MESSAGE(first.exited && first.code == 0, first.err);
  const auto first_run = run_line(first);
  BOOST_TEST(first_run.at("status").as_string() == "good");
  BOOST_TEST(first_run.at("resource_types").as_int64() == 2);
  BOOST_TEST(first_run.at("resources").as_int64() == 5);  // 3 users, 2 groups
  BOOST_TEST(first_run.at("entitlements").as_int64() == 2);
  BOOST_TEST(first_run.at("grants").as_int64() == 2);
  BOOST_TEST(first.out.find(kApiKey) == std::string::npos);
  BOOST_TEST(first.err.find(kApiKey) == std::string::npos);

  const auto granted = deployment.run(
      {"grant", "fixture-demo", "--entitlement", "group:g1:member", "--principal", "user:2"});
  BOOST_REQUIRE_MESSAGE(granted.exited && granted.code == 0, granted.err);

  const auto second = deployment.run({"sync", "fixture-demo"}, false);  // console output
  BOOST_REQUIRE_MESSAGE(second.exited && second.code == 0, second.err);
  BOOST_TEST(second.out.find("good") != std::string::npos, second.out);

  const auto diff = deployment.run({"diff", "fixture-demo"});
  BOOST_REQUIRE_MESSAGE(diff.exited && diff.code == 0, diff.err);
  // The grant, and the group, whose item lists its members, changed.
  const auto changes = diff.json_lines();
  BOOST_REQUIRE(changes.size() == 2u);
  BOOST_TEST(changes[0].at("change").as_string() == "changed");
  BOOST_TEST(changes[0].at("id").as_string() == "group:g1");
  json::object grant = json::parse(R"({"change":"added","kind":"grant",
      "id":"group:g1:member:user:2","entitlement":"group:g1:member","principal":"user:2"})")
                           .as_object();
  grant["from_run"] = first_run.at("run_id");
  grant["to_run"] = first_run.at("run_id").as_int64() + 1;
  BOOST_TEST(json::value(changes[1]) == json::value(grant));
}

BOOST_AUTO_TEST_CASE(listings_answer_from_the_store_without_the_plugin) {
  Deployment deployment;
  deployment.write_directory(3, {1, 3});
  deployment.write_fixture_manifest();
  const auto none = deployment.run({"resources", "fixture-demo", "--from-store"});
  BOOST_TEST(none.code == 7);
  BOOST_TEST(none.err.find("no good sync") != std::string::npos, none.err);

  BOOST_REQUIRE(deployment.run({"sync", "fixture-demo"}).code == 0);
  const auto live = deployment.run({"grants", "fixture-demo", "--resource", "group:g1"});
  BOOST_REQUIRE_MESSAGE(live.code == 0, live.err);

  // With the plugin's data gone, a live call fails; the store still answers.
  std::filesystem::remove(deployment.directory_file());
  BOOST_TEST(deployment.run({"resources", "fixture-demo", "--type", "user"}).code != 0);

  const auto users =
      deployment.run({"resources", "fixture-demo", "--type", "user", "--from-store"});
  BOOST_REQUIRE_MESSAGE(users.code == 0, users.err);
  const auto user_lines = users.json_lines();
  BOOST_REQUIRE(user_lines.size() == 3u);
  BOOST_TEST(user_lines[0].at("id").as_string() == "user:1");
  BOOST_TEST(user_lines[2].at("type").as_string() == "user");

  const auto all = deployment.run({"resources", "fixture-demo", "--from-store"});
  BOOST_TEST(all.json_lines().size() == 5u);  // 3 users and 2 groups

  const auto stored =
      deployment.run({"grants", "fixture-demo", "--resource", "group:g1", "--from-store"});
  BOOST_REQUIRE_MESSAGE(stored.code == 0, stored.err);
  BOOST_TEST(stored.json_lines() == live.json_lines());
  BOOST_TEST(stored.json_lines().size() == 2u);

  const auto entitlements = deployment.run({"entitlements", "fixture-demo", "--from-store"});
  BOOST_REQUIRE_MESSAGE(entitlements.code == 0, entitlements.err);
  BOOST_TEST(entitlements.json_lines().size() == 2u);
  BOOST_TEST(entitlements.json_lines()[0].at("id").as_string() == "group:g1:member");
}

BOOST_AUTO_TEST_CASE(diff_and_export_need_good_syncs) {
  Deployment deployment;
  deployment.write_directory(2, {1});
  deployment.write_fixture_manifest();
  const auto diff = deployment.run({"diff", "fixture-demo"});
  BOOST_TEST(diff.code == 7);  // ExitCode::state
  BOOST_TEST(diff.err.find("fewer than two good syncs") != std::string::npos, diff.err);
  const auto exported = deployment.run({"export", "fixture-demo", "--format", "csv"});
  BOOST_TEST(exported.code == 7);
  BOOST_TEST(exported.err.find("no good sync") != std::string::npos, exported.err);
  const auto bad_format = deployment.run({"export", "fixture-demo", "--format", "xml"});
  BOOST_TEST(bad_format.code == 2);
}

BOOST_AUTO_TEST_CASE(export_jsonl_to_stdout_and_csv_to_a_file) {
  Deployment deployment;
  deployment.write_directory(3, {1, 3});
  deployment.write_fixture_manifest();
  BOOST_REQUIRE(deployment.run({"sync", "fixture-demo"}).code == 0);

  const auto jsonl = deployment.run({"export", "fixture-demo", "--format", "jsonl"});
  BOOST_REQUIRE_MESSAGE(jsonl.code == 0, jsonl.err);
  std::map<std::string, int> kinds;
  for (const auto& item : jsonl.json_lines()) ++kinds[std::string(item.at("kind").as_string())];
  BOOST_TEST(kinds["resource_type"] == 2);
  BOOST_TEST(kinds["resource"] == 5);
  BOOST_TEST(kinds["entitlement"] == 2);
  BOOST_TEST(kinds["grant"] == 3);

  const auto file = deployment.scratch() / "export.csv";
  const auto csv =
      deployment.run({"export", "fixture-demo", "--format", "csv", "--file", file.string()});
  BOOST_REQUIRE_MESSAGE(csv.code == 0, csv.err);
  const auto summary = run_line(csv);
  BOOST_TEST(summary.at("items").as_int64() == 12);
  std::ifstream in(file);
  std::string header;
  std::getline(in, header);
  BOOST_TEST(header ==
             "kind,id,type,display_name,status,parent,email,resource,entitlement,"
             "principal\r");
  std::vector<std::string> rows;
  for (std::string row; std::getline(in, row);) rows.push_back(row);
  BOOST_TEST(rows.size() == 12u);
  BOOST_TEST(std::count(rows.begin(), rows.end(),
                        "grant,group:g1:member:user:3,,,,,,group:g1,group:g1:member,user:3\r") ==
             1);
}

BOOST_AUTO_TEST_CASE(a_mass_deletion_is_quarantined_until_accepted) {
  Deployment deployment;
  std::vector<int> everyone;
  for (int u = 1; u <= 20; ++u) everyone.push_back(u);
  deployment.write_directory(20, everyone);
  deployment.write_fixture_manifest();
  BOOST_REQUIRE(deployment.run({"sync", "fixture-demo"}).code == 0);

  deployment.write_directory(10, std::vector<int>(everyone.begin(), everyone.begin() + 10));
  const auto shrunk = deployment.run({"sync", "fixture-demo"});
  BOOST_REQUIRE_MESSAGE(shrunk.code == 0, shrunk.err);
  const auto run = run_line(shrunk);
  BOOST_TEST(run.at("status").as_string() == "quarantined");
  BOOST_TEST(run.at("quarantine_reason").as_string() ==
             "would remove 50% of users (10 of 20); threshold 20%; "
             "would remove 47.6% of grants (10 of 21); threshold 20%");
  BOOST_TEST(shrunk.err.find("--accept-quarantined") != std::string::npos, shrunk.err);
  BOOST_TEST(deployment.run({"diff", "fixture-demo"}).code == 7);  // still one good sync

  const auto accepted = deployment.run({"sync", "fixture-demo", "--accept-quarantined"});
  BOOST_REQUIRE_MESSAGE(accepted.code == 0, accepted.err);
  BOOST_TEST(run_line(accepted).at("run_id") == run.at("run_id"));
  BOOST_TEST(run_line(accepted).at("status").as_string() == "good");

  const auto diff = deployment.run({"diff", "fixture-demo"});
  std::map<std::string, int> removed;
  for (const auto& change : diff.json_lines()) {
    if (change.at("change").as_string() == "changed") {
      BOOST_TEST(change.at("id").as_string() == "group:g1");  // its member list shrank
      continue;
    }
    BOOST_TEST(change.at("change").as_string() == "removed");
    ++removed[std::string(change.at("kind").as_string())];
  }
  BOOST_TEST(removed["resource"] == 10);
  BOOST_TEST(removed["grant"] == 10);
  BOOST_TEST(deployment.run({"sync", "fixture-demo", "--accept-quarantined"}).code == 7);
}

BOOST_AUTO_TEST_CASE(a_plugin_that_segfaults_mid_sync_leaves_the_store_intact) {
  Deployment deployment;
  deployment.write_manifest("crashing-demo", "crashing", {{"crash_on_page", 0}, {"user_count", 6}});
  const auto good = deployment.run({"sync", "crashing-demo"});
  BOOST_REQUIRE_MESSAGE(good.code == 0, good.err);
  const auto good_run = run_line(good);
  BOOST_TEST(good_run.at("resources").as_int64() == 6);

  deployment.write_manifest("crashing-demo", "crashing", {{"crash_on_page", 2}, {"user_count", 6}});
  const auto crashed = deployment.run({"sync", "crashing-demo"});
  BOOST_TEST(!crashed.exited);
  BOOST_TEST(crashed.code == SIGSEGV);
  {
    Store store(deployment.state());  // opening marks the dead process's run failed
    BOOST_TEST(integrity_check(store.db()) == "ok");
    const auto runs = list_runs(store.db(), "crashing-demo", 10);
    BOOST_REQUIRE(runs.size() == 2u);
    BOOST_TEST(runs[0].status == RunStatus::failed);
    BOOST_TEST(latest_good_run(store.db(), "crashing-demo")->id ==
               good_run.at("run_id").as_int64());
  }

  deployment.write_manifest("crashing-demo", "crashing", {{"crash_on_page", 0}, {"user_count", 6}});
  const auto again = deployment.run({"sync", "crashing-demo"});
  BOOST_REQUIRE_MESSAGE(again.code == 0, again.err);
  BOOST_TEST(run_line(again).at("status").as_string() == "good");
  const auto diff = deployment.run({"diff", "crashing-demo"});
  BOOST_TEST(diff.code == 0);
  BOOST_TEST(diff.json_lines().empty());
}

// Starts `sync blocking-demo` and returns once its run is recorded as running, so a
// signal sent next lands inside the sync.
HostProcess start_blocked_sync(const Deployment& deployment) {
  deployment.write_manifest("blocking-demo", "blocking", json::object{});
  HostProcess process = deployment.start({"sync", "blocking-demo"});
  bool running = false;
  for (int attempt = 0; attempt < 500 && !running; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!std::filesystem::exists(deployment.state() / Store::kFileName)) continue;
    Store store(deployment.state());
    const auto runs = list_runs(store.db(), "blocking-demo", 1);
    running = !runs.empty() && runs[0].status == RunStatus::running;
  }
  BOOST_REQUIRE(running);
  return process;
}

BOOST_AUTO_TEST_CASE(sigterm_cancels_a_running_sync) {
  Deployment deployment;
  auto process = start_blocked_sync(deployment);
  ::kill(process.pid(), SIGTERM);
  const auto result = process.wait();
  BOOST_TEST(result.exited);
  BOOST_TEST(result.code == 143);
  BOOST_TEST(run_line(result).at("status").as_string() == "cancelled");
  Store store(deployment.state());
  BOOST_TEST(list_runs(store.db(), "blocking-demo", 1)[0].status == RunStatus::cancelled);
}

BOOST_AUTO_TEST_CASE(sigkill_mid_sync_leaves_a_failed_run_and_a_sound_database) {
  Deployment deployment;
  deployment.write_directory(3, {1});
  deployment.write_fixture_manifest();
  BOOST_REQUIRE(deployment.run({"sync", "fixture-demo"}).code == 0);

  auto process = start_blocked_sync(deployment);
  ::kill(process.pid(), SIGKILL);
  const auto result = process.wait();
  BOOST_TEST(!result.exited);
  BOOST_TEST(result.code == SIGKILL);

  Store store(deployment.state());
  BOOST_TEST(integrity_check(store.db()) == "ok");
  BOOST_TEST(list_runs(store.db(), "blocking-demo", 1)[0].status == RunStatus::failed);
  BOOST_TEST(latest_good_run(store.db(), "fixture-demo").has_value());
  BOOST_TEST(deployment.run({"sync", "fixture-demo"}).code == 0);  // and syncs go on
}

BOOST_AUTO_TEST_CASE(audit_lists_the_connectors_entries_newest_first) {
  Deployment deployment;
  {
    Store store(deployment.state());
    for (int i = 0; i < 3; ++i) {
      append_audit(store.db(), AuditEntry{0, from_unix_ms(1'000 * (i + 1)), "fixture-demo", "grant",
                                          "group:g1:member", "user:" + std::to_string(i), "granted",
                                          "req-" + std::to_string(i), i == 2, std::nullopt});
    }
  }
  const auto audit = deployment.run({"audit", "fixture-demo", "--limit", "2"});
  BOOST_REQUIRE_MESSAGE(audit.code == 0, audit.err);
  const auto lines = audit.json_lines();
  BOOST_REQUIRE(lines.size() == 2u);
  BOOST_TEST(lines[0].at("principal").as_string() == "user:2");
  BOOST_TEST(lines[0].at("dry_run").as_bool());
  BOOST_TEST(lines[0].at("time").as_string() == "1970-01-01T00:00:03.000Z");
  BOOST_TEST(lines[1].at("request_id").as_string() == "req-1");
}

BOOST_AUTO_TEST_SUITE_END()
