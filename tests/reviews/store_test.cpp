// The store's review and timed grant tables, with an injected clock: decisions keep
// their history, applications are recorded, a closed review stays closed, due timers
// come in expiry order and wait out their retry, counts split active from overdue.
#include <boost/test/unit_test.hpp>

#include <connector/store/reviews.hpp>
#include <connector/store/schema.hpp>
#include <connector/store/store.hpp>
#include <connector/store/timed_grants.hpp>

#include "support/temp_dir.hpp"

using namespace connector::store;
using namespace std::chrono_literals;

namespace {

const TimePoint t0 = from_unix_ms(1'800'000'000'000);

TimedGrant timer(const std::string& principal, TimePoint expires_at) {
  TimedGrant grant;
  grant.connector = "demo";
  grant.entitlement = "role:7:member";
  grant.principal = principal;
  grant.granted_at = t0;
  grant.expires_at = expires_at;
  return grant;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(review_store)

BOOST_AUTO_TEST_CASE(decisions_keep_their_history_and_the_newest_counts) {
  test_support::TempDir dir;
  Store store(dir.path());
  BOOST_TEST(schema_version(store.db()) >= 4);  // version 4 added the review tables
  Review review;
  review.connector = "demo";
  review.name = "Q4";
  review.scope = {"role:*:member"};
  review.as_of_run = 3;
  review.as_of_time = t0;
  review.created_at = t0;
  ReviewItem item;
  item.item = "role:7:member:user:1";
  item.entitlement = "role:7:member";
  item.principal = "user:1";
  item.flags = {"disabled", "new"};
  const auto id = create_review(store.db(), review, {item});
  BOOST_TEST(create_review(store.db(), review, {}) == id + 1);  // ids are unique

  record_decisions(store.db(), id, {{0, item.item, "revoke", "gone", "a@example.com", t0}});
  record_decisions(store.db(), id,
                   {{0, item.item, "keep", std::nullopt, "b@example.com", t0 + 1s}});
  const auto items = review_items(store.db(), id);
  BOOST_TEST_REQUIRE(items.size() == 1u);
  BOOST_TEST(items[0].flags == (std::vector<std::string>{"disabled", "new"}));
  BOOST_TEST(items[0].decision->decision == "keep");
  BOOST_TEST(*items[0].decision->reviewer == "b@example.com");
  const auto history = decision_history(store.db(), id);
  BOOST_TEST_REQUIRE(history.size() == 2u);
  BOOST_TEST(history[0].decision == "revoke");
  BOOST_TEST(*history[0].reason == "gone");

  // An unknown item records nothing of the batch.
  BOOST_CHECK_THROW(
      record_decisions(store.db(), id,
                       {{0, item.item, "revoke", std::nullopt, std::nullopt, t0},
                        {0, "role:9:member:user:1", "keep", std::nullopt, std::nullopt, t0}}),
      std::invalid_argument);
  BOOST_TEST(decision_history(store.db(), id).size() == 2u);

  record_application(store.db(), id, item.item, {"revoked", t0 + 2s, 17, std::nullopt});
  BOOST_TEST(review_items(store.db(), id)[0].application->status == "revoked");
  BOOST_TEST(*review_items(store.db(), id)[0].application->audit_id == 17);

  BOOST_TEST(close_review(store.db(), id, t0 + 3s));
  BOOST_TEST(!close_review(store.db(), id, t0 + 4s));
  BOOST_TEST(to_unix_ms(*find_review(store.db(), id)->closed_at) == to_unix_ms(t0 + 3s));
  BOOST_TEST(find_review(store.db(), id)->scope == (std::vector<std::string>{"role:*:member"}));
  BOOST_TEST(list_reviews(store.db(), "demo").size() == 2u);
  BOOST_TEST(list_reviews(store.db(), "other").empty());
}

BOOST_AUTO_TEST_CASE(due_timers_come_by_expiry_and_wait_out_their_retry) {
  test_support::TempDir dir;
  Store store(dir.path());
  const auto late = start_timed_grant(store.db(), timer("user:2", t0 + 2h));
  const auto early = start_timed_grant(store.db(), timer("user:1", t0 + 1h));
  BOOST_CHECK_THROW(start_timed_grant(store.db(), timer("user:1", t0 + 5h)), SqliteError);

  BOOST_TEST(due_timed_grants(store.db(), "demo", t0, t0).empty());
  auto due = due_timed_grants(store.db(), "demo", t0 + 3h, t0 + 3h);
  BOOST_TEST_REQUIRE(due.size() == 2u);
  BOOST_TEST(due[0].id == early);
  BOOST_TEST(due[1].id == late);
  BOOST_TEST(count_timed_grants(store.db(), "demo", t0 + 90min).active == 1);
  BOOST_TEST(count_timed_grants(store.db(), "demo", t0 + 90min).overdue == 1);

  record_expiry_failure(store.db(), early, "UNAVAILABLE: down", t0 + 3h + 30s);
  due = due_timed_grants(store.db(), "demo", t0 + 3h, t0 + 3h);
  BOOST_TEST_REQUIRE(due.size() == 1u);  // the failed one waits for its retry
  BOOST_TEST(due[0].id == late);
  due = due_timed_grants(store.db(), "demo", t0 + 3h + 30s, t0 + 3h + 30s);
  BOOST_TEST(due.size() == 2u);
  BOOST_TEST(due[0].attempts == 1);
  BOOST_TEST(*due[0].last_error == "UNAVAILABLE: down");

  BOOST_TEST(finish_timed_grant(store.db(), early, TimedGrantState::expired, t0 + 4h, "revoked"));
  // Finished once: a second finish (a concurrent expire, a plain revoke) changes nothing.
  BOOST_TEST(!finish_timed_grant(store.db(), early, TimedGrantState::ended, t0 + 5h, "by hand"));
  BOOST_TEST(list_timed_grants(store.db(), "demo", true).front().outcome.value_or("") == "revoked");
  BOOST_TEST(!find_active_timed_grant(store.db(), "demo", "role:7:member", "user:1"));
  // A finished timer frees the grant for a new one.
  start_timed_grant(store.db(), timer("user:1", t0 + 9h));
  set_expiry(store.db(), late, t0 + 10h);
  BOOST_TEST(list_timed_grants(store.db(), "demo", false).size() == 2u);
  BOOST_TEST(list_timed_grants(store.db(), "demo", true).size() == 3u);
  BOOST_TEST(to_unix_ms(list_timed_grants(store.db(), "demo", false).back().expires_at) ==
             to_unix_ms(t0 + 10h));
}

BOOST_AUTO_TEST_SUITE_END()
