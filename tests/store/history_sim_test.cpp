// History through the real product: connector-host, the NinjaOne plugin and its
// simulator. Grant, sync, revoke, sync, with a sync killed in between, then history,
// --as-of, diff --from/--to, runs and export; quarantine with history; retention by
// the manifest's store.keep_history.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "connector/store/store.hpp"
#include "connector/store/sync_runs.hpp"
#include "support/environment.hpp"
#include "support/host_rig.hpp"

namespace json = boost::json;

namespace {

constexpr const char* kSecret = "history-S3cret-77";
constexpr const char* kConnector = "ninja-history";

const std::vector<std::string> kTenant{
    "--seed",  "11", "--technicians",   "4", "--end-users",        "4",
    "--roles", "2",  "--organizations", "2", "--members-per-role", "1"};

struct Result {
  int exit_code = -1;
  std::vector<json::object> lines;
  std::string err;
};

class Rig {
 public:
  Rig() : rig_(kTenant, kSecret), fixture_(test_support::Simulator::dump_fixture(kTenant)) {
    rig_.write_manifest("history.json", kConnector, true);
  }

  Result host(const std::vector<std::string>& args) const {
    const auto run = rig_.host(args);
    Result result{run.exit_code, {}, run.err};
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) result.lines.push_back(json::parse(line).as_object());
    }
    BOOST_REQUIRE(run.out.find(kSecret) == std::string::npos);
    BOOST_REQUIRE(run.err.find(kSecret) == std::string::npos);
    return result;
  }

  // `sync`, which must succeed with `status`; its run line.
  json::object sync(const std::string& status = "good",
                    const std::vector<std::string>& options = {}) const {
    std::vector<std::string> args{"sync", kConnector};
    args.insert(args.end(), options.begin(), options.end());
    const Result result = host(args);
    BOOST_REQUIRE_MESSAGE(result.exit_code == 0 && result.lines.size() == 1u,
                          "sync: exit " << result.exit_code << ": " << result.err);
    BOOST_REQUIRE_EQUAL(result.lines[0].at("status").as_string(), status);
    return result.lines[0];
  }

  // A TECHNICIAN role, and a technician that is not a member of it.
  std::pair<std::int64_t, std::int64_t> role_and_newcomer() const {
    const auto& tenant = fixture_.as_object();
    for (const auto& role : tenant.at("roles").as_array()) {
      if (role.at("type").as_string() != "TECHNICIAN") continue;
      std::vector<std::int64_t> members;
      for (const auto& m : role.at("members").as_array()) {
        members.push_back(m.at("id").to_number<std::int64_t>());
      }
      for (const auto& user : tenant.at("technicians").as_array()) {
        const auto id = user.at("id").to_number<std::int64_t>();
        if (std::find(members.begin(), members.end(), id) == members.end()) {
          return {role.at("id").to_number<std::int64_t>(), id};
        }
      }
    }
    throw std::runtime_error("the tenant has no technician outside a technician role");
  }

  // Starts `sync` as a process of its own, to be killed.
  std::unique_ptr<test_support::ChildProcess> start_sync() const {
    std::vector<std::string> argv{test_support::required_env("CONNECTOR_HOST"),
                                  "--plugins",
                                  test_support::required_env("NINJAONE_PLUGIN_DIR"),
                                  "--manifests",
                                  rig_.manifests().string(),
                                  "--state",
                                  rig_.state().string(),
                                  "sync",
                                  kConnector};
    return std::make_unique<test_support::ChildProcess>(
        argv, test_support::ProcessOptions{.environment = {{"NINJAONE_CLIENT_ID", "sim-client"},
                                                           {"NINJAONE_CLIENT_SECRET", kSecret}}});
  }

  // Adds "store" to the connector's manifest.
  void set_store_settings(const json::object& store) const {
    const auto file = rig_.manifests() / "history.json";
    std::stringstream text;
    text << std::ifstream(file).rdbuf();
    json::object manifest = json::parse(text.str()).as_object();
    manifest["store"] = store;
    std::ofstream(file) << json::serialize(manifest);
  }

  const test_support::HostRig& rig() const { return rig_; }

 private:
  test_support::HostRig rig_;
  json::value fixture_;
};

std::string role_member(std::int64_t role) { return "role:" + std::to_string(role) + ":member"; }
std::string user(std::int64_t id) { return "user:" + std::to_string(id); }

std::int64_t run_id(const json::object& line) {
  return line.at("run_id").to_number<std::int64_t>();
}

bool has_grant(const Result& result, const std::string& id) {
  return std::any_of(result.lines.begin(), result.lines.end(),
                     [&](const json::object& line) { return line.at("id").as_string() == id; });
}

std::string text(const json::object& line, const char* key) {
  const auto* value = line.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(history_through_the_plugin)

BOOST_AUTO_TEST_CASE(grant_sync_revoke_sync_then_history_as_of_and_diff) {
  Rig rig;
  const auto [role, newcomer] = rig.role_and_newcomer();
  const std::string entitlement = role_member(role);
  const std::string principal = user(newcomer);
  const std::string grant = entitlement + ":" + principal;

  const auto a = run_id(rig.sync());
  BOOST_REQUIRE(
      rig.host({"grant", kConnector, "--entitlement", entitlement, "--principal", principal})
          .exit_code == 0);
  const json::object b_line = rig.sync();
  const auto b = run_id(b_line);
  BOOST_TEST(b_line.at("added").as_int64() == 1);
  BOOST_TEST(b_line.at("removed").as_int64() == 0);

  // A sync killed mid-walk (the simulator holds /v2/users back) leaves no trace.
  rig.rig().sim().set_faults("slow=1,slow-ms=20000,paths=/v2/users");
  {
    auto killed = rig.start_sync();
    bool running = false;
    for (int i = 0; i < 200 && !running; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      auto db = connector::store::Database::open(rig.rig().state() / "store.db");
      const auto runs = connector::store::list_runs(db, kConnector, 1);
      running = !runs.empty() && runs[0].status == connector::store::RunStatus::running;
    }
    BOOST_REQUIRE(running);
    killed->send_signal(SIGKILL);
    BOOST_REQUIRE(killed->wait(std::chrono::seconds(10)).has_value());
  }
  rig.rig().sim().set_faults("");

  BOOST_REQUIRE(rig.host({"revoke", kConnector, "--grant", grant}).exit_code == 0);
  const auto c = run_id(rig.sync());

  // runs: newest first; the killed one failed, between B and C.
  const Result runs = rig.host({"runs", kConnector});
  BOOST_REQUIRE(runs.exit_code == 0);
  BOOST_REQUIRE(runs.lines.size() == 4u);
  BOOST_TEST(run_id(runs.lines[0]) == c);
  BOOST_TEST(text(runs.lines[1], "status") == "failed");
  BOOST_TEST(text(runs.lines[1], "error").find("ended before the sync finished") !=
             std::string::npos);
  const auto killed_run = run_id(runs.lines[1]);
  BOOST_TEST(run_id(runs.lines[2]) == b);
  BOOST_TEST(run_id(runs.lines[3]) == a);
  BOOST_TEST(runs.lines[0].at("state_kept").as_bool());
  BOOST_TEST(!runs.lines[1].at("state_kept").as_bool());

  // history --principal: the user (as of the first sync), the grant added at B and
  // removed at C, oldest first; the killed run added nothing. (The user's own item
  // may change with its roles: such lines are the resource's.)
  const Result history = rig.host({"history", kConnector, "--principal", principal});
  BOOST_REQUIRE(history.exit_code == 0);
  BOOST_REQUIRE(!history.lines.empty());
  BOOST_TEST(history.lines[0].at("run").as_int64() == a);  // the user and what it held then
  BOOST_TEST(text(history.lines[0], "change") == "added");
  std::vector<json::object> grant_lines;
  std::int64_t previous_run = 0;
  for (const auto& line : history.lines) {
    BOOST_TEST(line.at("run").as_int64() >= previous_run);  // oldest first
    BOOST_TEST(line.at("run").as_int64() != killed_run);
    previous_run = line.at("run").as_int64();
    if (text(line, "kind") == "grant") {
      BOOST_TEST(text(line, "principal") == principal);
      if (text(line, "id") == grant) grant_lines.push_back(line);
    } else {
      BOOST_TEST(text(line, "id") == principal);
    }
  }
  BOOST_REQUIRE(grant_lines.size() == 2u);
  BOOST_TEST(grant_lines[0].at("run").as_int64() == b);
  BOOST_TEST(text(grant_lines[0], "change") == "added");
  BOOST_TEST(text(grant_lines[0], "id") == grant);
  BOOST_TEST(text(grant_lines[0], "entitlement") == entitlement);
  BOOST_TEST(text(grant_lines[0], "principal") == principal);
  BOOST_TEST(grant_lines[1].at("run").as_int64() == c);
  BOOST_TEST(text(grant_lines[1], "change") == "removed");
  const std::string b_time = text(grant_lines[0], "time");
  BOOST_TEST(b_time.size() == 20u);  // 2026-11-30T12:00:03Z
  BOOST_TEST(b_time.back() == 'Z');
  const Result since_b = rig.host(
      {"history", kConnector, "--principal", principal, "--since", "run:" + std::to_string(b)});
  BOOST_REQUIRE(!since_b.lines.empty());
  for (const auto& line : since_b.lines) BOOST_TEST(line.at("run").as_int64() > b);
  BOOST_TEST(std::any_of(since_b.lines.begin(), since_b.lines.end(), [&](const auto& line) {
    return text(line, "id") == grant && text(line, "change") == "removed";
  }));
  BOOST_TEST(std::none_of(since_b.lines.begin(), since_b.lines.end(), [&](const auto& line) {
    return text(line, "id") == grant && text(line, "change") == "added";
  }));

  // --as-of before, between (also the killed run, which resolves to B) and after.
  const auto grants_as_of = [&](const std::string& at) {
    return rig.host({"grants", kConnector, "--from-store", "--as-of", at});
  };
  BOOST_TEST(!has_grant(grants_as_of(std::to_string(a)), grant));
  BOOST_TEST(has_grant(grants_as_of("run:" + std::to_string(b)), grant));
  BOOST_TEST(has_grant(grants_as_of(std::to_string(killed_run)), grant));
  BOOST_TEST(!has_grant(grants_as_of(std::to_string(c)), grant));
  BOOST_TEST(!has_grant(rig.host({"grants", kConnector, "--from-store"}), grant));
  // By time: the end of the day today holds C; a day long before the first sync none.
  const std::string today = b_time.substr(0, 10);
  BOOST_TEST(!has_grant(grants_as_of(today), grant));
  const Result too_early = grants_as_of("2001-01-01");
  BOOST_TEST(too_early.exit_code == 7);
  BOOST_TEST(too_early.err.find("before it") != std::string::npos);
  const Result malformed = grants_as_of("yesterday");
  BOOST_TEST(malformed.exit_code == 2);
  BOOST_TEST(malformed.err.find("--as-of") != std::string::npos);

  // diff across the three runs.
  const auto diff = [&](std::int64_t from, std::int64_t to) {
    return rig.host(
        {"diff", kConnector, "--from", std::to_string(from), "--to", std::to_string(to)});
  };
  const Result ab = diff(a, b);
  BOOST_REQUIRE(ab.lines.size() == 1u);
  BOOST_TEST(text(ab.lines[0], "change") == "added");
  BOOST_TEST(text(ab.lines[0], "id") == grant);
  BOOST_TEST(ab.lines[0].at("from_run").as_int64() == a);
  BOOST_TEST(ab.lines[0].at("to_run").as_int64() == b);
  const Result bc = diff(b, c);
  BOOST_REQUIRE(bc.lines.size() == 1u);
  BOOST_TEST(text(bc.lines[0], "change") == "removed");
  BOOST_TEST(diff(a, c).lines.empty());
  const Result last_two = rig.host({"diff", kConnector});
  BOOST_REQUIRE(last_two.lines.size() == 1u);
  BOOST_TEST(last_two.lines[0].at("from_run").as_int64() == b);

  // export --as-of B carries the grant.
  const Result exported =
      rig.host({"export", kConnector, "--format", "jsonl", "--as-of", std::to_string(b)});
  BOOST_REQUIRE(exported.exit_code == 0);
  BOOST_TEST(std::any_of(exported.lines.begin(), exported.lines.end(), [&](const auto& line) {
    return text(line, "kind") == "grant" && text(line, "id") == grant;
  }));

  BOOST_TEST(rig.host({"history", kConnector}).exit_code == 2);
  BOOST_TEST(rig.host({"history", kConnector, "--principal", principal, "--resource", "role:1"})
                 .exit_code == 2);
}

BOOST_AUTO_TEST_CASE(a_quarantined_sync_stays_out_of_history_until_accepted) {
  Rig rig;
  const auto [role, newcomer] = rig.role_and_newcomer();
  const std::string grant = role_member(role) + ":" + user(newcomer);
  BOOST_REQUIRE(rig.host({"grant", kConnector, "--entitlement", role_member(role), "--principal",
                          user(newcomer)})
                    .exit_code == 0);
  const auto first = run_id(rig.sync());
  BOOST_REQUIRE(rig.host({"revoke", kConnector, "--grant", grant}).exit_code == 0);
  // A guard that objects to any removal.
  const auto quarantined =
      run_id(rig.sync("quarantined", {"--max-removed-share", "0", "--min-removed", "1"}));

  const auto grant_history = [&] {
    std::vector<json::object> lines;
    for (auto& line : rig.host({"history", kConnector, "--entitlement", role_member(role)}).lines) {
      if (text(line, "id") == grant) lines.push_back(std::move(line));
    }
    return lines;
  };
  const auto held = grant_history();
  BOOST_REQUIRE(held.size() == 1u);  // added at the first sync; the removal is held apart
  BOOST_TEST(held[0].at("run").as_int64() == first);
  BOOST_TEST(has_grant(rig.host({"grants", kConnector, "--from-store"}), grant));
  BOOST_TEST(rig.host({"diff", kConnector}).exit_code == 7);  // one good sync only

  const Result accepted = rig.host({"sync", kConnector, "--accept-quarantined"});
  BOOST_REQUIRE(accepted.exit_code == 0);
  BOOST_TEST(run_id(accepted.lines.at(0)) == quarantined);
  const auto after = grant_history();
  BOOST_REQUIRE(after.size() == 2u);
  BOOST_TEST(after[1].at("run").as_int64() == quarantined);
  BOOST_TEST(text(after[1], "change") == "removed");
  BOOST_TEST(!has_grant(rig.host({"grants", kConnector, "--from-store"}), grant));
  BOOST_TEST(has_grant(
      rig.host({"grants", kConnector, "--from-store", "--as-of", std::to_string(first)}), grant));
}

BOOST_AUTO_TEST_CASE(the_manifest_keep_history_folds_older_runs) {
  Rig rig;
  rig.set_store_settings({{"keep_history", "forever"}});
  const Result refused = rig.host({"sync", kConnector});
  BOOST_TEST(refused.exit_code == 3);
  const auto listed = rig.rig().host({"connectors"});  // says why the manifest failed
  BOOST_TEST((listed.out + listed.err).find("store.keep_history") != std::string::npos,
             listed.out + listed.err);

  // One second of history: each sync folds what finished more than a second before.
  rig.set_store_settings({{"keep_history", "1s"}});
  const auto first = run_id(rig.sync());
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  const auto second = run_id(rig.sync());
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  const auto third = run_id(rig.sync());
  const Result runs = rig.host({"runs", kConnector});
  BOOST_REQUIRE(runs.lines.size() == 2u);  // the first run folded into the second
  BOOST_TEST(run_id(runs.lines[0]) == third);
  BOOST_TEST(run_id(runs.lines[1]) == second);
  const Result gone =
      rig.host({"grants", kConnector, "--from-store", "--as-of", std::to_string(first)});
  BOOST_TEST(gone.exit_code == 7);
  BOOST_TEST(gone.err.find("history from run " + std::to_string(second)) != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
