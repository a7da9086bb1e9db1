#include "world.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "support/environment.hpp"
#include "support/simulator.hpp"

namespace review_test {
namespace {

namespace json = boost::json;

constexpr const char* kSecret = "review-S3cret-77a1";

json::object tenant() {
  return json::parse(R"json({
    "technicians": [
      {"id": 1, "uid": "0b5c0a52-0000-4000-8000-000000000001", "firstName": "Ada \"The Countess\"",
       "lastName": "Lovelace", "email": "ada@example.com", "administrator": true,
       "mfaConfigured": true},
      {"id": 2, "uid": "0b5c0a52-0000-4000-8000-000000000002",
       "firstName": "<script>alert(1)</script>", "lastName": "O'Brien",
       "email": "obrien@example.com", "mfaConfigured": false},
      {"id": 3, "uid": "0b5c0a52-0000-4000-8000-000000000003", "firstName": "山田",
       "lastName": "太郎 😀", "email": "yamada@example.com", "enabled": false,
       "mfaConfigured": true},
      {"id": 4, "uid": "0b5c0a52-0000-4000-8000-000000000004",
       "firstName": "=HYPERLINK(\"http://0.0.0.0/x\")", "lastName": "Hopper",
       "email": "hopper@example.com", "mfaConfigured": true},
      {"id": 6, "uid": "0b5c0a52-0000-4000-8000-000000000006", "firstName": "Grace",
       "lastName": "Idle", "email": "grace@example.com", "mfaConfigured": true}],
    "end_users": [
      {"id": 5, "uid": "0b5c0a52-0000-4000-8000-000000000005", "firstName": "Eve",
       "lastName": "Enduser", "email": "eve@example.com", "mfaConfigured": true}],
    "roles": [
      {"id": 10, "name": "Help desk", "description": "first line", "type": "TECHNICIAN",
       "members": [{"id": 1}, {"id": 2}, {"id": 3}]},
      {"id": 11, "name": "Admins <b>", "description": "", "type": "TECHNICIAN",
       "members": [{"id": 4}]},
      {"id": 20, "name": "Portal", "description": "", "type": "END_USER",
       "members": [{"id": 5}]}],
    "organizations": [{"id": 3, "name": "Head office", "description": "HQ"}],
    "ticket_statuses": [
      {"name": "NEW", "displayName": "New", "parentId": 1000, "statusId": 1000},
      {"name": "OPEN", "displayName": "Open", "parentId": 2000, "statusId": 2000},
      {"name": "RESOLVED", "displayName": "Resolved", "parentId": 5000, "statusId": 5000},
      {"name": "CLOSED", "displayName": "Closed", "parentId": 6000, "statusId": 6000}]
})json")
      .as_object();
}

std::vector<std::string> sim_args(const test_support::TempDir& files) {
  const auto fixture = files.write("tenant.json", json::serialize(tenant()));
  return {"--fixture", fixture.string()};
}

// Ticket mode needs a user-context token (refresh_token), as tests/tickets does.
void write_ticket_manifest(const test_support::HostRig& rig) {
  const json::object ticket{
      {"organization_id", 3},
      {"ticket_form_id", 1},
      {"subject_template", "{operation} {role_name} for {principal_name}"},
      {"description_template", "Please {operation} {entitlement} for {principal}."},
      {"requester_uid", "0b5c0a52-0000-4000-8000-000000000001"}};
  const json::object config{{"base_url", rig.sim().base_url()},
                            {"ca_file", test_support::test_ca_file()},
                            {"client_id", {{"env", "NINJAONE_CLIENT_ID"}}},
                            {"client_secret", {{"env", "NINJAONE_CLIENT_SECRET"}}},
                            {"auth", "refresh_token"},
                            {"refresh_token", "sim-refresh-0"},
                            {"scope", "monitoring management control"},
                            {"requests_per_minute", 0},
                            {"provisioning_mode", "ticket"},
                            {"ticket", ticket}};
  const json::object manifest{{"id", kConnector},
                              {"plugin", "ninjaone"},
                              {"enabled", true},
                              {"provisioning", {{"enabled", true}, {"mode", "ticket"}}},
                              {"config", config}};
  std::ofstream(rig.manifests() / "reviews.json") << json::serialize(manifest);
}

}  // namespace

std::string role_member(int role) { return "role:" + std::to_string(role) + ":member"; }
std::string user(int id) { return "user:" + std::to_string(id); }
std::string grant_id(int role, int id) { return role_member(role) + ":" + user(id); }

World::World(bool ticket_mode) : rig_(sim_args(files_), kSecret) {
  if (ticket_mode) {
    write_ticket_manifest(rig_);
  } else {
    rig_.write_manifest("reviews.json", kConnector, true);
  }
  rig_.write_manifest("readonly.json", kReadOnly, false);
  rig_.write_manifest("other.json", kOther, true);
}

std::vector<std::string> World::argv(const std::vector<std::string>& args) const {
  std::vector<std::string> all{test_support::required_env("CONNECTOR_HOST"),
                               "--plugins",
                               test_support::required_env("NINJAONE_PLUGIN_DIR"),
                               "--manifests",
                               rig_.manifests().string(),
                               "--state",
                               rig_.state().string(),
                               "-o",
                               "json"};
  all.insert(all.end(), args.begin(), args.end());
  return all;
}

namespace {
test_support::ProcessOptions host_environment(const test_support::TempDir& files) {
  test_support::ProcessOptions options;
  options.environment = {{"NINJAONE_CLIENT_ID", "sim-client"}, {"NINJAONE_CLIENT_SECRET", kSecret}};
  options.working_directory = files.path();
  return options;
}
}  // namespace

Run World::host(const std::vector<std::string>& args) const {
  const auto result = test_support::run(argv(args), host_environment(files_));
  Run run{result.exit_code, {}, result.out, result.err};
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() != '{') continue;
    json::value item = json::parse(line);
    if (item.is_object()) run.items.push_back(std::move(item.get_object()));
  }
  BOOST_TEST(result.out.find(kSecret) == std::string::npos);
  BOOST_TEST(result.err.find(kSecret) == std::string::npos);
  return run;
}

std::unique_ptr<test_support::ChildProcess> World::start_host(
    const std::vector<std::string>& args) const {
  return std::make_unique<test_support::ChildProcess>(argv(args), host_environment(files_));
}

bool World::role_has(int role, int member) const {
  const json::object state = rig_.sim().state();
  for (const auto& one : state.at("roles").as_array()) {
    if (one.at("id").to_number<int>() != role) continue;
    for (const auto& m : one.at("members").as_array())
      if (m.at("id").to_number<int>() == member) return true;
  }
  return false;
}

std::size_t World::requests_to(const std::string& method, const std::string& prefix) const {
  std::size_t count = 0;
  for (const auto& request : rig_.sim().requests()) {
    const auto& r = request.as_object();
    if (r.at("method").as_string() == method && r.at("path").as_string().starts_with(prefix))
      ++count;
  }
  return count;
}

std::vector<json::object> lines_of(const Run& run) {
  BOOST_TEST_REQUIRE(run.exit_code == 0, "connector-host failed: " << run.err);
  return run.items;
}

}  // namespace review_test
