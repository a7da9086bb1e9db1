// Writing sync runs: commit, abort, invalid items, abandoned runs, concurrency.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <chrono>
#include <thread>

#include "connector/store/snapshot.hpp"
#include "connector/store/sync_runs.hpp"
#include "statement_journal_probe.hpp"
#include "store_fixtures.hpp"

using namespace connector::store;
using store_test::TempDir;
using store_test::Tenant;

using store_test::state_counts;
using store_test::versions_begun;

BOOST_AUTO_TEST_SUITE(sync_writer)

BOOST_AUTO_TEST_CASE(a_committed_run_becomes_the_latest_good_one) {
  TempDir dir;
  Store store(dir.path());
  BOOST_TEST(!latest_good_run(store.db(), "demo").has_value());

  auto writer = SyncWriter::begin(store, "demo");
  // Visible as running to other connections before it is committed.
  auto running = find_run(store.db(), writer.run_id());
  BOOST_REQUIRE(running.has_value());
  BOOST_TEST(running->status == RunStatus::running);
  store_test::write_items(writer, Tenant::with_members(5, 2));
  BOOST_TEST(writer.received() == (RunCounts{2, 7, 2, 5}));
  // Written (by the writer's thread, after flush), but in no state before the
  // commit: there is no good run to read.
  writer.flush();
  for (int wait = 0; wait < 1000 && versions_begun(store.db(), writer.run_id()) < 16; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  BOOST_TEST(versions_begun(store.db(), writer.run_id()) == 16);
  BOOST_TEST(!latest_good_run(store.db(), "demo").has_value());

  const SyncRun run = writer.commit();
  BOOST_TEST(run.status == RunStatus::good);
  BOOST_TEST(run.connector == "demo");
  BOOST_TEST(run.counts == (RunCounts{2, 7, 2, 5}));
  BOOST_REQUIRE(run.finished_at.has_value());
  BOOST_TEST(to_unix_ms(*run.finished_at) >= to_unix_ms(run.started_at));
  BOOST_TEST(latest_good_run(store.db(), "demo")->id == run.id);
  BOOST_TEST(state_counts(store.db(), run) == (RunCounts{2, 7, 2, 5}));
  BOOST_TEST(!latest_good_run(store.db(), "other").has_value());
}

BOOST_AUTO_TEST_CASE(items_are_stored_verbatim_and_a_repeated_id_replaces_the_earlier_item) {
  TempDir dir;
  Store store(dir.path());
  auto writer = SyncWriter::begin(store, "demo");
  // Unusual spacing and member order survive: the store keeps what the plugin sent.
  const std::string exact = R"({ "type":"user", "id":"user:1", "display_name":"Ada" })";
  writer.add_resource(R"({"id":"user:1","type":"user","display_name":"Old name"})");
  writer.add_resource(exact);
  BOOST_TEST(writer.received().resources == 2);
  const auto run = writer.commit();
  BOOST_TEST(run.counts.resources == 1);
  auto snapshot = Snapshot::latest_good(store.db(), "demo");
  const auto items = collect([&](auto& visit) { snapshot->resources("", visit); });
  BOOST_REQUIRE(items.size() == 1u);
  BOOST_TEST(items[0] == exact);
}

BOOST_AUTO_TEST_CASE(parsed_items_are_stored_as_serialized) {
  TempDir dir;
  Store store(dir.path());
  auto writer = SyncWriter::begin(store, "demo");
  const auto user = boost::json::parse(store_test::user(7)).as_object();
  writer.add_resource(user);
  writer.add_resource_type(boost::json::parse(store_test::resource_type("user")).as_object());
  writer.add_entitlement(boost::json::parse(store_test::member_entitlement(1)).as_object());
  writer.add_grant(boost::json::parse(store_test::member_grant(1, 7)).as_object());
  BOOST_CHECK_THROW(writer.add_grant(boost::json::object{{"id", "x"}}), InvalidItemError);
  BOOST_TEST(writer.commit().counts == (RunCounts{1, 1, 1, 1}));
  auto snapshot = Snapshot::latest_good(store.db(), "demo");
  const auto items = collect([&](auto& visit) { snapshot->resources("user", visit); });
  BOOST_REQUIRE(items.size() == 1u);
  BOOST_TEST(boost::json::parse(items[0]) == user);
}

BOOST_AUTO_TEST_CASE(invalid_items_are_refused_and_the_run_can_still_be_aborted) {
  TempDir dir;
  Store store(dir.path());
  auto writer = SyncWriter::begin(store, "demo");
  BOOST_CHECK_THROW(writer.add_resource("not json"), InvalidItemError);
  BOOST_CHECK_THROW(writer.add_resource("[1,2]"), InvalidItemError);
  BOOST_CHECK_THROW(writer.add_resource(R"({"id":"user:1"})"), InvalidItemError);  // no type
  BOOST_CHECK_THROW(writer.add_resource(R"({"id":"","type":"user"})"), InvalidItemError);
  BOOST_CHECK_THROW(writer.add_entitlement(R"({"id":"role:1:member"})"), InvalidItemError);
  BOOST_CHECK_THROW(writer.add_grant(R"({"id":"g","entitlement":"role:1:member"})"),
                    InvalidItemError);
  BOOST_CHECK_THROW(writer.add_resource_type(R"({"display_name":"User"})"), InvalidItemError);
  BOOST_TEST(writer.received().total() == 0);
  const auto run = writer.abort("plugin emitted an invalid resource");
  BOOST_TEST(run.status == RunStatus::failed);
  BOOST_TEST(run.error.value_or("") == "plugin emitted an invalid resource");
}

// The store finds a resource's entitlements and an entitlement's grants by id prefix
// (state_query.hpp), so it holds plugins to the identifiers' rule
// (docs/identifiers-and-json.md): an entitlement's id is its resource's, ":" and a
// slug; a grant's is its entitlement's, ":" and its principal's.
BOOST_AUTO_TEST_CASE(entitlement_and_grant_ids_that_break_the_identifiers_rule_are_refused) {
  TempDir dir;
  Store store(dir.path());
  auto writer = SyncWriter::begin(store, "demo");
  const auto refused = [](auto add, const std::string& item) -> std::string {
    try {
      add(item);
    } catch (const InvalidItemError& error) {
      return error.what();
    }
    return "accepted";
  };
  const auto entitlement = [&](const std::string& item) { writer.add_entitlement(item); };
  const auto grant = [&](const std::string& item) { writer.add_grant(item); };

  BOOST_TEST(refused(entitlement, R"({"id":"role:10:member","resource":"role:1"})") ==
             R"(entitlement "role:10:member": its id does not begin with its resource and a)"
             R"( colon ("role:1:"))");
  BOOST_TEST(refused(entitlement, R"({"id":"role:1:","resource":"role:1"})") != "accepted");
  BOOST_TEST(refused(entitlement, R"({"id":"role:1","resource":"role:1"})") != "accepted");
  BOOST_TEST(refused(grant, R"({"id":"role:1:member:user:2","entitlement":"role:1:member",)"
                            R"("principal":"user:3"})") ==
             R"(grant "role:1:member:user:2": its id is not its entitlement, a colon and its)"
             R"( principal ("role:1:member:user:3"))");
  BOOST_TEST(refused(grant, R"({"id":"role:1:memberuser:2","entitlement":"role:1:member",)"
                            R"("principal":"user:2"})") != "accepted");
  BOOST_TEST(refused(grant, R"({"id":"role:1:member:user:22","entitlement":"role:1:member",)"
                            R"("principal":"user:2"})") != "accepted");
  // An id the error shows stays on one line: control characters are escaped.
  const std::string shown = refused(
      grant, "{\"id\":\"a\\nb\",\"entitlement\":\"role:1:member\",\"principal\":\"user:2\"}");
  BOOST_TEST(shown.find('\n') == std::string::npos);
  BOOST_TEST(shown.find(R"("a\nb")") != std::string::npos, shown);
  BOOST_TEST(writer.received().total() == 0);

  // Odd characters are the plugin's business, within the rule.
  writer.add_entitlement(R"({"id":"role:1:member of [50% /~]","resource":"role:1"})");
  writer.add_grant(R"({"id":"role:1:member of [50% /~]:user:2 x","entitlement":)"
                   R"("role:1:member of [50% /~]","principal":"user:2 x"})");
  BOOST_TEST(writer.commit().counts == (RunCounts{0, 0, 1, 1}));
}

// The writer reads the fields it keeps from the text without parsing it into a tree
// (item_scan): it must refuse and accept what a parse would, and keep the text as is.
BOOST_AUTO_TEST_CASE(items_as_text_are_read_as_a_parse_would_and_stored_verbatim) {
  TempDir dir;
  Store store(dir.path());
  auto writer = SyncWriter::begin(store, "demo");
  // Trailing data, and a last "id" that is not a string, are refused.
  BOOST_CHECK_THROW(writer.add_resource(R"({"id":"user:1","type":"user"} x)"), InvalidItemError);
  BOOST_CHECK_THROW(writer.add_resource(R"({"id":"user:1","type":"user","id":7})"),
                    InvalidItemError);
  // A later string "id" replaces an earlier one; escapes are decoded; nested members
  // named like the kept ones do not count.
  const std::string user =
      R"({ "id": 7, "id": "user:1", "type": "user", "profile": {"id": "other", "type": "x"} })";
  writer.add_resource(user);
  BOOST_TEST(writer.commit().counts.resources == 1);
  auto snapshot = Snapshot::latest_good(store.db(), "demo");
  const auto users = collect([&](auto& visit) { snapshot->resources("user", visit); });
  BOOST_REQUIRE(users.size() == 1u);
  BOOST_TEST(users[0] == user);  // byte for byte, spaces included
  BOOST_TEST(collect([&](auto& visit) { snapshot->resources("x", visit); }).empty());
}

BOOST_AUTO_TEST_CASE(an_aborted_run_keeps_the_previous_good_run_and_stores_nothing) {
  TempDir dir;
  Store store(dir.path());
  const auto good = store_test::sync_tenant(store, "demo", Tenant::with_members(20, 3));

  for (RunStatus status : {RunStatus::failed, RunStatus::cancelled}) {
    auto writer = SyncWriter::begin(store, "demo");
    store_test::write_items(writer, Tenant::with_members(3, 1));
    const auto aborted = writer.abort("stopped", status);
    BOOST_TEST(aborted.status == status);
    BOOST_TEST(aborted.counts.resources == 4);  // what had been received
    BOOST_TEST(versions_begun(store.db(), aborted.id) == 0);
    BOOST_TEST(latest_good_run(store.db(), "demo")->id == good.id);
  }
  auto snapshot = Snapshot::latest_good(store.db(), "demo");
  BOOST_TEST(collect([&](auto& visit) { snapshot->resources("user", visit); }).size() == 20u);
}

BOOST_AUTO_TEST_CASE(a_writer_dropped_without_commit_fails_its_run) {
  TempDir dir;
  Store store(dir.path());
  std::int64_t run_id = 0;
  {
    auto writer = SyncWriter::begin(store, "demo");
    run_id = writer.run_id();
    writer.add_resource(store_test::user(1));
  }
  const auto run = find_run(store.db(), run_id);
  BOOST_TEST(run->status == RunStatus::failed);
  BOOST_TEST(run->error.value_or("").find("without being committed") != std::string::npos);
  BOOST_TEST(!latest_good_run(store.db(), "demo").has_value());
}

BOOST_AUTO_TEST_CASE(a_running_run_of_a_dead_process_is_marked_failed_on_open) {
  TempDir dir;
  std::int64_t live_run = 0;
  {
    Store store(dir.path());
    // A run whose owner no longer exists (pid far beyond pid_max), and one owned by
    // this live process, which must be left alone.
    store.db().execute(
        "INSERT INTO sync_runs (connector, started_at, status, owner_pid)"
        " VALUES ('demo', 1, 'running', 2147483000)");
    auto writer = SyncWriter::begin(store, "demo");
    live_run = writer.run_id();
    Store reopened(dir.path());
    const auto runs = list_runs(reopened.db(), "demo", 10);
    BOOST_REQUIRE(runs.size() == 2u);
    BOOST_TEST(runs[0].id == live_run);
    BOOST_TEST(runs[0].status == RunStatus::running);
    BOOST_TEST(runs[1].status == RunStatus::failed);
    BOOST_TEST(runs[1].error.value_or("").find("pid 2147483000") != std::string::npos);
    BOOST_TEST(writer.commit().status == RunStatus::good);
  }
}

BOOST_AUTO_TEST_CASE(two_connectors_stage_at_once_and_a_reader_is_not_blocked) {
  TempDir dir;
  Store store(dir.path());
  auto first = SyncWriter::begin(store, "first");
  auto second = SyncWriter::begin(store, "second");
  // Interleaved writes: staging takes no lock on the database, so neither waits.
  for (int u = 1; u <= 50; ++u) {
    first.add_resource(store_test::user(u));
    second.add_resource(store_test::user(u + 1000));
  }
  // A reader on the Store's own connection sees both as running, and no items.
  BOOST_TEST(list_runs(store.db(), "first", 1)[0].status == RunStatus::running);
  BOOST_TEST(second.commit().counts.resources == 50);
  BOOST_TEST(first.commit().counts.resources == 50);
  auto snapshot = Snapshot::latest_good(store.db(), "second");
  const auto items = collect([&](auto& visit) { snapshot->resources("user", visit); });
  BOOST_TEST(items.front() == store_test::user(1001));
}

BOOST_AUTO_TEST_CASE(a_second_sync_of_a_connector_while_one_runs_is_refused) {
  TempDir dir;
  Store store(dir.path());
  auto first = SyncWriter::begin(store, "demo");
  BOOST_CHECK_EXCEPTION(
      SyncWriter::begin(store, "demo"), SyncInProgressError, [&](const SyncInProgressError& e) {
        return std::string(e.what()).find("already running (run " +
                                          std::to_string(first.run_id())) != std::string::npos;
      });
  BOOST_TEST(first.commit().status == RunStatus::good);
  BOOST_TEST(SyncWriter::begin(store, "demo").commit().status == RunStatus::good);
}

BOOST_AUTO_TEST_CASE(every_good_run_keeps_its_state) {
  TempDir dir;
  Store store(dir.path());
  std::vector<SyncRun> runs;
  for (int i = 0; i < 4; ++i) {
    runs.push_back(store_test::sync_tenant(store, "demo", Tenant::with_members(10 + i, 2)));
  }
  for (const auto& run : runs) BOOST_TEST(state_counts(store.db(), run) == run.counts);
  BOOST_TEST(find_run(store.db(), runs[0].id)->counts.resources == 12);
  BOOST_TEST(find_run(store.db(), runs[3].id)->counts.resources == 15);
}

BOOST_AUTO_TEST_CASE(a_first_sync_writes_no_statement_journal) {
  // Each insert of many rows that may abort halfway would keep the old pages it
  // changes in a statement journal: for 436,000 items, 650 MiB of temporary files
  // written on the writer's thread. A failed insert fails the whole sync anyway, so
  // the inserts say OR FAIL and need none.
  TempDir dir;
  Store store(dir.path());
  // Counts what the sync does, not the schema's creation (which drops tables).
  const store_test::StatementJournalProbe probe;
  const auto run = store_test::sync_tenant(store, "demo", Tenant::with_members(20000, 50));
  BOOST_TEST(run.counts.grants == 20000);
  BOOST_TEST(probe.opened() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
