// Schema migrations: a new database, a version-1 database written by an older
// build, and a database from a newer build.
#include <boost/test/unit_test.hpp>

#include "connector/store/audit_log.hpp"
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

}  // namespace

BOOST_AUTO_TEST_SUITE(migrations)

BOOST_AUTO_TEST_CASE(an_empty_database_gets_the_current_schema) {
  TempDir dir;
  Store store(dir.path() / "state");  // the directory does not exist yet
  BOOST_TEST(std::filesystem::exists(dir.path() / "state" / Store::kFileName));
  BOOST_TEST(schema_version(store.db()) == kSchemaVersion);
  const std::vector<std::string> expected{"audit_log",  "entitlements",   "grants",
                                          "operations", "resource_types", "resources",
                                          "sync_runs"};
  BOOST_TEST(table_names(store.db()) == expected, boost::test_tools::per_element());
  BOOST_TEST(store.db().query_int("PRAGMA foreign_keys") == 1);
  Statement journal(store.db(), "PRAGMA journal_mode");
  BOOST_REQUIRE(journal.step());
  BOOST_TEST(journal.text(0) == "wal");
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
