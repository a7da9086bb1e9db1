// Schema migrations: a new database, a version-1 database written by an older
// build, the version-2 store that build left (tests/store/fixtures/v2-store.db), and
// a database from a newer build.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "connector/store/audit_log.hpp"
#include "connector/store/diff.hpp"
#include "connector/store/history.hpp"
#include "connector/store/point_in_time.hpp"
#include "connector/store/schema.hpp"
#include "connector/store/snapshot.hpp"
#include "connector/store/sync_runs.hpp"
#include "store_fixtures.hpp"

using namespace connector::store;
using store_test::TempDir;

namespace {

std::vector<std::string> table_names(Database& db) {
  Statement query(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  std::vector<std::string> names;
  while (query.step()) names.push_back(query.text(0));
  return names;
}

std::string integrity_check(Database& db) {
  Statement check(db, "PRAGMA integrity_check");
  std::string result;
  while (check.step()) result += check.text(0);
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(migrations)

BOOST_AUTO_TEST_CASE(an_empty_database_gets_the_current_schema) {
  TempDir dir;
  Store store(dir.path() / "state");  // the directory does not exist yet
  BOOST_TEST(std::filesystem::exists(dir.path() / "state" / Store::kFileName));
  BOOST_TEST(schema_version(store.db()) == kSchemaVersion);
  // sqlite_sequence: AUTOINCREMENT's, so review and timed grant ids are never reused.
  const std::vector<std::string> expected{"audit_log",        "connectors",    "held_endings",
                                          "held_versions",    "item_versions", "operations",
                                          "review_decisions", "review_items",  "reviews",
                                          "sqlite_sequence",  "sync_runs",     "timed_grants"};
  BOOST_TEST(table_names(store.db()) == expected, boost::test_tools::per_element());
  BOOST_TEST(store.db().query_int("PRAGMA foreign_keys") == 1);
  Statement journal(store.db(), "PRAGMA journal_mode");
  BOOST_REQUIRE(journal.step());
  BOOST_TEST(journal.text(0) == "wal");
  BOOST_TEST(store.db().query_int("PRAGMA page_size") == 16384);
}

BOOST_AUTO_TEST_CASE(reopening_a_current_database_changes_nothing) {
  TempDir dir;
  { Store store(dir.path()); }
  Store store(dir.path());
  BOOST_TEST(schema_version(store.db()) == kSchemaVersion);
}

BOOST_AUTO_TEST_CASE(a_version_1_database_is_migrated_and_keeps_its_syncs) {
  TempDir dir;
  const auto file = dir.path() / Store::kFileName;
  {
    // What an older connector-host left behind: schema 1 and one good sync, written
    // with plain SQL as that build would have.
    auto db = Database::open(file);
    migrate(db, 1);
    BOOST_TEST(schema_version(db) == 1);
    BOOST_TEST(table_names(db).size() == 5u);
    db.execute(
        "INSERT INTO sync_runs (id, connector, started_at, finished_at, status, resources)"
        " VALUES (1, 'old', 1000, 2000, 'good', 1);"
        "INSERT INTO resources (run_id, id, type, display_name, status, is_user, json)"
        " VALUES (1, 'user:1', 'user', 'Ada', 'enabled', 1,"
        "         '{\"id\":\"user:1\",\"type\":\"user\",\"display_name\":\"Ada\"}');");
  }

  Store store(dir.path());
  BOOST_TEST(schema_version(store.db()) == kSchemaVersion);
  auto snapshot = Snapshot::latest_good(store.db(), "old");
  BOOST_REQUIRE(snapshot.has_value());
  BOOST_TEST(snapshot->run().counts.resources == 1);
  const auto resources = collect([&](auto& visit) { snapshot->resources("user", visit); });
  BOOST_REQUIRE(resources.size() == 1u);
  BOOST_TEST(resources[0] == R"({"id":"user:1","type":"user","display_name":"Ada"})");

  // The tables version 2 added work.
  AuditEntry entry;
  entry.time = now();
  entry.connector = "old";
  entry.operation = "grant";
  entry.result = "granted";
  append_audit(store.db(), entry);
  BOOST_TEST(list_audit(store.db(), "old", 10).size() == 1u);

  // A new sync after the migration diffs against the migrated one.
  auto next = store_test::sync_tenant(store, "old", {1, 0, {}});
  BOOST_TEST(next.status == RunStatus::good);
  BOOST_TEST(latest_good_run(store.db(), "old")->id == next.id);
}

// The fixture's runs (see fixtures/make_v2_store.sh): 1 good (items pruned), 2-4 good,
// 5 quarantined.
BOOST_AUTO_TEST_CASE(a_version_2_store_keeps_its_good_runs_as_history) {
  TempDir dir;
  std::filesystem::copy_file(std::filesystem::path(STORE_TEST_FIXTURES_DIR) / "v2-store.db",
                             dir.path() / Store::kFileName);
  {
    auto db = Database::open(dir.path() / Store::kFileName);
    BOOST_REQUIRE(schema_version(db) == 2);
  }
  Store store(dir.path());
  Database& db = store.db();
  BOOST_TEST(schema_version(db) == kSchemaVersion);
  BOOST_TEST(integrity_check(db) == "ok");
  // A store keeps the page size it was created with (new ones get 16 KiB).
  BOOST_TEST(db.query_int("PRAGMA page_size") == 4096);
  const std::string connector = "fixture-demo";

  // Every run keeps its row; the state of each good run that still had its items is
  // answerable, the pruned run 1 is before the history start.
  const auto runs = list_runs(db, connector, 10);
  BOOST_REQUIRE(runs.size() == 5u);
  BOOST_TEST(runs[0].status == RunStatus::quarantined);
  for (std::int64_t id = 2; id <= 4; ++id) {
    const auto run = *find_run(db, id);
    BOOST_TEST(store_test::state_counts(db, run) == run.counts, "run " << id);
  }
  BOOST_TEST(store_test::state_counts(db, *find_run(db, 2)).grants == 21);
  BOOST_TEST(store_test::state_counts(db, *find_run(db, 4)).grants == 22);
  BOOST_CHECK_THROW(resolve_point_in_time(db, connector, RunNumber{1}), NoRunAtError);
  BOOST_TEST(resolve_point_in_time(db, connector, RunNumber{3}).id == 3);

  // What each run changed, as versions.
  BOOST_TEST(find_run(db, 3)->changes.changed == 1);
  BOOST_TEST(find_run(db, 4)->changes.added == 1);
  const auto renamed = diff_runs(db, 2, 3);
  BOOST_REQUIRE(renamed.resources.size() == 1u);
  BOOST_TEST(renamed.resources[0].id == "user:30");
  BOOST_TEST(renamed.resources[0].change == Change::changed);
  BOOST_TEST(renamed.resources[0].old_display_name.value_or("") == "User 30");
  BOOST_TEST(renamed.resources[0].display_name.value_or("") == "Thirty");
  BOOST_TEST(renamed.grants.empty());
  const auto joined = history(db, connector, HistorySubject{"user:26", {}, {}});
  BOOST_REQUIRE(joined.size() == 2u);
  BOOST_TEST(joined[0].run == 2);  // the user, as of the history start
  BOOST_TEST(joined[0].kind == "resource");
  BOOST_TEST(joined[1].run == 4);
  BOOST_TEST(joined[1].id == "group:g1:member:user:26");
  BOOST_TEST(joined[1].change == Change::added);

  // The quarantined run's changes were held apart, and can still be accepted.
  BOOST_TEST(latest_good_run(db, connector)->id == 4);
  const auto accepted = accept_quarantined(db, connector);
  BOOST_TEST(accepted.id == 5);
  BOOST_TEST(store_test::state_counts(db, accepted).grants == 3);
  BOOST_TEST(store_test::state_counts(db, *find_run(db, 4)).grants == 22);
  BOOST_TEST(diff_last_good_runs(db, connector)->grants.size() == 19u);

  // And syncing goes on from the migrated state: the same items change nothing.
  auto writer = SyncWriter::begin(store, connector);
  Snapshot(db, accepted).resource_types([&](std::string_view item) {
    writer.add_resource_type(item);
  });
  Snapshot(db, accepted).resources("", [&](std::string_view item) { writer.add_resource(item); });
  Snapshot(db, accepted).entitlements("", [&](std::string_view item) {
    writer.add_entitlement(item);
  });
  Snapshot(db, accepted).grants("", [&](std::string_view item) { writer.add_grant(item); });
  const auto next = writer.commit();
  BOOST_TEST(next.status == RunStatus::good);
  BOOST_TEST(next.counts == accepted.counts);
  BOOST_TEST(store_test::versions_begun(db, next.id) == 0);
}

BOOST_AUTO_TEST_CASE(a_version_3_store_gets_the_review_and_timed_grant_tables_and_keeps_its_data) {
  TempDir dir;
  SyncRun synced;
  {
    // A version 3 store as main's build left it: version 4 only adds tables and
    // indexes, so a current store without them, marked 3, is one.
    Store store(dir.path());
    synced = store_test::sync_tenant(store, "demo", store_test::Tenant::with_members(6, 2));
    append_audit(store.db(), AuditEntry{0, now(), "demo", "grant", "role:1:member", "user:1",
                                        "granted", std::nullopt, false, std::nullopt});
    store.db().execute(
        "DROP TABLE review_decisions; DROP TABLE review_items; DROP TABLE reviews;"
        " DROP TABLE timed_grants; PRAGMA user_version = 3;");
  }
  Store store(dir.path());
  Database& db = store.db();
  BOOST_TEST(schema_version(db) == kSchemaVersion);
  BOOST_TEST(integrity_check(db) == "ok");
  const auto tables = table_names(db);
  for (const char* table : {"reviews", "review_items", "review_decisions", "timed_grants"})
    BOOST_TEST((std::find(tables.begin(), tables.end(), table) != tables.end()), table);
  // What version 3 held is all there.
  BOOST_TEST(latest_good_run(db, "demo")->id == synced.id);
  BOOST_TEST(store_test::state_counts(db, synced) == synced.counts);
  BOOST_TEST(list_audit(db, "demo", 10).size() == 1u);
}

namespace {

// A store synced from Tenant::with_members(6, 2), its indexes then put back as an
// older version made them (`old_indexes`: SQL run on the current ones) and its
// user_version set to `version`, opens at the current version with the current
// indexes, and answers as before: the state, questions by principal, entitlement and
// resource, and the next sync's comparison.
void migrates_its_indexes_and_answers_the_same(const std::string& old_indexes, int version) {
  TempDir dir;
  SyncRun synced;
  std::map<std::string, std::string> current_indexes;
  {
    Store store(dir.path());
    synced = store_test::sync_tenant(store, "demo", store_test::Tenant::with_members(6, 2));
    current_indexes = store_test::version_indexes(store.db());
    store.db().execute(old_indexes + " PRAGMA user_version = " + std::to_string(version) + ";");
    BOOST_REQUIRE(store_test::version_indexes(store.db()) != current_indexes);
  }
  Store store(dir.path());
  Database& db = store.db();
  BOOST_TEST(schema_version(db) == kSchemaVersion);
  BOOST_TEST(integrity_check(db) == "ok");
  BOOST_TEST(store_test::version_indexes(db) == current_indexes);
  BOOST_TEST(store_test::version_indexes(db)
                 .at("item_versions_by_principal")
                 .find("(principal, connector)") != std::string::npos);
  BOOST_TEST(
      store_test::version_indexes(db).at("item_versions_by_id").find("(id, kind, connector,") !=
      std::string::npos);
  BOOST_TEST(store_test::version_indexes(db).count("item_versions_by_entitlement") == 0u);
  BOOST_TEST(store_test::version_indexes(db).count("item_versions_by_resource") == 0u);
  BOOST_TEST(store_test::state_counts(db, synced) == synced.counts);
  // Tenant::with_members(6, 2): users 1, 3 and 5 are members of role 2.
  const auto snapshot = Snapshot::latest_good(db, "demo");
  const std::vector<std::string> role_2_members{store_test::member_grant(2, 1),
                                                store_test::member_grant(2, 3),
                                                store_test::member_grant(2, 5)};
  BOOST_TEST(collect([&](auto& visit) {
               snapshot->grants_of_entitlement("role:2:member", visit);
             }) == role_2_members,
             boost::test_tools::per_element());
  BOOST_TEST(collect([&](auto& visit) { snapshot->grants("role:2", visit); }) == role_2_members,
             boost::test_tools::per_element());
  BOOST_TEST(collect([&](auto& visit) { snapshot->entitlements("role:2", visit); }) ==
                 std::vector<std::string>{store_test::member_entitlement(2)},
             boost::test_tools::per_element());
  BOOST_TEST(collect([&](auto& visit) { snapshot->grants_of_principal("user:3", visit); }) ==
                 std::vector<std::string>{store_test::member_grant(2, 3)},
             boost::test_tools::per_element());
  // The role, its entitlement and the three grants, each added by the synced run.
  const auto of_role = history(db, "demo", HistorySubject{{}, {}, "role:2"});
  BOOST_TEST(of_role.size() == 5u);
  for (const auto& change : of_role) BOOST_TEST(change.run == synced.id);
  BOOST_TEST(history(db, "demo", HistorySubject{{}, "role:2:member", {}}).size() == 4u);
  // The next sync compares with the versions through the new id index: nothing changed.
  const SyncRun again =
      store_test::sync_tenant(store, "demo", store_test::Tenant::with_members(6, 2));
  BOOST_TEST(again.changes.added == 0);
  BOOST_TEST(again.changes.changed == 0);
  BOOST_TEST(again.changes.removed == 0);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_version_4_store_gets_its_indexes_text_first_and_answers_the_same) {
  // The id and partial indexes as version 3 created them.
  migrates_its_indexes_and_answers_the_same(
      "DROP INDEX item_versions_by_id; DROP INDEX item_versions_by_principal;"
      " CREATE INDEX item_versions_by_id"
      "  ON item_versions (connector, kind, id, valid_from, valid_to, hash);"
      " CREATE INDEX item_versions_by_entitlement ON item_versions (connector, entitlement)"
      "  WHERE entitlement IS NOT NULL;"
      " CREATE INDEX item_versions_by_principal ON item_versions (connector, principal)"
      "  WHERE principal IS NOT NULL;"
      " CREATE INDEX item_versions_by_resource ON item_versions (connector, resource)"
      "  WHERE resource IS NOT NULL;",
      4);
}

BOOST_AUTO_TEST_CASE(a_version_5_store_drops_the_entitlement_and_resource_indexes) {
  // Version 5's partial indexes on entitlement and resource, which the id index replaces.
  migrates_its_indexes_and_answers_the_same(
      "CREATE INDEX item_versions_by_entitlement ON item_versions (entitlement, connector)"
      "  WHERE entitlement IS NOT NULL;"
      " CREATE INDEX item_versions_by_resource ON item_versions (resource, connector)"
      "  WHERE resource IS NOT NULL;",
      5);
}

BOOST_AUTO_TEST_CASE(a_database_from_a_newer_build_is_refused_with_a_clear_message) {
  TempDir dir;
  {
    auto db = Database::open(dir.path() / Store::kFileName);
    db.execute("PRAGMA user_version = 99");
  }
  try {
    Store store(dir.path());
    BOOST_FAIL("a newer schema was accepted");
  } catch (const SchemaTooNewError& error) {
    const std::string message = error.what();
    BOOST_TEST(message.find("schema version 99") != std::string::npos, message);
    BOOST_TEST(message.find("newer than this connector-host understands") != std::string::npos,
               message);
  }
  // Refusing did not downgrade or touch it.
  auto db = Database::open(dir.path() / Store::kFileName);
  BOOST_TEST(schema_version(db) == 99);
}

BOOST_AUTO_TEST_SUITE_END()
