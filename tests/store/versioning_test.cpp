// The versioning rules: a sync writes only what changed, every good run's state stays
// answerable, a repeated id within a run keeps the later item, history and held_since
// follow an item across runs, a point in time resolves to a good run, and retention
// folds old history into the state at its cutoff.
#include <boost/test/unit_test.hpp>

#include "connector/store/diff.hpp"
#include "connector/store/history.hpp"
#include "connector/store/point_in_time.hpp"
#include "connector/store/retention.hpp"
#include "connector/store/sync_runs.hpp"
#include "store_fixtures.hpp"

using namespace connector::store;
using store_test::state_counts;
using store_test::TempDir;
using store_test::Tenant;
using store_test::versions_begun;

namespace {

// Sets a run's finish time, so time-based lookups do not depend on the clock.
void set_finished_at(Database& db, std::int64_t run_id, std::int64_t unix_ms) {
  Statement(db, "UPDATE sync_runs SET finished_at = ?2 WHERE id = ?1")
      .bind(1, run_id)
      .bind(2, unix_ms)
      .run();
}

std::vector<std::string> grant_ids_at(Database& db, const SyncRun& run) {
  std::vector<std::string> ids;
  Snapshot(db, run).grants("", [&](std::string_view item) {
    ids.emplace_back(boost::json::parse(item).at("id").as_string());
  });
  return ids;
}

std::string grant_id(int role, int user) {
  return "role:" + std::to_string(role) + ":member:user:" + std::to_string(user);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(versioning)

BOOST_AUTO_TEST_CASE(an_unchanged_sync_writes_no_version_and_a_change_writes_only_itself) {
  TempDir dir;
  Store store(dir.path());
  Tenant tenant = Tenant::with_members(50, 3);
  const auto first = store_test::sync_tenant(store, "demo", tenant);
  BOOST_TEST(versions_begun(store.db(), first.id) == 2 + 53 + 3 + 50);
  BOOST_TEST(first.changes.added == 108);

  const auto same = store_test::sync_tenant(store, "demo", tenant);
  BOOST_TEST(same.status == RunStatus::good);
  BOOST_TEST(versions_begun(store.db(), same.id) == 0);
  BOOST_TEST(same.counts == first.counts);
  BOOST_TEST(same.changes.added + same.changes.changed + same.changes.removed == 0);
  BOOST_TEST(store_test::version_rows(store.db()) == 108);

  // One grant gone, one added, one user renamed: three rows begun, two ended.
  tenant.grants.erase(tenant.grants.begin());  // (2, 1)
  tenant.grants.emplace_back(1, 7);
  auto writer = SyncWriter::begin(store, "demo");
  store_test::write_items(writer, tenant);
  writer.add_resource(store_test::user(9, "Renamed"));  // later item of the same id wins
  const auto changed = writer.commit();
  BOOST_TEST(versions_begun(store.db(), changed.id) == 2);
  BOOST_TEST(changed.changes.added == 1);
  BOOST_TEST(changed.changes.changed == 1);
  BOOST_TEST(changed.changes.removed == 1);
  BOOST_TEST(store.db().query_int("SELECT count(*) FROM item_versions WHERE valid_to = " +
                                  std::to_string(changed.id)) == 2);

  // Each run's state is still what that run read.
  BOOST_TEST(state_counts(store.db(), first) == first.counts);
  BOOST_TEST(state_counts(store.db(), changed) == changed.counts);
  const auto before = grant_ids_at(store.db(), same);
  const auto after = grant_ids_at(store.db(), changed);
  BOOST_TEST((std::find(before.begin(), before.end(), grant_id(2, 1)) != before.end()));
  BOOST_TEST((std::find(after.begin(), after.end(), grant_id(2, 1)) == after.end()));
  BOOST_TEST((std::find(after.begin(), after.end(), grant_id(1, 7)) != after.end()));

  const auto diff = diff_runs(store.db(), first.id, changed.id);
  BOOST_REQUIRE(diff.resources.size() == 1u);
  BOOST_TEST(diff.resources[0].change == Change::changed);
  BOOST_TEST(diff.resources[0].display_name.value_or("") == "Renamed");
  BOOST_TEST(diff.resources[0].old_display_name.value_or("") == "User 9");
  BOOST_REQUIRE(diff.grants.size() == 2u);
  BOOST_TEST(diff.grants[0].id == grant_id(1, 7));
  BOOST_TEST(diff.grants[0].change == Change::added);
  BOOST_TEST(diff.grants[1].id == grant_id(2, 1));
  BOOST_TEST(diff.grants[1].change == Change::removed);
  // Backwards, the same changes undone.
  const auto back = diff_runs(store.db(), changed.id, first.id);
  BOOST_REQUIRE(back.grants.size() == 2u);
  BOOST_TEST(back.grants[0].change == Change::removed);
  BOOST_TEST(back.grants[1].change == Change::added);
  BOOST_TEST(diff_runs(store.db(), first.id, same.id).empty());
}

BOOST_AUTO_TEST_CASE(a_repeated_id_in_a_run_keeps_the_later_item_whatever_it_was_before) {
  TempDir dir;
  Store store(dir.path());
  auto writer = SyncWriter::begin(store, "demo");
  writer.add_resource(store_test::user(1, "A"));
  writer.add_resource(store_test::user(2, "B"));
  const auto first = writer.commit();

  writer = SyncWriter::begin(store, "demo");
  writer.add_resource(store_test::user(1, "A"));   // unchanged ...
  writer.add_resource(store_test::user(1, "A2"));  // ... then changed
  writer.add_resource(store_test::user(2, "B2"));  // changed ...
  writer.add_resource(store_test::user(2, "B"));   // ... and back: unchanged after all
  writer.add_resource(store_test::user(3, "C"));   // new ...
  writer.add_resource(store_test::user(3, "C2"));  // ... twice
  const auto second = writer.commit();
  BOOST_TEST(second.counts.resources == 3);
  BOOST_TEST(second.changes.added == 1);
  BOOST_TEST(second.changes.changed == 1);
  BOOST_TEST(versions_begun(store.db(), second.id) == 2);
  const auto items =
      collect([&](auto& visit) { Snapshot(store.db(), second).resources("", visit); });
  const std::vector<std::string> expected{store_test::user(1, "A2"), store_test::user(2, "B"),
                                          store_test::user(3, "C2")};
  BOOST_TEST(items == expected, boost::test_tools::per_element());
  BOOST_TEST(state_counts(store.db(), first).resources == 2);
}

BOOST_AUTO_TEST_CASE(history_and_held_since_follow_a_grant_across_runs) {
  TempDir dir;
  Store store(dir.path());
  Tenant tenant{3, 1, {{1, 1}}};
  const auto r1 = store_test::sync_tenant(store, "demo", tenant);
  tenant.grants.emplace_back(1, 2);
  const auto r2 = store_test::sync_tenant(store, "demo", tenant);  // user 2 joins
  tenant.grants.pop_back();
  const auto r3 = store_test::sync_tenant(store, "demo", tenant);  // user 2 leaves
  tenant.grants.emplace_back(1, 2);
  const auto r4 = store_test::sync_tenant(store, "demo", tenant);  // and is back

  const auto changes = history(store.db(), "demo", HistorySubject{"user:2", {}, {}});
  BOOST_REQUIRE(changes.size() == 4u);
  BOOST_TEST(changes[0].run == r1.id);
  BOOST_TEST(changes[0].kind == "resource");
  BOOST_TEST(changes[0].change == Change::added);
  BOOST_TEST(changes[1].run == r2.id);
  BOOST_TEST(changes[1].kind == "grant");
  BOOST_TEST(changes[1].id == grant_id(1, 2));
  BOOST_TEST(changes[1].entitlement.value_or("") == "role:1:member");
  BOOST_TEST(changes[1].principal.value_or("") == "user:2");
  BOOST_TEST(changes[2].run == r3.id);
  BOOST_TEST(changes[2].change == Change::removed);
  BOOST_TEST(changes[3].run == r4.id);
  BOOST_TEST(changes[3].change == Change::added);
  // --since: only what came after the state at the run.
  BOOST_TEST(history(store.db(), "demo", HistorySubject{"user:2", {}, {}}, r3.id).size() == 1u);
  // By entitlement: both members' grants and the entitlement itself.
  BOOST_TEST(history(store.db(), "demo", HistorySubject{{}, "role:1:member", {}}).size() == 5u);
  // By resource: the role, its entitlement and their grants.
  BOOST_TEST(history(store.db(), "demo", HistorySubject{{}, {}, "role:1"}).size() == 6u);

  BOOST_TEST(held_since(store.db(), "demo", grant_id(1, 1), r4.id)->id == r1.id);
  BOOST_TEST(held_since(store.db(), "demo", grant_id(1, 2), r4.id)->id == r4.id);
  BOOST_TEST(held_since(store.db(), "demo", grant_id(1, 2), r2.id)->id == r2.id);
  BOOST_TEST(!held_since(store.db(), "demo", grant_id(1, 2), r3.id).has_value());
  BOOST_TEST(!held_since(store.db(), "demo", grant_id(1, 3), r4.id).has_value());

  // A content change does not break holding: a grant whose JSON changes keeps its
  // held_since.
  auto writer = SyncWriter::begin(store, "demo");
  store_test::write_items(writer, Tenant{3, 1, {{1, 2}}});
  writer.add_grant(
      R"({"id":"role:1:member:user:1","entitlement":"role:1:member","principal":"user:1","note":"x"})");
  const auto r5 = writer.commit();
  BOOST_TEST(r5.changes.changed == 1);
  BOOST_TEST(held_since(store.db(), "demo", grant_id(1, 1), r5.id)->id == r1.id);
  const auto latest = history(store.db(), "demo", HistorySubject{"user:1", {}, {}}, r4.id);
  BOOST_REQUIRE(latest.size() == 1u);
  BOOST_TEST(latest[0].change == Change::changed);
}

BOOST_AUTO_TEST_CASE(a_point_in_time_is_a_run_or_a_time_and_resolves_to_a_good_run) {
  BOOST_TEST(std::get<RunNumber>(parse_point_in_time("12")).id == 12);
  BOOST_TEST(std::get<RunNumber>(parse_point_in_time("run:7")).id == 7);
  BOOST_TEST(to_iso8601(std::get<TimePoint>(parse_point_in_time("2026-11-30"))) ==
             "2026-11-30T23:59:59.999Z");
  BOOST_TEST(to_iso8601(std::get<TimePoint>(parse_point_in_time("2026-11-30T12:00:00Z"))) ==
             "2026-11-30T12:00:00.000Z");
  BOOST_TEST(to_iso8601(std::get<TimePoint>(parse_point_in_time("2026-11-30T12:00:00.25+02:00"))) ==
             "2026-11-30T10:00:00.250Z");
  for (const char* bad :
       {"", "run:", "run:0", "-3", "2026-13-01", "2026-02-30", "2026-11-30T25:00:00Z",
        "2026-11-30T12:00:00", "2026-11-30 12:00:00Z", "yesterday", "12abc"}) {
    BOOST_CHECK_THROW(parse_point_in_time(bad), std::invalid_argument);
  }

  TempDir dir;
  Store store(dir.path());
  const auto r1 = store_test::sync_tenant(store, "demo", Tenant::with_members(5, 1));
  auto failed = SyncWriter::begin(store, "demo");
  const auto r2 = failed.abort("broken");
  const auto r3 = store_test::sync_tenant(store, "demo", Tenant::with_members(6, 1));
  const auto other = store_test::sync_tenant(store, "other", Tenant::with_members(1, 1));
  set_finished_at(store.db(), r1.id, 1'000'000);
  set_finished_at(store.db(), r3.id, 2'000'000);

  BOOST_TEST(resolve_point_in_time(store.db(), "demo", RunNumber{r2.id}).id == r1.id);
  BOOST_TEST(resolve_point_in_time(store.db(), "demo", RunNumber{r3.id}).id == r3.id);
  BOOST_TEST(resolve_point_in_time(store.db(), "demo", from_unix_ms(1'999'999)).id == r1.id);
  BOOST_TEST(resolve_point_in_time(store.db(), "demo", from_unix_ms(2'000'000)).id == r3.id);
  BOOST_CHECK_THROW(resolve_point_in_time(store.db(), "demo", from_unix_ms(999'999)), NoRunAtError);
  BOOST_CHECK_THROW(resolve_point_in_time(store.db(), "demo", RunNumber{other.id}),
                    std::invalid_argument);
  BOOST_CHECK_THROW(resolve_point_in_time(store.db(), "nobody", RunNumber{r1.id}),
                    std::invalid_argument);
  BOOST_CHECK_THROW(resolve_point_in_time(store.db(), "nobody", from_unix_ms(2'000'000)),
                    NoRunAtError);
}

BOOST_AUTO_TEST_CASE(retention_folds_history_older_than_the_cutoff_into_the_state_there) {
  TempDir dir;
  Store store(dir.path());
  Tenant tenant{4, 1, {{1, 1}, {1, 2}}};
  const auto r1 = store_test::sync_tenant(store, "demo", tenant);
  tenant.grants.pop_back();  // user 2 leaves
  const auto r2 = store_test::sync_tenant(store, "demo", tenant);
  tenant.grants.emplace_back(1, 3);  // user 3 joins
  const auto r3 = store_test::sync_tenant(store, "demo", tenant);
  tenant.grants.emplace_back(1, 4);  // user 4 joins
  const auto r4 = store_test::sync_tenant(store, "demo", tenant);
  for (const auto& [run, ms] :
       {std::pair{r1.id, 1000}, {r2.id, 2000}, {r3.id, 3000}, {r4.id, 4000}}) {
    set_finished_at(store.db(), run, ms);
  }
  const auto rows_before = store_test::version_rows(store.db());

  BOOST_TEST(!fold_history(store.db(), "demo", from_unix_ms(999)).has_value());  // nothing older
  BOOST_TEST(fold_history(store.db(), "demo", from_unix_ms(3500)).value_or(0) == r3.id);
  BOOST_TEST(history_start(store.db(), "demo").value_or(0) == r3.id);
  // Runs before the cutoff run are gone; the grant that ended by then is gone.
  BOOST_TEST(list_runs(store.db(), "demo", 10).size() == 2u);
  BOOST_TEST(store_test::version_rows(store.db()) == rows_before - 1);
  // The states at and after the cutoff are whole.
  BOOST_TEST(state_counts(store.db(), *find_run(store.db(), r3.id)) == r3.counts);
  BOOST_TEST(state_counts(store.db(), *find_run(store.db(), r4.id)) == r4.counts);
  BOOST_CHECK_THROW(resolve_point_in_time(store.db(), "demo", RunNumber{r1.id}), NoRunAtError);
  BOOST_CHECK_THROW(resolve_point_in_time(store.db(), "demo", from_unix_ms(2500)), NoRunAtError);
  // What was held since before the cutoff reads as held since it.
  BOOST_TEST(held_since(store.db(), "demo", grant_id(1, 1), r4.id)->id == r3.id);
  const auto changes = history(store.db(), "demo", HistorySubject{"user:1", {}, {}});
  BOOST_REQUIRE(changes.size() == 2u);
  BOOST_TEST(changes[0].run == r3.id);
  BOOST_TEST(changes[0].change == Change::added);
  BOOST_TEST(history(store.db(), "demo", HistorySubject{"user:2", {}, {}}).size() == 1u);
  BOOST_TEST(diff_runs(store.db(), r3.id, r4.id).grants.size() == 1u);
  // Folding again at the same cutoff does nothing.
  BOOST_TEST(!fold_history(store.db(), "demo", from_unix_ms(3500)).has_value());

  // A sync with keep_history folds after its commit.
  auto writer = SyncWriter::begin(store, "demo", SyncOptions{{}, std::chrono::seconds(0)});
  store_test::write_items(writer, tenant);
  const auto r5 = writer.commit();
  BOOST_TEST(history_start(store.db(), "demo").value_or(0) == r5.id);
  BOOST_TEST(list_runs(store.db(), "demo", 10).size() == 1u);
  BOOST_TEST(state_counts(store.db(), r5) == r5.counts);
}

BOOST_AUTO_TEST_SUITE_END()
