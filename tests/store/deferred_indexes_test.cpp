// A first sync into an empty store builds the id index and the history indexes (by
// entitlement, principal, resource) at its commit instead of row by row. Whatever way the sync
// ends, the store ends up with exactly the indexes a new store has.
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "connector/store/snapshot.hpp"
#include "connector/store/sync_runs.hpp"
#include "deferred_indexes.hpp"
#include "store_fixtures.hpp"
#include "version_table.hpp"

using namespace connector::store;
using store_test::TempDir;
using store_test::Tenant;
using store_test::version_indexes;

namespace {

const std::vector<std::string> kDeferredIndexes{"item_versions_by_id",
                                                "item_versions_by_principal"};

// The indexes of a store nothing was written to: what every store must end with.
std::map<std::string, std::string> indexes_of_a_new_store() {
  TempDir dir;
  Store store(dir.path());
  return version_indexes(store.db());
}

bool has_deferred_index(Database& db) {
  const auto indexes = version_indexes(db);
  for (const auto& name : kDeferredIndexes) {
    if (indexes.count(name) != 0) return true;
  }
  return false;
}

// Waits up to 10 s for `done`: the writer's thread works on its own time.
template <typename Done>
void wait_until(const Done& done) {
  for (int wait = 0; wait < 1000 && !done(); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Writes `tenant` into the running sync and waits until the writer's thread wrote it
// (every item is new: two resource types, users, roles, their entitlements, grants).
void write_and_wait(Database& db, SyncWriter& writer, const Tenant& tenant) {
  store_test::write_items(writer, tenant);
  writer.flush();
  const auto items = static_cast<std::int64_t>(2 + tenant.users + 2 * tenant.roles +
                                               static_cast<int>(tenant.grants.size()));
  wait_until([&] { return store_test::versions_begun(db, writer.run_id()) >= items; });
  BOOST_REQUIRE(store_test::versions_begun(db, writer.run_id()) == items);
}

// A first sync into an empty store, its items written and not yet committed.
struct FirstSyncUnderWay {
  TempDir dir;
  Store store{dir.path()};
  SyncWriter writer = SyncWriter::begin(store, "demo");

  FirstSyncUnderWay() { write_and_wait(store.db(), writer, Tenant::with_members(50, 3)); }
};

bool integrity_ok(Database& db) {
  Statement check(db, "PRAGMA integrity_check");
  return check.step() && check.text(0) == "ok";
}

std::vector<std::string> grants_of(Database& db, const std::string& principal) {
  std::vector<std::string> grants;
  Snapshot::latest_good(db, "demo")->grants_of_principal(principal, [&](std::string_view item) {
    grants.emplace_back(item);
  });
  return grants;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(deferred_indexes)

BOOST_AUTO_TEST_CASE(a_new_store_has_them) {
  const auto indexes = indexes_of_a_new_store();
  for (const auto& name : kDeferredIndexes) BOOST_TEST(indexes.count(name) == 1u, name);
}

BOOST_FIXTURE_TEST_CASE(a_first_sync_builds_them_at_its_commit, FirstSyncUnderWay) {
  BOOST_TEST(!has_deferred_index(store.db()));
  // A store opened meanwhile leaves them to the running sync.
  BOOST_TEST(!has_deferred_index(Store(dir.path()).db()));

  BOOST_TEST(writer.commit().status == RunStatus::good);
  BOOST_TEST(version_indexes(store.db()) == indexes_of_a_new_store());
  // Answered through the index by principal: Tenant::with_members gives user 1 a role.
  BOOST_TEST(grants_of(store.db(), "user:1").size() == 1u);
  BOOST_TEST(integrity_ok(store.db()));
}

// The one lookup a first sync makes: an id sent twice finds the version the run
// began, through the id index, which is created then instead of at the commit.
BOOST_FIXTURE_TEST_CASE(an_id_sent_twice_in_a_first_sync_creates_the_id_index_there,
                        FirstSyncUnderWay) {
  BOOST_TEST(version_indexes(store.db()).count("item_versions_by_id") == 0u);

  // User 7 again, renamed (a listing that moved under the reader, say): the later
  // content wins, and the run still holds one version of the user.
  writer.add_resource(store_test::user(7, "Seventh Again"));
  writer.flush();
  wait_until([&] { return version_indexes(store.db()).count("item_versions_by_id") == 1; });
  const auto during = version_indexes(store.db());
  BOOST_TEST(during.count("item_versions_by_id") == 1u);
  BOOST_TEST(during.count("item_versions_by_principal") == 0u);

  BOOST_TEST(writer.commit().status == RunStatus::good);
  BOOST_TEST(version_indexes(store.db()) == indexes_of_a_new_store());
  std::vector<std::string> users;
  Snapshot::latest_good(store.db(), "demo")->resources("user", [&](std::string_view item) {
    users.emplace_back(item);
  });
  BOOST_TEST(users.size() == 50u);
  BOOST_TEST(std::count(users.begin(), users.end(), store_test::user(7, "Seventh Again")) == 1);
  BOOST_TEST(integrity_ok(store.db()));
}

BOOST_FIXTURE_TEST_CASE(an_aborted_first_sync_puts_them_back, FirstSyncUnderWay) {
  BOOST_TEST(writer.abort("stopped", RunStatus::failed).status == RunStatus::failed);
  BOOST_TEST(version_indexes(store.db()) == indexes_of_a_new_store());
  BOOST_TEST(store_test::version_rows(store.db()) == 0);
}

BOOST_AUTO_TEST_CASE(a_sync_into_a_store_that_holds_versions_keeps_them) {
  TempDir dir;
  Store store(dir.path());
  store_test::sync_tenant(store, "demo", Tenant::with_members(20, 2));
  // Another connector's first sync: the store is not empty, so nothing is dropped.
  auto writer = SyncWriter::begin(store, "other");
  write_and_wait(store.db(), writer, Tenant::with_members(20, 2));
  BOOST_TEST(version_indexes(store.db()) == indexes_of_a_new_store());
  BOOST_TEST(writer.commit().status == RunStatus::good);
  BOOST_TEST(version_indexes(store.db()) == indexes_of_a_new_store());
}

BOOST_AUTO_TEST_CASE(a_second_connector_committing_first_builds_them_for_both) {
  TempDir dir;
  Store store(dir.path());
  // Both begin into an empty store; the first one to commit builds the indexes over
  // every row, the other's later rows are indexed as they are written.
  auto first = SyncWriter::begin(store, "demo");
  auto second = SyncWriter::begin(store, "other");
  store_test::write_items(first, Tenant::with_members(30, 2));
  write_and_wait(store.db(), second, Tenant::with_members(20, 2));
  BOOST_TEST(second.commit().status == RunStatus::good);
  BOOST_TEST(version_indexes(store.db()) == indexes_of_a_new_store());
  BOOST_TEST(first.commit().status == RunStatus::good);
  BOOST_TEST(version_indexes(store.db()) == indexes_of_a_new_store());
  BOOST_TEST(grants_of(store.db(), "user:1").size() == 1u);
  BOOST_TEST(integrity_ok(store.db()));
}

BOOST_AUTO_TEST_CASE(a_commit_builds_each_in_a_transaction_of_its_own) {
  // So that the sync's checkpointing thread copies one index's pages into the file
  // while the next is built (deferred_indexes.hpp). SQLite calls a connection's WAL
  // hook after each of its commits.
  TempDir dir;
  Store store(dir.path());
  store_test::sync_tenant(store, "demo", Tenant::with_members(20, 2));
  {
    Transaction transaction(store.db());
    connector::store::detail::drop_deferred_indexes(store.db());
    transaction.commit();
  }
  int commits = 0;
  sqlite3_wal_hook(
      store.db().handle(),
      [](void* counter, sqlite3*, const char*, int) {
        ++*static_cast<int*>(counter);
        return SQLITE_OK;
      },
      &commits);
  connector::store::detail::build_missing_deferred_indexes(store.db());
  BOOST_TEST(commits == static_cast<int>(kDeferredIndexes.size()));
  BOOST_TEST(version_indexes(store.db()) == indexes_of_a_new_store());
  // Nothing missing: nothing written.
  connector::store::detail::build_missing_deferred_indexes(store.db());
  BOOST_TEST(commits == static_cast<int>(kDeferredIndexes.size()));
  sqlite3_wal_hook(store.db().handle(), nullptr, nullptr);
  BOOST_TEST(grants_of(store.db(), "user:1").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_sync_reads_the_current_versions_from_the_id_index_alone) {
  // Without statistics SQLite would rather reach them through the rows
  // (item_versions_by_start): the whole table instead of the index.
  TempDir dir;
  Store store(dir.path());
  store_test::sync_tenant(store, "demo", Tenant::with_members(20, 2));
  Statement plan(store.db(), "EXPLAIN QUERY PLAN " +
                                 std::string(connector::store::detail::kCurrentVersionsQuery));
  plan.bind(1, 1);
  std::string steps;
  while (plan.step()) steps += plan.text(3) + ";";
  BOOST_TEST(steps == "SCAN item_versions USING COVERING INDEX item_versions_by_id;");
}

BOOST_AUTO_TEST_SUITE_END()
