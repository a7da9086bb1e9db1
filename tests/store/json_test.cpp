// The JSON shapes commands print for the store's records.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "connector/store/json.hpp"
#include "store_fixtures.hpp"

using namespace connector::store;

BOOST_AUTO_TEST_SUITE(json_shapes)

BOOST_AUTO_TEST_CASE(a_quarantined_run) {
  SyncRun run;
  run.id = 4;
  run.connector = "demo";
  run.started_at = from_unix_ms(1'764'000'000'000);
  run.finished_at = from_unix_ms(1'764'000'002'500);
  run.status = RunStatus::quarantined;
  run.counts = {2, 10, 3, 20};
  run.changes = {1, 2, 7};
  run.quarantine_reason = "would remove 35% of grants (7 of 20); threshold 20%";
  const auto expected = boost::json::parse(R"({
    "run_id": 4, "connector": "demo", "status": "quarantined",
    "started_at": "2025-11-24T16:00:00.000Z", "finished_at": "2025-11-24T16:00:02.500Z",
    "duration_ms": 2500, "resource_types": 2, "resources": 10, "entitlements": 3, "grants": 20,
    "added": 1, "changed": 2, "removed": 7,
    "quarantine_reason": "would remove 35% of grants (7 of 20); threshold 20%"})");
  BOOST_TEST(boost::json::value(to_json(run)) == expected);
}

BOOST_AUTO_TEST_CASE(a_running_run_has_no_finish) {
  SyncRun run;
  run.connector = "demo";
  const auto object = to_json(run);
  BOOST_TEST(object.at("status").as_string() == "running");
  BOOST_TEST(!object.contains("finished_at"));
  BOOST_TEST(!object.contains("duration_ms"));
}

BOOST_AUTO_TEST_CASE(diff_changes) {
  const ResourceChange renamed{Change::changed, "user:3", "user",   "New",
                               "enabled",       "Old",    "enabled"};
  BOOST_TEST(boost::json::value(to_json(renamed)) == boost::json::parse(R"({
    "change":"changed","kind":"resource","id":"user:3","type":"user","display_name":"New",
    "status":"enabled","old_display_name":"Old","old_status":"enabled"})"));
  const GrantChange added{Change::added, "role:7:member:user:1", "role:7:member", "user:1"};
  BOOST_TEST(boost::json::value(to_json(added)) == boost::json::parse(R"({
    "change":"added","kind":"grant","id":"role:7:member:user:1","entitlement":"role:7:member",
    "principal":"user:1"})"));
}

BOOST_AUTO_TEST_CASE(a_history_change) {
  HistoryChange change{12,      from_unix_ms(1'764'000'003'250), Change::added,
                       "grant", "role:7:member:user:1",          "role:7:member",
                       "user:1"};
  BOOST_TEST(boost::json::value(to_json(change)) == boost::json::parse(R"({
    "run":12,"time":"2025-11-24T16:00:03Z","change":"added","kind":"grant",
    "id":"role:7:member:user:1","entitlement":"role:7:member","principal":"user:1"})"));
  change.kind = "resource";
  change.entitlement.reset();
  change.principal.reset();
  BOOST_TEST(!to_json(change).contains("principal"));
}

BOOST_AUTO_TEST_CASE(audit_entries_and_operations_embed_their_json) {
  AuditEntry entry{7,        from_unix_ms(0), "demo",       "grant", "role:7:member",
                   "user:1", "granted",       std::nullopt, true,    R"({"status":"granted"})"};
  const auto audit = to_json(entry);
  BOOST_TEST(audit.at("time").as_string() == "1970-01-01T00:00:00.000Z");
  BOOST_TEST(audit.at("dry_run").as_bool());
  BOOST_TEST(audit.at("details").at("status").as_string() == "granted");
  BOOST_TEST(!audit.contains("request_id"));

  PendingOperation operation;
  operation.id = 3;
  operation.connector = "demo";
  operation.kind = "grant";
  operation.operation_json = R"({"id":"ticket:88","kind":"ticket","ticket_id":88})";
  operation.outcome_json = "not json";
  const auto object = to_json(operation);
  BOOST_TEST(object.at("operation").at("ticket_id").as_int64() == 88);
  BOOST_TEST(object.at("state").as_string() == "pending");
  BOOST_TEST(object.at("outcome").as_string() == "not json");
}

BOOST_AUTO_TEST_SUITE_END()
