// Signals in service mode: SIGTERM cancels a running sync within the grace period and
// exits 0; SIGHUP reloads the manifests and keeps a connector whose manifest broke.
#include <boost/test/unit_test.hpp>

#include <connector/store/store.hpp>
#include <connector/store/sync_runs.hpp>

#include <csignal>

#include "support/service_fixture.hpp"

namespace store = connector::store;
using namespace std::chrono_literals;
using service_tests::ServiceFixture;

namespace {

std::size_t good_runs(const ServiceFixture& fixture, const std::string& connector) {
  store::Store db(fixture.state());
  return store::list_runs(db.db(), connector, 1000, store::RunStatus::good).size();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(signals)

BOOST_AUTO_TEST_CASE(sigterm_cancels_a_running_sync_within_the_grace_period) {
  ServiceFixture fixture;
  // The blocking plugin's calls return only when cancelled.
  fixture.write_manifest(
      "blocker.json",
      R"({"id":"blocker","plugin":"blocking","schedule":{"sync_every":"1h"},"config":{}})");
  fixture.start({"--grace-period", "5s"});
  BOOST_REQUIRE_MESSAGE(fixture.eventually(
                            [&] {
                              store::Store db(fixture.state());
                              const auto runs = store::list_runs(db.db(), "blocker", 10);
                              return !runs.empty() &&
                                     runs.front().status == store::RunStatus::running;
                            },
                            10s),
                        fixture.host_stderr());

  const auto signalled = std::chrono::steady_clock::now();
  fixture.host().signal(SIGTERM);
  const auto code = fixture.host().wait_for(10s);
  const auto took = std::chrono::steady_clock::now() - signalled;
  BOOST_REQUIRE_MESSAGE(code.has_value(), "still running 10 s after SIGTERM");
  BOOST_TEST(*code == 0);
  BOOST_TEST(std::chrono::duration<double>(took).count() < 5.0);

  store::Store db(fixture.state());
  const auto runs = store::list_runs(db.db(), "blocker", 10);
  BOOST_REQUIRE_EQUAL(runs.size(), 1u);
  BOOST_TEST(store::to_string(runs.front().status) == "cancelled");
}

BOOST_AUTO_TEST_CASE(sighup_adds_a_new_manifest_and_keeps_one_that_broke) {
  ServiceFixture fixture;
  fixture.write_fixture_manifest("steady", "1s");
  fixture.start();
  BOOST_REQUIRE_MESSAGE(fixture.eventually([&] { return good_runs(fixture, "steady") >= 1; }, 10s),
                        fixture.host_stderr());

  // A new connector appears on reload.
  fixture.write_fixture_manifest("added", "1h");
  fixture.host().signal(SIGHUP);
  BOOST_REQUIRE_MESSAGE(fixture.eventually([&] { return good_runs(fixture, "added") == 1; }, 10s),
                        fixture.host_stderr());

  // A manifest that breaks is reported, and its connector keeps running as before.
  fixture.write_manifest("steady.json", R"({"id":"steady","plugin":"fixture",)");
  // A bad schedule is refused with the file and the field.
  fixture.write_manifest(
      "bad-schedule.json",
      R"({"id":"bad-schedule","plugin":"fixture","schedule":{"sync_every":"5x"},"config":{}})");
  fixture.host().signal(SIGHUP);
  BOOST_REQUIRE(fixture.eventually(
      [&] {
        return fixture.host_stderr().find("keeps its previously loaded manifest") !=
               std::string::npos;
      },
      10s));
  const std::size_t before = good_runs(fixture, "steady");
  BOOST_TEST_MESSAGE("good runs of 'steady' at the broken reload: " << before);
  BOOST_TEST(fixture.eventually([&] { return good_runs(fixture, "steady") >= before + 2; }, 10s));

  const std::string log = fixture.host_stderr();
  BOOST_TEST(log.find("steady.json not loaded") != std::string::npos);
  BOOST_TEST(log.find("bad-schedule.json") != std::string::npos);
  BOOST_TEST(log.find("sync_every") != std::string::npos);
  BOOST_TEST(good_runs(fixture, "bad-schedule") == 0u);
  // Both are named by /readyz: what the operator wrote is not in effect.
  const auto ready = fixture.get("/readyz");
  BOOST_TEST(ready.status == 503u);
  BOOST_TEST(ready.body.find("connector 'bad-schedule' failed to load") != std::string::npos,
             ready.body);
  BOOST_TEST(ready.body.find("connector 'steady' failed to load") != std::string::npos, ready.body);

  fixture.host().signal(SIGTERM);
  BOOST_TEST(fixture.host().wait_for(10s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
