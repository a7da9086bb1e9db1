// Timed (just-in-time) grants end to end: grant --for/--until through the real
// connector-host, NinjaOne plugin and simulator; `expire` from the command line with
// an injected time (--due-by) instead of sleeping; extension, a plain revoke ending
// the timer, a held grant staying untimed, dry runs; access already gone at expiry;
// and `connector-host run` revoking a 3 s grant, also across a restart (these two
// really wait a few seconds, bounded).
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/store/point_in_time.hpp>
#include <connector/store/sync_run.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include "world.hpp"

using namespace review_test;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::string text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string in_hours(int hours) {
  return connector::store::to_iso8601(connector::store::now() + std::chrono::hours(hours));
}

json::object grant_for(const World& world, int role, int member, const std::string& duration,
                       std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"grant",       kConnector,   "--entitlement", role_member(role),
                                "--principal", user(member), "--for",         duration};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto lines = lines_of(world.host(args));
  BOOST_TEST_REQUIRE(lines.size() == 1u);
  return lines[0];
}

std::vector<json::object> listed_timers(const World& world, bool all = false) {
  std::vector<std::string> args{"timed-grants", kConnector};
  if (all) args.push_back("--all");
  return lines_of(world.host(args));
}

// The test's one timed grant once it is no longer active: none is active, it is the
// only one, and it is returned for its state and outcome.
json::object the_finished_timer(const World& world) {
  BOOST_TEST(listed_timers(world).empty());
  const auto all = listed_timers(world, true);
  BOOST_TEST_REQUIRE(all.size() == 1u);
  return all[0];
}

std::vector<json::object> audit_with(const World& world, const std::string& operation) {
  std::vector<json::object> out;
  for (auto& entry : lines_of(world.host({"audit", kConnector, "--limit", "100"})))
    if (text(entry, "operation") == operation) out.push_back(entry);
  return out;
}

// Polls `timed-grants --all` until the timer is no longer active; bounded.
json::object wait_until_finished(const World& world, std::chrono::seconds bound) {
  const auto give_up = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < give_up) {
    const auto all = listed_timers(world, true);
    if (!all.empty() && text(all.back(), "state") != "active") return all.back();
    std::this_thread::sleep_for(300ms);
  }
  BOOST_FAIL("the timed grant was not revoked within " << bound.count() << " s");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(timed_grants)

BOOST_AUTO_TEST_CASE(expire_revokes_what_is_due_and_only_that) {
  const World world;
  const auto granted = grant_for(world, kHelpDesk, 6, "1h");
  BOOST_TEST(text(granted, "status") == "granted");
  BOOST_TEST(text(granted, "timer") == "started");
  BOOST_TEST(!text(granted, "expires_at").empty());
  BOOST_TEST(world.role_has(kHelpDesk, 6));
  const auto listed = listed_timers(world);
  BOOST_TEST_REQUIRE(listed.size() == 1u);
  BOOST_TEST(text(listed[0], "expires_at") == text(granted, "expires_at"));
  BOOST_TEST(text(listed[0], "state") == "active");

  // Not due now: nothing happens.
  BOOST_TEST(lines_of(world.host({"expire", kConnector})).empty());
  // Due in two hours (the injected clock): a dry run shows the request, sends nothing.
  const auto dry =
      lines_of(world.host({"expire", kConnector, "--due-by", in_hours(2), "--dry-run"}));
  BOOST_TEST_REQUIRE(dry.size() == 1u);
  BOOST_TEST(text(dry[0], "status") == "dry_run");
  BOOST_TEST(dry[0].at("dry_run").at("method") == "PATCH");
  BOOST_TEST(world.role_has(kHelpDesk, 6));
  BOOST_TEST(listed_timers(world).size() == 1u);

  const auto expired = lines_of(world.host({"expire", kConnector, "--due-by", in_hours(2)}));
  BOOST_TEST_REQUIRE(expired.size() == 1u);
  BOOST_TEST(text(expired[0], "status") == "revoked");
  BOOST_TEST(!world.role_has(kHelpDesk, 6));
  const json::object timer = the_finished_timer(world);
  BOOST_TEST(text(timer, "state") == "expired");
  BOOST_TEST(text(timer, "outcome") == "revoked");
  // Again: nothing left to do.
  BOOST_TEST(lines_of(world.host({"expire", kConnector, "--due-by", in_hours(3)})).empty());

  // The audit log: the timer, then the revoke naming it.
  const auto timers = audit_with(world, "timer");
  BOOST_TEST_REQUIRE(timers.size() == 1u);
  BOOST_TEST(text(timers[0], "result").starts_with("timer started until "));
  const auto revokes = audit_with(world, "revoke");
  std::size_t at_expiry = 0;
  for (const auto& entry : revokes) {
    const auto& details = entry.at("details").as_object();
    if (!details.contains("origin")) continue;
    BOOST_TEST(details.at("origin").at("timed_grant") == timer.at("timed_grant"));
    if (!entry.at("dry_run").as_bool()) {
      ++at_expiry;
      BOOST_TEST(text(entry, "result") == "revoked");
    }
  }
  BOOST_TEST(at_expiry == 1u);
}

// Ticket mode: the grant opens a ticket and starts the timer; once the ticket is worked,
// the revoke at expiry opens a ticket too, and the timer is done (outcome pending),
// followed as an operation.
BOOST_AUTO_TEST_CASE(in_ticket_mode_the_grant_and_the_expiry_each_open_a_ticket) {
  const World world(true);
  const auto granted = grant_for(world, kHelpDesk, 6, "1h");
  BOOST_TEST(text(granted, "status") == "pending", json::serialize(granted));
  BOOST_TEST(text(granted, "timer") == "started");
  BOOST_TEST(world.requests_to("POST", "/v2/ticketing/ticket") == 1u);
  BOOST_TEST(!world.role_has(kHelpDesk, 6));  // a ticket, not a change
  const auto listed = listed_timers(world);
  BOOST_TEST_REQUIRE(listed.size() == 1u);
  BOOST_TEST(text(listed[0], "state") == "active");
  // The technician works the ticket: the access is granted (through another connector
  // to the same tenant, in direct mode).
  BOOST_TEST_REQUIRE(
      world.host({"grant", kOther, "--entitlement", role_member(kHelpDesk), "--principal", user(6)})
          .exit_code == 0);
  BOOST_TEST_REQUIRE(world.role_has(kHelpDesk, 6));

  const auto expired = lines_of(world.host({"expire", kConnector, "--due-by", in_hours(2)}));
  BOOST_TEST_REQUIRE(expired.size() == 1u);
  BOOST_TEST(text(expired[0], "status") == "pending", json::serialize(expired[0]));
  BOOST_TEST(world.requests_to("POST", "/v2/ticketing/ticket") == 2u);
  const json::object timer = the_finished_timer(world);
  BOOST_TEST(text(timer, "state") == "expired");
  BOOST_TEST(text(timer, "outcome") == "pending");
  // Nothing more is sent at a later expiry run.
  BOOST_TEST(lines_of(world.host({"expire", kConnector, "--due-by", in_hours(3)})).empty());
  BOOST_TEST(world.requests_to("POST", "/v2/ticketing/ticket") == 2u);

  // Both tickets are followed as pending operations: the grant's and the revoke's.
  std::multiset<std::string> kinds;
  for (const auto& operation : lines_of(world.host({"operations", kConnector})))
    kinds.insert(text(operation, "kind"));
  BOOST_TEST((kinds == std::multiset<std::string>{"grant", "revoke"}));
}

// Ticket mode, the grant's ticket not yet worked when the timer is due: nothing to
// revoke yet, but ending the timer would leave the access granted later with no end.
// The timer stays (status "waiting"), retried after the backoff, and no ticket opens.
BOOST_AUTO_TEST_CASE(in_ticket_mode_a_grant_not_yet_worked_keeps_its_timer_at_expiry) {
  const World world(true);
  const auto granted = grant_for(world, kHelpDesk, 6, "1h");
  BOOST_TEST_REQUIRE(text(granted, "status") == "pending", json::serialize(granted));
  BOOST_TEST(world.requests_to("POST", "/v2/ticketing/ticket") == 1u);

  const Run due = world.host({"expire", kConnector, "--due-by", in_hours(2)});
  BOOST_TEST(due.exit_code == 0, due.err);
  BOOST_TEST_REQUIRE(due.items.size() == 1u);
  BOOST_TEST(text(due.items[0], "status") == "waiting", json::serialize(due.items[0]));
  BOOST_TEST(text(due.items[0], "error").find("is still open") != std::string::npos);
  BOOST_TEST(!text(due.items[0], "retry_at").empty());
  BOOST_TEST(world.requests_to("POST", "/v2/ticketing/ticket") == 1u);  // no revoke ticket
  const auto active = listed_timers(world);
  BOOST_TEST_REQUIRE(active.size() == 1u);
  BOOST_TEST(text(active[0], "state") == "active");
  BOOST_TEST(active[0].at("attempts") == 1);
  BOOST_TEST(text(active[0], "next_attempt_at") == text(due.items[0], "retry_at"));
  // Within the backoff nothing is tried again.
  BOOST_TEST(lines_of(world.host({"expire", kConnector, "--due-by", in_hours(2)})).empty());
}

BOOST_AUTO_TEST_CASE(granting_again_extends_and_a_plain_revoke_ends_the_timer) {
  const World world;
  const auto first = grant_for(world, kHelpDesk, 6, "1h");
  const auto longer = grant_for(world, kHelpDesk, 6, "2h");
  BOOST_TEST(text(longer, "status") == "already_granted");
  BOOST_TEST(text(longer, "timer") == "extended");
  BOOST_TEST(text(longer, "expires_at") > text(first, "expires_at"));
  const auto shorter = grant_for(world, kHelpDesk, 6, "30m");
  BOOST_TEST(text(shorter, "timer") == "kept");  // --for never shortens
  BOOST_TEST(text(shorter, "expires_at") == text(longer, "expires_at"));
  BOOST_TEST(listed_timers(world).size() == 1u);

  BOOST_TEST(world
                 .host({"revoke", kConnector, "--entitlement", role_member(kHelpDesk),
                        "--principal", user(6)})
                 .exit_code == 0);
  const json::object timer = the_finished_timer(world);
  BOOST_TEST(text(timer, "state") == "ended");
  BOOST_TEST(text(timer, "outcome") == "revoked by hand");
}

BOOST_AUTO_TEST_CASE(a_grant_held_without_a_timer_stays_untimed_unless_asked) {
  const World world;
  const auto held = grant_for(world, kHelpDesk, 1, "1h");
  BOOST_TEST(text(held, "status") == "already_granted");
  BOOST_TEST(text(held, "timer") == "not_set");
  BOOST_TEST(held.at("expires_at").is_null());
  BOOST_TEST(text(held, "note").find("--timed-even-if-held") != std::string::npos);
  BOOST_TEST(listed_timers(world).empty());
  const auto asked = grant_for(world, kHelpDesk, 1, "1h", {"--timed-even-if-held"});
  BOOST_TEST(text(asked, "timer") == "started");
  BOOST_TEST(listed_timers(world).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_dry_run_grant_prints_the_expiry_and_records_no_timer) {
  const World world;
  const auto lines =
      lines_of(world.host({"grant", kConnector, "--entitlement", role_member(kHelpDesk),
                           "--principal", user(6), "--until", in_hours(5), "--dry-run"}));
  BOOST_TEST_REQUIRE(lines.size() == 1u);
  BOOST_TEST(lines[0].at("dry_run").at("method") == "PATCH");
  BOOST_TEST(!text(lines[0], "expires_at").empty());
  BOOST_TEST(listed_timers(world, true).empty());
  BOOST_TEST(world.requests_to("PATCH", "/v2/") == 0u);
  BOOST_TEST(audit_with(world, "timer").empty());

  // Bad durations and times are refused, naming the option, and send nothing.
  for (const auto& bad :
       std::vector<std::vector<std::string>>{{"--for", "0s"},
                                             {"--for", "soon"},
                                             {"--until", "2001-01-01T00:00:00Z"},
                                             {"--until", "run:3"},
                                             {"--for", "1h", "--until", in_hours(1)}}) {
    std::vector<std::string> args{
        "grant", kConnector, "--entitlement", role_member(kHelpDesk), "--principal", user(6)};
    args.insert(args.end(), bad.begin(), bad.end());
    const Run run = world.host(args);
    BOOST_TEST(run.exit_code == 2, bad.front() << ": " << run.err);
  }
  BOOST_TEST(world.requests_to("PATCH", "/v2/") == 0u);
}

BOOST_AUTO_TEST_CASE(a_grant_cut_off_by_a_crash_keeps_its_timer) {
  const World world;
  // The tenant applies the role change, then holds its answer back for 60 s.
  world.sim().set_faults("slow=1,slow-ms=60000,paths=/v2/user/role,methods=PATCH");
  auto grant = world.start_host({"grant", kConnector, "--entitlement", role_member(kHelpDesk),
                                 "--principal", user(6), "--for", "1h"});
  const auto give_up = std::chrono::steady_clock::now() + 30s;
  while (!world.role_has(kHelpDesk, 6) && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(100ms);
  BOOST_TEST_REQUIRE(world.role_has(kHelpDesk, 6), grant->err());
  // The host dies while it waits for the answer: the write landed, the answer never came.
  grant->send_signal(SIGKILL);
  BOOST_TEST_REQUIRE(grant->wait(20s).has_value());
  world.sim().set_faults("");

  // The timer was recorded before the write, so the access is not left without one.
  const auto timers = listed_timers(world);
  BOOST_TEST_REQUIRE(timers.size() == 1u);
  BOOST_TEST(text(timers[0], "entitlement") == role_member(kHelpDesk));
  BOOST_TEST(text(timers[0], "principal") == user(6));
  BOOST_TEST(audit_with(world, "timer").size() == 1u);
  const auto expired = lines_of(world.host({"expire", kConnector, "--due-by", in_hours(2)}));
  BOOST_TEST_REQUIRE(expired.size() == 1u);
  BOOST_TEST(text(expired[0], "status") == "revoked");
  BOOST_TEST(!world.role_has(kHelpDesk, 6));
}

BOOST_AUTO_TEST_CASE(a_refused_grant_leaves_no_timer_running) {
  const World world;
  // Provisioning disabled: refused before any call, no timer recorded.
  const Run disabled = world.host({"grant", kReadOnly, "--entitlement", role_member(kHelpDesk),
                                   "--principal", user(6), "--for", "1h"});
  BOOST_TEST(disabled.exit_code == 6, disabled.err);
  BOOST_TEST(lines_of(world.host({"timed-grants", kReadOnly, "--all"})).empty());
  // A principal the tenant does not have: the plugin refuses, the timer is ended.
  const Run unknown = world.host({"grant", kConnector, "--entitlement", role_member(kHelpDesk),
                                  "--principal", user(999), "--for", "1h"});
  BOOST_TEST(unknown.exit_code != 0);
  const json::object timer = the_finished_timer(world);
  BOOST_TEST(text(timer, "state") == "ended");
  BOOST_TEST(text(timer, "outcome") == "not set: the grant failed");
}

BOOST_AUTO_TEST_CASE(access_already_gone_at_expiry_answers_already_revoked_and_is_recorded) {
  const World world;
  grant_for(world, kHelpDesk, 6, "1h");
  // Revoked through another connector on the same tenant: this one's timer still runs.
  BOOST_TEST_REQUIRE(
      world
          .host({"revoke", kOther, "--entitlement", role_member(kHelpDesk), "--principal", user(6)})
          .exit_code == 0);
  const auto expired = lines_of(world.host({"expire", kConnector, "--due-by", in_hours(2)}));
  BOOST_TEST_REQUIRE(expired.size() == 1u);
  BOOST_TEST(text(expired[0], "status") == "already_revoked");
  const auto all = listed_timers(world, true);
  BOOST_TEST(text(all.at(0), "outcome") == "already_revoked");
}

BOOST_AUTO_TEST_CASE(a_failed_revoke_at_expiry_is_kept_logged_and_retried_after_a_backoff) {
  const World world;
  grant_for(world, kHelpDesk, 6, "1h");
  // Every role change fails (500, not applied): the plugin gives up after its retries.
  world.sim().set_faults("500=1,paths=/v2/user/role,methods=PATCH");
  const Run failed = world.host({"expire", kConnector, "--due-by", in_hours(2)});
  BOOST_TEST(failed.exit_code == 5, failed.err);
  BOOST_TEST_REQUIRE(failed.items.size() == 1u);
  BOOST_TEST(text(failed.items[0], "status") == "failed");
  BOOST_TEST(!text(failed.items[0], "retry_at").empty());
  BOOST_TEST(failed.err.find("could not be revoked (attempt 1)") != std::string::npos, failed.err);
  const auto active = listed_timers(world);
  BOOST_TEST_REQUIRE(active.size() == 1u);  // still active: it is retried
  BOOST_TEST(active[0].at("attempts") == 1);
  BOOST_TEST(!text(active[0], "last_error").empty());
  BOOST_TEST(text(active[0], "next_attempt_at") == text(failed.items[0], "retry_at"));
  // Within the backoff nothing is sent again, even with the faults gone.
  world.sim().set_faults("");
  const std::size_t patches = world.requests_to("PATCH", "/v2/user/role/");
  BOOST_TEST(lines_of(world.host({"expire", kConnector, "--due-by", in_hours(2)})).empty());
  BOOST_TEST(world.requests_to("PATCH", "/v2/user/role/") == patches);
  BOOST_TEST(world.role_has(kHelpDesk, 6));
  // The failure is in the audit log, naming the timed grant.
  bool audited = false;
  for (const auto& entry : audit_with(world, "revoke"))
    audited |= text(entry, "result").starts_with("error: ") &&
               entry.at("details").at("origin").at("timed_grant") == active[0].at("timed_grant");
  BOOST_TEST(audited);
}

BOOST_AUTO_TEST_CASE(the_service_counts_active_timed_grants_in_its_metrics) {
  const World world;
  grant_for(world, kHelpDesk, 6, "1h");
  auto service = world.start_host({"run", "--listen", "127.0.0.1:0", "--port-file", "port",
                                   "--expire-every", "1s", "--log-level", "info"});
  BOOST_TEST_REQUIRE(service->wait_for_stderr("service started", 20s), service->err());
  std::string metrics;
  const std::string active =
      "connector_timed_grants{connector=\"ninja-reviews\",state=\"active\"} 1";
  const std::string overdue =
      "connector_timed_grants{connector=\"ninja-reviews\",state=\"overdue\"} 0";
  const auto give_up = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < give_up) {
    std::ifstream port_file(world.work() / "port");
    std::string port;
    port_file >> port;
    if (!port.empty()) {
      metrics = test_support::run({"curl", "-s", "http://127.0.0.1:" + port + "/metrics"}).out;
      if (metrics.find(active) != std::string::npos) break;
    }
    std::this_thread::sleep_for(300ms);
  }
  service->send_signal(SIGTERM);
  BOOST_TEST(service->wait(20s).has_value());
  BOOST_TEST(metrics.find(active) != std::string::npos, metrics);
  BOOST_TEST(metrics.find(overdue) != std::string::npos, metrics);
}

BOOST_AUTO_TEST_CASE(the_service_revokes_a_3s_timed_grant) {
  const World world;
  grant_for(world, kHelpDesk, 6, "3s");
  auto service = world.start_host(
      {"run", "--listen", "127.0.0.1:0", "--expire-every", "1s", "--log-level", "info"});
  const json::object finished = wait_until_finished(world, 30s);
  service->send_signal(SIGTERM);
  const auto ended = service->wait(20s);
  BOOST_TEST_REQUIRE(ended.has_value());
  BOOST_TEST(ended->exit_code == 0, ended->err);
  BOOST_TEST(text(finished, "state") == "expired");
  BOOST_TEST(text(finished, "outcome") == "revoked");
  BOOST_TEST(text(finished, "ended_at") >= text(finished, "expires_at"));
  BOOST_TEST(!world.role_has(kHelpDesk, 6));
  BOOST_TEST(ended->err.find("expired at") != std::string::npos, ended->err);
}

BOOST_AUTO_TEST_CASE(a_timed_grant_outlives_a_service_restart) {
  const World world;
  // Long enough that the first service (slow to start on a loaded machine) stops first.
  const auto granted = grant_for(world, kHelpDesk, 6, "10s");
  const auto expires_at = std::get<connector::store::TimePoint>(
      connector::store::parse_point_in_time(text(granted, "expires_at")));
  {
    // A service that stops before the grant is due leaves it active.
    auto service = world.start_host(
        {"run", "--listen", "127.0.0.1:0", "--expire-every", "1s", "--log-level", "info"});
    BOOST_TEST_REQUIRE(service->wait_for_stderr("service started", 20s));
    service->send_signal(SIGTERM);
    BOOST_TEST_REQUIRE(service->wait(20s).has_value());
  }
  const auto still = listed_timers(world);
  BOOST_TEST_REQUIRE(still.size() == 1u, "the first service revoked it: it started too slowly");
  BOOST_TEST(world.role_has(kHelpDesk, 6));
  // Past its expiry while no service ran: the next one revokes it at start.
  std::this_thread::sleep_until(std::chrono::system_clock::time_point(expires_at) + 200ms);
  auto service = world.start_host({"run", "--listen", "127.0.0.1:0", "--expire-every", "1s"});
  const json::object finished = wait_until_finished(world, 30s);
  service->send_signal(SIGTERM);
  BOOST_TEST(service->wait(20s).has_value());
  BOOST_TEST(text(finished, "outcome") == "revoked");
  BOOST_TEST(!world.role_has(kHelpDesk, 6));
}

BOOST_AUTO_TEST_SUITE_END()
