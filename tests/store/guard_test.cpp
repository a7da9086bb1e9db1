// The mass-deletion guard: its rule, and quarantine and acceptance in the store.
#include <boost/test/unit_test.hpp>

#include "connector/store/diff.hpp"
#include "connector/store/mass_deletion_guard.hpp"
#include "connector/store/sync_runs.hpp"
#include "store_fixtures.hpp"

using namespace connector::store;
using store_test::TempDir;
using store_test::Tenant;

BOOST_AUTO_TEST_SUITE(mass_deletion_guard)

BOOST_AUTO_TEST_CASE(the_rule_quarantines_only_above_the_share_and_the_minimum) {
  const GuardOptions options;  // 20%, at least 10 items
  BOOST_TEST(!quarantine_reason(options, {0, 0}, {0, 0}).has_value());
  BOOST_TEST(!quarantine_reason(options, {20, 100}, {400, 2000}).has_value());  // exactly 20%
  BOOST_TEST(!quarantine_reason(options, {2, 4}, {0, 10}).has_value());  // 50%, but only 2 users
  BOOST_TEST(quarantine_reason(options, {0, 100}, {700, 2000}).value_or("") ==
             "would remove 35% of grants (700 of 2000); threshold 20%");
  BOOST_TEST(quarantine_reason(options, {41, 200}, {0, 10}).value_or("") ==
             "would remove 20.5% of users (41 of 200); threshold 20%");
  BOOST_TEST(quarantine_reason(options, {100, 100}, {10, 10}).value_or("") ==
             "would remove 100% of users (100 of 100); threshold 20%; "
             "would remove 100% of grants (10 of 10); threshold 20%");
  const GuardOptions strict{0.05, 1};
  BOOST_TEST(quarantine_reason(strict, {1, 10}, {0, 0}).value_or("") ==
             "would remove 10% of users (1 of 10); threshold 5%");
}

BOOST_AUTO_TEST_CASE(removing_more_than_20_percent_of_grants_quarantines_and_acceptance_promotes) {
  TempDir dir;
  Store store(dir.path());
  const Tenant full = Tenant::with_members(100, 4);  // 100 grants
  const auto first = store_test::sync_tenant(store, "demo", full);
  BOOST_TEST(first.status == RunStatus::good);  // nothing to compare with

  Tenant shrunk = full;
  shrunk.grants.resize(65);  // 35 of 100 grants gone, every user still present
  const auto second = store_test::sync_tenant(store, "demo", shrunk);
  BOOST_TEST(second.status == RunStatus::quarantined);
  BOOST_TEST(second.quarantine_reason.value_or("") ==
             "would remove 35% of grants (35 of 100); threshold 20%");
  BOOST_TEST(second.counts.grants == 65);
  BOOST_TEST(latest_good_run(store.db(), "demo")->id == first.id);
  BOOST_TEST(!diff_last_good_runs(store.db(), "demo").has_value());
  // Held apart: the state at the good run is whole, and no version ends at the
  // quarantined run.
  BOOST_TEST(store_test::state_counts(store.db(), first).grants == 100);
  BOOST_TEST(
      store.db().query_int("SELECT count(*) FROM item_versions WHERE valid_to IS NOT NULL") == 0);
  BOOST_TEST(store.db().query_int("SELECT count(*) FROM held_endings") == 35);

  const auto accepted = accept_quarantined(store.db(), "demo");
  BOOST_TEST(accepted.id == second.id);
  BOOST_TEST(accepted.status == RunStatus::good);
  BOOST_TEST(latest_good_run(store.db(), "demo")->id == second.id);
  const auto diff = diff_last_good_runs(store.db(), "demo");
  BOOST_REQUIRE(diff.has_value());
  BOOST_TEST(diff->grants.size() == 35u);
  // The held changes became versions: both states stay answerable.
  BOOST_TEST(store_test::state_counts(store.db(), accepted).grants == 65);
  BOOST_TEST(store_test::state_counts(store.db(), first).grants == 100);
  BOOST_TEST(store.db().query_int("SELECT count(*) FROM held_endings") == 0);
  BOOST_CHECK_THROW(accept_quarantined(store.db(), "demo"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(removing_users_quarantines_and_a_later_good_run_supersedes_it) {
  TempDir dir;
  Store store(dir.path());
  const auto first = store_test::sync_tenant(store, "demo", Tenant{100, 1, {}});
  const auto quarantined = store_test::sync_tenant(store, "demo", Tenant{60, 1, {}});
  BOOST_TEST(quarantined.status == RunStatus::quarantined);
  BOOST_TEST(quarantined.quarantine_reason.value_or("") ==
             "would remove 40% of users (40 of 100); threshold 20%");

  // The API recovered: the next run compares with the last GOOD run, not the
  // quarantined one, and is good again.
  const auto recovered = store_test::sync_tenant(store, "demo", Tenant{99, 1, {}});
  BOOST_TEST(recovered.status == RunStatus::good);
  BOOST_TEST(find_run(store.db(), quarantined.id)->status == RunStatus::superseded);
  BOOST_TEST(store.db().query_int("SELECT count(*) FROM held_endings") == 0);
  BOOST_TEST(store_test::state_counts(store.db(), recovered).resources == 100);  // 99 + role
  BOOST_CHECK_THROW(accept_quarantined(store.db(), "demo"), std::runtime_error);
  BOOST_TEST(first.status == RunStatus::good);
}

BOOST_AUTO_TEST_CASE(a_partial_sync_is_failed_never_mistaken_for_a_mass_deletion) {
  TempDir dir;
  Store store(dir.path());
  const auto first = store_test::sync_tenant(store, "demo", Tenant::with_members(100, 4));

  // The plugin failed after 3 users: the run is aborted, never compared.
  auto writer = SyncWriter::begin(store, "demo");
  for (int u = 1; u <= 3; ++u) writer.add_resource(store_test::user(u));
  const auto partial = writer.abort("UNAVAILABLE: connection reset");
  BOOST_TEST(partial.status == RunStatus::failed);
  BOOST_TEST(!partial.quarantine_reason.has_value());
  BOOST_TEST(latest_good_run(store.db(), "demo")->id == first.id);

  const auto next = store_test::sync_tenant(store, "demo", Tenant::with_members(100, 4));
  BOOST_TEST(next.status == RunStatus::good);
}

BOOST_AUTO_TEST_CASE(the_threshold_is_configurable) {
  TempDir dir;
  Store store(dir.path());
  store_test::sync_tenant(store, "demo", Tenant{100, 1, {}});
  const GuardOptions lenient{0.5, 10};
  BOOST_TEST(store_test::sync_tenant(store, "demo", Tenant{60, 1, {}}, lenient).status ==
             RunStatus::good);
}

BOOST_AUTO_TEST_SUITE_END()
