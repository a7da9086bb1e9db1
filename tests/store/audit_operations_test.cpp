// The audit log and the pending provisioning operations round trip.
#include <boost/test/unit_test.hpp>

#include "connector/store/audit_log.hpp"
#include "connector/store/operations.hpp"
#include "store_fixtures.hpp"

using namespace connector::store;
using store_test::TempDir;

BOOST_AUTO_TEST_SUITE(audit_and_operations)

BOOST_AUTO_TEST_CASE(audit_entries_round_trip_newest_first) {
  TempDir dir;
  Store store(dir.path());
  AuditEntry grant{0,
                   from_unix_ms(1'700'000'000'000),
                   "demo",
                   "grant",
                   "role:7:member",
                   "user:1",
                   "granted",
                   "req-1",
                   false,
                   R"({"status":"granted"})"};
  AuditEntry dry_run{0,
                     from_unix_ms(1'700'000'001'000),
                     "demo",
                     "revoke",
                     "role:7:member",
                     "user:2",
                     "dry_run",
                     std::nullopt,
                     true,
                     std::nullopt};
  AuditEntry elsewhere = grant;
  elsewhere.connector = "other";
  const auto first_id = append_audit(store.db(), grant);
  append_audit(store.db(), dry_run);
  append_audit(store.db(), elsewhere);

  const auto entries = list_audit(store.db(), "demo", 10);
  BOOST_REQUIRE(entries.size() == 2u);
  BOOST_TEST(entries[0].operation == "revoke");
  BOOST_TEST(entries[0].dry_run);
  BOOST_TEST(!entries[0].request_id.has_value());
  BOOST_TEST(!entries[0].details_json.has_value());
  const auto& read = entries[1];
  BOOST_TEST(read.id == first_id);
  BOOST_TEST(to_unix_ms(read.time) == 1'700'000'000'000);
  BOOST_TEST(read.target.value_or("") == "role:7:member");
  BOOST_TEST(read.principal.value_or("") == "user:1");
  BOOST_TEST(read.result == "granted");
  BOOST_TEST(read.request_id.value_or("") == "req-1");
  BOOST_TEST(!read.dry_run);
  BOOST_TEST(read.details_json.value_or("") == R"({"status":"granted"})");
  BOOST_TEST(list_audit(store.db(), "demo", 1).size() == 1u);
}

BOOST_AUTO_TEST_CASE(operations_are_polled_until_finished_or_expired) {
  TempDir dir;
  Store store(dir.path());
  PendingOperation ticket;
  ticket.connector = "demo";
  ticket.kind = "grant";
  ticket.target = "role:7:member";
  ticket.principal = "user:1";
  ticket.operation_json = R"({"id":"ticket:88","kind":"ticket","ticket_id":88})";
  ticket.state = OperationState::pending;
  ticket.created_at = ticket.updated_at = from_unix_ms(1'000);
  ticket.deadline = from_unix_ms(10'000);
  const auto ticket_id = insert_operation(store.db(), ticket);

  PendingOperation late = ticket;
  late.deadline = from_unix_ms(5'000);
  const auto late_id = insert_operation(store.db(), late);
  PendingOperation other = ticket;
  other.connector = "other";
  other.deadline.reset();
  insert_operation(store.db(), other);

  const auto read = find_operation(store.db(), ticket_id);
  BOOST_REQUIRE(read.has_value());
  BOOST_TEST(read->operation_json == ticket.operation_json);
  BOOST_TEST(read->kind == "grant");
  BOOST_TEST(read->target.value_or("") == "role:7:member");
  BOOST_TEST(read->principal.value_or("") == "user:1");
  BOOST_TEST((read->state == OperationState::pending));
  BOOST_TEST(to_unix_ms(*read->deadline) == 10'000);
  BOOST_TEST(operations_to_poll(store.db(), "demo").size() == 2u);
  BOOST_TEST(operations_to_poll(store.db(), "").size() == 3u);

  BOOST_TEST(expire_overdue_operations(store.db(), from_unix_ms(6'000)) == 1);
  const auto expired = find_operation(store.db(), late_id);
  BOOST_TEST((expired->state == OperationState::expired));
  BOOST_TEST(expired->outcome_json.value_or("") == R"({"reason":"deadline passed"})");

  update_operation(store.db(), ticket_id, OperationState::pending, "ticket OPEN");
  update_operation(store.db(), ticket_id, OperationState::done, "ticket RESOLVED",
                   R"({"status":"granted"})");
  const auto done = find_operation(store.db(), ticket_id);
  BOOST_TEST((done->state == OperationState::done));
  BOOST_TEST(done->last_detail.value_or("") == "ticket RESOLVED");
  BOOST_TEST(done->outcome_json.value_or("") == R"({"status":"granted"})");
  BOOST_TEST(to_unix_ms(done->updated_at) > 10'000);
  BOOST_TEST(operations_to_poll(store.db(), "demo").empty());
  BOOST_TEST(list_operations(store.db(), "demo", 10).size() == 2u);
  BOOST_TEST(list_operations(store.db(), "", 10).size() == 3u);

  BOOST_CHECK_THROW(update_operation(store.db(), 9999, OperationState::done, std::nullopt),
                    std::invalid_argument);
  BOOST_CHECK_THROW(parse_operation_state("lost"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
