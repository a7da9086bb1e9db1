// Diff between the last two good runs.
#include <boost/test/unit_test.hpp>

#include "connector/store/diff.hpp"
#include "connector/store/sync_runs.hpp"
#include "store_fixtures.hpp"

using namespace connector::store;
using store_test::TempDir;

BOOST_AUTO_TEST_SUITE(diff)

BOOST_AUTO_TEST_CASE(fewer_than_two_good_runs_have_no_diff) {
  TempDir dir;
  Store store(dir.path());
  BOOST_TEST(!diff_last_good_runs(store.db(), "demo").has_value());
  store_test::sync_tenant(store, "demo", store_test::Tenant::with_members(3, 1));
  BOOST_TEST(!diff_last_good_runs(store.db(), "demo").has_value());
}

BOOST_AUTO_TEST_CASE(resources_added_removed_and_changed_and_grants_added_and_removed) {
  TempDir dir;
  Store store(dir.path());
  {
    auto writer = SyncWriter::begin(store, "demo");
    for (int u = 1; u <= 12; ++u) writer.add_resource(store_test::user(u));
    writer.add_resource(store_test::role(1));
    writer.add_entitlement(store_test::member_entitlement(1));
    for (int u = 1; u <= 12; ++u) writer.add_grant(store_test::member_grant(1, u));
    writer.commit();
  }
  {
    auto writer = SyncWriter::begin(store, "demo");
    for (int u = 2; u <= 11; ++u) {  // user 1 removed; 12 unchanged below; 13 added
      if (u == 3) {
        writer.add_resource(store_test::user(3, "Renamed Three"));
      } else if (u == 4) {
        writer.add_resource(store_test::user(4, "", "disabled"));
      } else {
        writer.add_resource(store_test::user(u));
      }
    }
    writer.add_resource(store_test::user(12));
    writer.add_resource(store_test::user(13));
    writer.add_resource(store_test::role(1));
    writer.add_entitlement(store_test::member_entitlement(1));
    for (int u = 3; u <= 13; ++u) writer.add_grant(store_test::member_grant(1, u));
    BOOST_REQUIRE(writer.commit().status == RunStatus::good);
  }

  const auto diff = diff_last_good_runs(store.db(), "demo");
  BOOST_REQUIRE(diff.has_value());
  BOOST_TEST(diff->from.id < diff->to.id);
  BOOST_REQUIRE(diff->resources.size() == 4u);
  const auto& removed = diff->resources[0];
  BOOST_TEST(removed.id == "user:1");
  BOOST_TEST(removed.change == Change::removed);
  BOOST_TEST(removed.display_name.value_or("") == "User 1");
  const auto& added = diff->resources[1];
  BOOST_TEST(added.id == "user:13");
  BOOST_TEST(added.change == Change::added);
  BOOST_TEST(added.type == "user");
  const auto& renamed = diff->resources[2];
  BOOST_TEST(renamed.id == "user:3");
  BOOST_TEST(renamed.change == Change::changed);
  BOOST_TEST(renamed.display_name.value_or("") == "Renamed Three");
  BOOST_TEST(renamed.old_display_name.value_or("") == "User 3");
  const auto& disabled = diff->resources[3];
  BOOST_TEST(disabled.id == "user:4");
  BOOST_TEST(disabled.status.value_or("") == "disabled");
  BOOST_TEST(disabled.old_status.value_or("") == "enabled");

  // Grants of users 1 and 2 removed, of user 13 added (ids sort as text).
  BOOST_REQUIRE(diff->grants.size() == 3u);
  BOOST_TEST(diff->grants[0].id == "role:1:member:user:1");
  BOOST_TEST(diff->grants[0].change == Change::removed);
  BOOST_TEST(diff->grants[1].id == "role:1:member:user:13");
  BOOST_TEST(diff->grants[1].change == Change::added);
  BOOST_TEST(diff->grants[1].principal == "user:13");
  BOOST_TEST(diff->grants[1].entitlement == "role:1:member");
  BOOST_TEST(diff->grants[2].id == "role:1:member:user:2");
  BOOST_TEST(diff->grants[2].change == Change::removed);
}

BOOST_AUTO_TEST_CASE(identical_runs_have_an_empty_diff) {
  TempDir dir;
  Store store(dir.path());
  const auto tenant = store_test::Tenant::with_members(30, 3);
  store_test::sync_tenant(store, "demo", tenant);
  store_test::sync_tenant(store, "demo", tenant);
  const auto diff = diff_last_good_runs(store.db(), "demo");
  BOOST_REQUIRE(diff.has_value());
  BOOST_TEST(diff->empty());
}

// What `diff --to RUN` compares with: the connector's good run before RUN, skipping
// failed runs and other connectors' runs.
BOOST_AUTO_TEST_CASE(the_good_run_before_a_run_skips_failed_runs_and_other_connectors) {
  TempDir dir;
  Store store(dir.path());
  const auto tenant = store_test::Tenant::with_members(3, 1);
  const SyncRun first = store_test::sync_tenant(store, "demo", tenant);
  BOOST_TEST(!good_run_before(store.db(), first).has_value());
  const SyncRun second = store_test::sync_tenant(store, "demo", tenant);
  store_test::sync_tenant(store, "other", tenant);
  SyncWriter::begin(store, "demo").abort("stopped", RunStatus::failed);
  const SyncRun fourth = store_test::sync_tenant(store, "demo", tenant);
  BOOST_REQUIRE(good_run_before(store.db(), fourth).has_value());
  BOOST_TEST(good_run_before(store.db(), fourth)->id == second.id);
  BOOST_TEST(good_run_before(store.db(), second)->id == first.id);
}

BOOST_AUTO_TEST_SUITE_END()
