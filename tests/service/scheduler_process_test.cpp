// The service's scheduler, end to end: the real connector-host in service mode with
// the fixture test plugin; what it did is read back from the store and /metrics.
#include <boost/test/unit_test.hpp>

#include <connector/store/store.hpp>
#include <connector/store/sync_runs.hpp>

#include <csignal>

#include "support/service_fixture.hpp"

namespace store = connector::store;
using namespace std::chrono_literals;
using service_tests::ServiceFixture;

namespace {

std::size_t runs_of(const ServiceFixture& fixture, const std::string& connector,
                    store::RunStatus status) {
  store::Store db(fixture.state());
  return store::list_runs(db.db(), connector, 1000, status).size();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scheduler)

BOOST_AUTO_TEST_CASE(syncs_a_connector_again_and_again_on_a_short_interval) {
  ServiceFixture fixture;
  fixture.write_fixture_manifest("every-second", "1s");
  fixture.start();

  BOOST_REQUIRE_MESSAGE(fixture.eventually(
                            [&] {
                              return fixture.metric(
                                         "connector_syncs_total",
                                         {{"connector", "every-second"}, {"outcome", "good"}}) >= 3;
                            },
                            15s),
                        fixture.host_stderr());
  fixture.host().signal(SIGTERM);
  BOOST_REQUIRE_EQUAL(fixture.host().wait_for(10s).value_or(-1), 0);

  // Three good runs at least, each holding the whole fixture directory.
  BOOST_TEST(runs_of(fixture, "every-second", store::RunStatus::good) >= 3u);
  store::Store db(fixture.state());
  const auto latest = store::latest_good_run(db.db(), "every-second");
  BOOST_REQUIRE(latest.has_value());
  BOOST_TEST(latest->counts.resource_types == 2);
  BOOST_TEST(latest->counts.resources == 5);     // 3 users, 2 groups
  BOOST_TEST(latest->counts.entitlements == 2);  // one member entitlement per group
  BOOST_TEST(latest->counts.grants == 3);
}

BOOST_AUTO_TEST_CASE(metrics_count_exactly_the_syncs_that_happened) {
  ServiceFixture fixture;
  // An hourly schedule: each connector syncs once at start, then waits.
  fixture.write_fixture_manifest("hourly", "1h");
  fixture.write_fixture_manifest("wrong-key", "1h", "not-the-key");
  fixture.start();

  BOOST_REQUIRE_MESSAGE(
      fixture.eventually(
          [&] {
            return fixture.metric("connector_syncs_total",
                                  {{"connector", "hourly"}, {"outcome", "good"}}) == 1 &&
                   fixture.metric("connector_syncs_total",
                                  {{"connector", "wrong-key"}, {"outcome", "failed"}}) >= 1;
          },
          15s),
      fixture.host_stderr());
  const auto metric = [&](const std::string& name, std::map<std::string, std::string> labels) {
    return fixture.metric(name, labels);
  };
  const double failed =
      metric("connector_syncs_total", {{"connector", "wrong-key"}, {"outcome", "failed"}});
  BOOST_TEST(metric("connector_sync_duration_seconds_count", {{"connector", "hourly"}}) == 1);
  BOOST_TEST(
      metric("connector_items_synced_total", {{"connector", "hourly"}, {"kind", "resource"}}) == 5);
  BOOST_TEST(metric("connector_items_synced_total", {{"connector", "hourly"}, {"kind", "grant"}}) ==
             3);
  BOOST_TEST(metric("connector_items_synced_total",
                    {{"connector", "wrong-key"}, {"kind", "resource"}}) == 0);
  BOOST_TEST(metric("connector_pending_operations", {{"connector", "hourly"}}) == 0);
  fixture.host().signal(SIGTERM);
  BOOST_REQUIRE_EQUAL(fixture.host().wait_for(10s).value_or(-1), 0);

  store::Store db(fixture.state());
  const auto good = store::latest_good_run(db.db(), "hourly");
  BOOST_REQUIRE(good.has_value());
  BOOST_TEST(runs_of(fixture, "hourly", store::RunStatus::good) == 1u);
  // A retry may have failed between the scrape and the stop; never fewer.
  BOOST_TEST(static_cast<double>(runs_of(fixture, "wrong-key", store::RunStatus::failed)) >=
             failed);
  BOOST_TEST(runs_of(fixture, "wrong-key", store::RunStatus::good) == 0u);
}

BOOST_AUTO_TEST_CASE(once_syncs_every_scheduled_connector_and_exits) {
  ServiceFixture fixture;
  fixture.write_fixture_manifest("first", "1h");
  fixture.write_fixture_manifest("second", "1h");
  fixture.write_fixture_manifest("unscheduled", "");
  fixture.start({"--once"});
  BOOST_REQUIRE_EQUAL(fixture.host().wait_for(20s).value_or(-1), 0);
  BOOST_TEST(runs_of(fixture, "first", store::RunStatus::good) == 1u);
  BOOST_TEST(runs_of(fixture, "second", store::RunStatus::good) == 1u);
  BOOST_TEST(runs_of(fixture, "unscheduled", store::RunStatus::good) == 0u);
}

BOOST_AUTO_TEST_CASE(once_exits_5_when_a_sync_failed) {
  ServiceFixture fixture;
  fixture.write_fixture_manifest("wrong-key", "1h", "not-the-key");
  fixture.start({"--once"});
  BOOST_REQUIRE_EQUAL(fixture.host().wait_for(20s).value_or(-1), 5);
  BOOST_TEST(runs_of(fixture, "wrong-key", store::RunStatus::failed) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
