// The whole ticket flow through the real connector-host, the real NinjaOne plugin and
// the real simulator over HTTPS, with a user-context token (auth refresh_token; the
// rotated token is kept in the host's state directory between commands): a grant
// opens a ticket and is recorded pending; `operations --refresh` follows the ticket's
// status; a done ticket is confirmed (or not) by re-reading the role; the status map,
// unknown statuses, expiry, the refusal of client credentials and the audit log.
#define BOOST_TEST_MODULE ticket_flow
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "support/child_process.hpp"
#include "support/environment.hpp"
#include "support/simulator.hpp"
#include "support/temp_dir.hpp"

using namespace test_support;
namespace json = boost::json;

namespace {

constexpr const char* kConnector = "ticket-demo";
constexpr int kRole = 10;      // a technician role
constexpr int kMember = 1;     // already in it
constexpr int kCandidate = 2;  // not in it: the grants below ask for this one
constexpr int kOrganization = 3;
const std::string kEntitlement = "role:10:member";
const std::string kPrincipal = "user:2";

// A small tenant with everything the flow reads: the role, its member, the candidate,
// the organization the tickets go to, and a status the status map does not know.
json::object tenant() {
  return json::parse(R"({
    "technicians": [
      {"id": 1, "uid": "0b5c0a52-0000-4000-8000-000000000001", "firstName": "Ada",
       "lastName": "Lovelace", "email": "ada@example.com"},
      {"id": 2, "uid": "0b5c0a52-0000-4000-8000-000000000002", "firstName": "Grace",
       "lastName": "Hopper", "email": "grace@example.com"}],
    "end_users": [],
    "roles": [{"id": 10, "name": "Help desk", "description": "first line", "type": "TECHNICIAN",
               "members": [{"id": 1}]}],
    "organizations": [{"id": 3, "name": "Head office", "description": "HQ"}],
    "ticket_statuses": [
      {"name": "NEW", "displayName": "New", "parentId": 1000, "statusId": 1000},
      {"name": "OPEN", "displayName": "Open", "parentId": 2000, "statusId": 2000},
      {"name": "WAITING", "displayName": "Waiting", "parentId": 3000, "statusId": 3000},
      {"name": "VENDOR_HOLD", "displayName": "Vendor hold", "parentId": 3000, "statusId": 3500},
      {"name": "HOLD_sim-secret", "displayName": "Leaky", "parentId": 3000, "statusId": 3600},
      {"name": "PAUSED", "displayName": "Paused", "parentId": 4000, "statusId": 4000},
      {"name": "RESOLVED", "displayName": "Resolved", "parentId": 5000, "statusId": 5000},
      {"name": "CLOSED", "displayName": "Closed", "parentId": 6000, "statusId": 6000}]
  })")
      .as_object();
}

// A JSON string's text, "" for anything else (json::value compares only to literals).
std::string text(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }

std::vector<std::string> sim_args(const std::filesystem::path& fixture) {
  std::ofstream(fixture) << json::serialize(tenant());
  return {"--fixture", fixture.string()};
}

std::vector<json::object> json_lines(const std::string& text) {
  std::vector<json::object> items;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) items.push_back(json::parse(line).as_object());
  }
  return items;
}

// One simulator, one state directory and one manifest in ticket mode.
class TicketWorld {
 public:
  explicit TicketWorld(json::object ticket_overrides = {}, std::string auth = "refresh_token")
      : sim_(sim_args(work_.path() / "tenant.json")) {
    json::object ticket{
        {"organization_id", kOrganization},
        {"ticket_form_id", 1},
        {"subject_template", "{operation} {role_name} for {principal_name} <{principal_email}>"},
        {"description_template", "Please {operation} {entitlement} for {principal} ({requester})."},
        {"tags", {"access-request"}},
        {"requester_uid", "0b5c0a52-0000-4000-8000-000000000001"}};
    for (const auto& field : ticket_overrides) ticket[field.key()] = field.value();
    json::object config{{"base_url", sim_.base_url()},
                        {"ca_file", test_ca_file()},
                        {"client_id", "sim-client"},
                        {"client_secret", "sim-secret"},
                        {"auth", auth},
                        {"scope", "monitoring management control"},
                        {"requests_per_minute", 0},
                        {"provisioning_mode", "ticket"},
                        {"ticket", std::move(ticket)}};
    if (auth == "refresh_token") config["refresh_token"] = "sim-refresh-0";
    const json::object manifest{{"id", kConnector},
                                {"plugin", "ninjaone"},
                                {"enabled", true},
                                {"provisioning", {{"enabled", true}, {"mode", "ticket"}}},
                                {"config", std::move(config)}};
    std::filesystem::create_directories(work_.path() / "manifests");
    std::ofstream(work_.path() / "manifests" / (std::string(kConnector) + ".json"))
        << json::serialize(manifest);
  }

  // `wrapper`: what runs connector-host, eg: {"timeout", "3"}; empty: run it directly.
  ProcessResult host(const std::vector<std::string>& command,
                     const std::vector<std::string>& wrapper = {}) const {
    std::vector<std::string> argv = wrapper;
    argv.insert(argv.end(),
                {required_env("CONNECTOR_HOST"), "--plugins", required_env("NINJAONE_PLUGIN_DIR"),
                 "--manifests", (work_.path() / "manifests").string(), "--state",
                 (work_.path() / "state").string(), "-o", "json"});
    argv.insert(argv.end(), command.begin(), command.end());
    ProcessResult run = test_support::run(argv);
    BOOST_TEST(run.out.find("sim-secret") == std::string::npos);
    BOOST_TEST(run.err.find("sim-refresh") == std::string::npos);
    return run;
  }

  // Runs a host command that must succeed and returns its JSON lines.
  std::vector<json::object> host_json(const std::vector<std::string>& command) const {
    const ProcessResult run = host(command);
    BOOST_TEST_REQUIRE(run.exit_code == 0, "connector-host failed: " << run.err);
    return json_lines(run.out);
  }

  // Grants the role to the candidate; returns the ticket id of the pending answer.
  std::int64_t grant() const {
    const auto answer =
        host_json({"grant", kConnector, "--entitlement", kEntitlement, "--principal", kPrincipal});
    BOOST_TEST_REQUIRE(answer.size() == 1u);
    BOOST_TEST_REQUIRE(answer[0].at("status") == "pending", json::serialize(answer[0]));
    const auto& operation = answer[0].at("operation").as_object();
    BOOST_TEST(operation.at("kind") == "ticket");
    BOOST_TEST(text(operation.at("entitlement")) == kEntitlement);
    BOOST_TEST(text(operation.at("principal")) == kPrincipal);
    const std::int64_t ticket = operation.at("ticket_id").as_int64();
    BOOST_TEST(text(operation.at("id")) == "ticket:" + std::to_string(ticket));
    return ticket;
  }

  // The one operation of the connector, after `operations` (with --refresh or not).
  json::object operation(bool refresh) const {
    std::vector<std::string> command{"operations", kConnector};
    if (refresh) command.push_back("--refresh");
    const auto operations = host_json(command);
    BOOST_TEST_REQUIRE(operations.size() == 1u);
    return operations[0];
  }

  std::vector<json::object> audit() const { return host_json({"audit", kConnector}); }

  // The store's files (the database and its write-ahead log), as bytes.
  std::string store_bytes() const {
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(work_.path() / "state")) {
      if (!entry.is_regular_file()) continue;
      std::ifstream file(entry.path(), std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(file), {});
    }
    return bytes;
  }

  json::object sim_state() const {
    return json::parse(curl({sim_.base_url() + "/_sim/state"})).as_object();
  }

  json::object ticket(std::int64_t id) const {
    const json::object state = sim_state();  // kept: the loop reads into it
    for (const auto& t : state.at("tickets").as_array()) {
      if (t.at("id").to_number<std::int64_t>() == id) return t.as_object();
    }
    BOOST_FAIL("the simulator has no ticket " << id);
    return {};
  }

  bool role_has(int user) const {
    const json::object state = sim_state();
    for (const auto& role : state.at("roles").as_array()) {
      if (role.at("id").to_number<int>() != kRole) continue;
      for (const auto& member : role.at("members").as_array()) {
        if (member.at("id").to_number<int>() == user) return true;
      }
    }
    return false;
  }

  void set_ticket_status(std::int64_t id, std::string_view status) const {
    const std::string answer =
        curl({"-X", "POST", "-H", "Content-Type: application/json", "--data",
              json::serialize(json::object{{"status", status}}),
              sim_.base_url() + "/_sim/tickets/" + std::to_string(id) + "/status"});
    BOOST_TEST_REQUIRE(text(json::parse(answer).at("status").at("name")) == status);
  }

  // What a technician does when working the ticket: the change itself, through the API.
  void add_member_by_hand(int user) const {
    const auto token = json::parse(curl({"--data",
                                         "grant_type=client_credentials&client_id=sim-client&"
                                         "client_secret=sim-secret&scope=monitoring%20management%"
                                         "20control",
                                         sim_.base_url() + "/ws/oauth/token"}));
    curl({"-X", "PATCH", "-H", "Content-Type: application/json", "-H",
          "Authorization: Bearer " + std::string(token.at("access_token").as_string()), "--data",
          "[" + std::to_string(user) + "]",
          sim_.base_url() + "/v2/user/role/" + std::to_string(kRole) + "/add-members"});
    BOOST_TEST_REQUIRE(role_has(user));
  }

  // Requests the plugin sent, as the simulator logged them.
  std::size_t requests_to(std::string_view method, std::string_view path_prefix) const {
    std::size_t count = 0;
    for (const auto& r : sim_.requests()) {
      if (text(r.at("method")) == method && r.at("path").as_string().starts_with(path_prefix))
        ++count;
    }
    return count;
  }

 private:
  std::string curl(std::vector<std::string> args) const {
    args.insert(args.begin(), {"curl", "-sS", "--fail-with-body", "--cacert", test_ca_file()});
    const ProcessResult run = test_support::run(args);
    BOOST_TEST_REQUIRE(run.exit_code == 0, "curl failed: " << run.err << run.out);
    return run.out;
  }

  TempDir work_;
  Simulator sim_;
};

bool has_entry(const std::vector<json::object>& audit, std::string_view result) {
  for (const auto& entry : audit) {
    if (entry.at("operation") == "grant" && text(entry.at("result")) == result &&
        text(entry.at("target")) == kEntitlement && text(entry.at("principal")) == kPrincipal) {
      return true;
    }
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_ticket_grant_is_followed_to_done_and_not_confirmed_without_the_change) {
  const TicketWorld world;
  const std::int64_t ticket_id = world.grant();

  const json::object ticket = world.ticket(ticket_id);
  BOOST_TEST(ticket.at("subject") == "grant Help desk for Grace Hopper <grace@example.com>");
  BOOST_TEST(ticket.at("description").at("body") ==
             "Please grant role:10:member for user:2 (0b5c0a52-0000-4000-8000-000000000001).");
  BOOST_TEST(ticket.at("description").at("public") == false);
  BOOST_TEST(ticket.at("clientId").to_number<int>() == kOrganization);
  BOOST_TEST(ticket.at("ticketFormId").to_number<int>() == 1);
  BOOST_TEST(ticket.at("status").at("name") == "NEW");
  BOOST_TEST(ticket.at("type") == "SERVICE_REQUEST");
  BOOST_TEST(ticket.at("tags") == json::array{"access-request"});
  BOOST_TEST(ticket.at("requesterUid") == "0b5c0a52-0000-4000-8000-000000000001");
  // A ticket, not a change: the role is untouched.
  BOOST_TEST(!world.role_has(kCandidate));
  BOOST_TEST(world.requests_to("PATCH", "/v2/user/role") == 0u);

  json::object operation = world.operation(false);
  BOOST_TEST(operation.at("kind") == "grant");
  BOOST_TEST(text(operation.at("target")) == kEntitlement);
  BOOST_TEST(text(operation.at("principal")) == kPrincipal);
  BOOST_TEST(operation.at("operation").at("ticket_id").as_int64() == ticket_id);

  operation = world.operation(true);
  BOOST_TEST(operation.at("state") == "open");  // NEW maps to open
  BOOST_TEST(operation.at("last_detail").as_string().find("NEW") != json::string::npos);

  world.set_ticket_status(ticket_id, "RESOLVED");
  operation = world.operation(true);
  BOOST_TEST(operation.at("state") == "done");
  BOOST_TEST(operation.at("confirmation") == "not_confirmed");
  BOOST_TEST(operation.at("outcome").at("result").at("status_name") == "RESOLVED");

  // Finished operations are listed and no longer polled.
  const std::size_t polls = world.requests_to("GET", "/v2/ticketing/ticket/");
  BOOST_TEST(world.operation(true).at("state") == "done");
  BOOST_TEST(world.requests_to("GET", "/v2/ticketing/ticket/") == polls);

  const auto audit = world.audit();
  BOOST_TEST(has_entry(audit, "pending"));
  BOOST_TEST(has_entry(audit, "done (not_confirmed)"));
}

BOOST_AUTO_TEST_CASE(a_done_ticket_is_confirmed_when_the_role_shows_the_change) {
  const TicketWorld world;
  const std::int64_t ticket_id = world.grant();
  world.add_member_by_hand(kCandidate);
  world.set_ticket_status(ticket_id, "RESOLVED");
  const json::object operation = world.operation(true);
  BOOST_TEST(operation.at("state") == "done");
  BOOST_TEST(operation.at("confirmation") == "confirmed");
  BOOST_TEST(has_entry(world.audit(), "done (confirmed)"));
}

BOOST_AUTO_TEST_CASE(the_status_map_can_make_closed_a_rejection) {
  const TicketWorld world(json::object{{"status_map", {{"CLOSED", "rejected"}}}});
  const std::int64_t ticket_id = world.grant();
  world.set_ticket_status(ticket_id, "WAITING");
  BOOST_TEST(world.operation(true).at("state") == "pending");  // a default that stays
  world.set_ticket_status(ticket_id, "CLOSED");
  const json::object operation = world.operation(true);
  BOOST_TEST(operation.at("state") == "rejected");
  BOOST_TEST(!operation.contains("confirmation"));  // only done changes are re-read
  BOOST_TEST(has_entry(world.audit(), "rejected"));
}

BOOST_AUTO_TEST_CASE(an_unknown_status_stays_pending_and_is_reported) {
  const TicketWorld world;
  const std::int64_t ticket_id = world.grant();
  world.set_ticket_status(ticket_id, "VENDOR_HOLD");
  const ProcessResult run = world.host({"operations", kConnector, "--refresh"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const auto operations = json_lines(run.out);
  BOOST_TEST_REQUIRE(operations.size() == 1u);
  BOOST_TEST(operations[0].at("state") == "pending");
  const std::string detail(operations[0].at("last_detail").as_string());
  BOOST_TEST(detail.find("'VENDOR_HOLD'") != std::string::npos, detail);
  BOOST_TEST(detail.find("status_map does not know") != std::string::npos, detail);
  // Reported on stderr too (a warning), so an operator sees it without the store.
  BOOST_TEST(run.err.find("VENDOR_HOLD") != std::string::npos, run.err);
  // Still polled: once the ticket moves on, the operation follows.
  world.set_ticket_status(ticket_id, "RESOLVED");
  BOOST_TEST(world.operation(true).at("state") == "done");
}

// Before: what the plugin said of a ticket (here a status whose name quotes the
// client secret) was stored as it was, in the operation's detail and the audit log.
BOOST_AUTO_TEST_CASE(an_operation_stores_no_secret_the_ticket_system_quotes) {
  const TicketWorld world;
  const std::int64_t ticket_id = world.grant();
  world.set_ticket_status(ticket_id, "HOLD_sim-secret");
  const ProcessResult run = world.host({"operations", kConnector, "--refresh"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const auto operations = json_lines(run.out);
  BOOST_TEST_REQUIRE(operations.size() == 1u);
  const std::string detail(operations[0].at("last_detail").as_string());
  BOOST_TEST(detail.find("'HOLD_[REDACTED]'") != std::string::npos, detail);
  BOOST_TEST(run.err.find("sim-secret") == std::string::npos, run.err);
  // The detail is stored (redacted) while the operation waits: the check can fail.
  const std::string pending = world.store_bytes();
  BOOST_TEST(pending.find("HOLD_[REDACTED]") != std::string::npos);
  BOOST_TEST(pending.find("sim-secret") == std::string::npos);

  world.set_ticket_status(ticket_id, "RESOLVED");
  BOOST_TEST(world.operation(true).at("state") == "done");
  BOOST_TEST(has_entry(world.audit(), "done (not_confirmed)"));
  const std::string stored = world.store_bytes();
  BOOST_TEST(!stored.empty());
  BOOST_TEST(stored.find("sim-secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_operation_past_its_deadline_expires_without_a_poll) {
  const TicketWorld world(json::object{{"expire_after", "1s"}});
  world.grant();
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  const json::object operation = world.operation(true);
  BOOST_TEST(operation.at("state") == "expired");
  BOOST_TEST(operation.at("outcome").at("reason") == "deadline passed");
  BOOST_TEST(world.requests_to("GET", "/v2/ticketing/ticket/") == 0u);
  BOOST_TEST(has_entry(world.audit(), "expired"));
}

BOOST_AUTO_TEST_CASE(ticket_mode_with_client_credentials_is_refused_before_any_ticket) {
  const TicketWorld world(json::object{}, "client_credentials");
  const std::string why =
      "provisioning.mode \"ticket\" needs auth \"refresh_token\": NinjaOne refuses to create "
      "tickets with a client-credentials token (user_context_required)";
  const ProcessResult validate = world.host({"validate", kConnector});
  BOOST_TEST(validate.exit_code != 0);
  BOOST_TEST(validate.err.find(why) != std::string::npos, validate.err);
  const ProcessResult grant =
      world.host({"grant", kConnector, "--entitlement", kEntitlement, "--principal", kPrincipal});
  BOOST_TEST(grant.exit_code != 0);
  BOOST_TEST(grant.err.find(why) != std::string::npos, grant.err);
  BOOST_TEST(world.requests_to("POST", "/v2/ticketing/ticket") == 0u);
  BOOST_TEST(world.sim_state().at("tickets").as_array().empty());
}

BOOST_AUTO_TEST_CASE(the_service_polls_pending_operations_on_its_schedule) {
  const TicketWorld world;
  const std::int64_t ticket_id = world.grant();
  world.add_member_by_hand(kCandidate);
  world.set_ticket_status(ticket_id, "RESOLVED");
  // The poll job is due as soon as the service starts; SIGTERM after 3 s ends it.
  const ProcessResult service =
      world.host({"run", "--listen", "127.0.0.1:0"}, {"timeout", "-s", "TERM", "3"});
  BOOST_TEST(service.exit_code == 124, service.err);      // still serving when timeout stopped it
  const json::object operation = world.operation(false);  // no --refresh: the service did it
  BOOST_TEST(operation.at("state") == "done");
  BOOST_TEST(operation.at("confirmation") == "confirmed");
}

BOOST_AUTO_TEST_CASE(dry_runs_and_changes_in_place_open_no_ticket_and_revoke_opens_one) {
  const TicketWorld world;
  const auto dry = world.host_json(
      {"grant", kConnector, "--entitlement", kEntitlement, "--principal", kPrincipal, "--dry-run"});
  BOOST_TEST_REQUIRE(dry.size() == 1u);
  BOOST_TEST(dry[0].at("method") == "POST");
  BOOST_TEST(dry[0].at("path") == "/v2/ticketing/ticket");
  BOOST_TEST(dry[0].at("body").at("subject") ==
             "grant Help desk for Grace Hopper <grace@example.com>");
  const auto in_place = world.host_json(
      {"grant", kConnector, "--entitlement", kEntitlement, "--principal", "user:1"});
  BOOST_TEST_REQUIRE(in_place.size() == 1u);
  BOOST_TEST(in_place[0].at("status") == "already_granted");
  BOOST_TEST(world.requests_to("POST", "/v2/ticketing/ticket") == 0u);

  const auto revoke = world.host_json(
      {"revoke", kConnector, "--entitlement", kEntitlement, "--principal", "user:1"});
  BOOST_TEST_REQUIRE(revoke.size() == 1u);
  BOOST_TEST(revoke[0].at("status") == "pending");
  BOOST_TEST(revoke[0].at("operation").at("operation") == "revoke");
  const json::object ticket = world.ticket(revoke[0].at("operation").at("ticket_id").as_int64());
  BOOST_TEST(ticket.at("subject") == "revoke Help desk for Ada Lovelace <ada@example.com>");
  BOOST_TEST(world.role_has(kMember));  // a ticket, not a change
}
