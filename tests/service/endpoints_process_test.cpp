// The HTTP endpoints and the logs of service mode.
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/store/store.hpp>
#include <connector/store/sync_runs.hpp>

#include <csignal>
#include <fstream>
#include <sstream>

#include "support/service_fixture.hpp"

namespace store = connector::store;
using namespace std::chrono_literals;
using service_tests::ServiceFixture;

BOOST_AUTO_TEST_SUITE(endpoints)

BOOST_AUTO_TEST_CASE(health_and_readiness_when_all_is_well) {
  ServiceFixture fixture;
  fixture.write_fixture_manifest("hourly", "1h");
  fixture.start();
  BOOST_TEST(fixture.get("/healthz").status == 200u);
  BOOST_TEST(fixture.get("/readyz").status == 200u);
  BOOST_TEST(fixture.get("/readyz").body == "ready\n");
  BOOST_TEST(fixture.get("/nowhere").status == 404u);
  BOOST_TEST(service_tests::http_request(fixture.port(), "/metrics", "POST").status == 405u);
  const auto metrics = fixture.get("/metrics");
  BOOST_TEST(metrics.content_type.find("text/plain; version=0.0.4") == 0u);
  fixture.host().signal(SIGINT);
  BOOST_TEST(fixture.host().wait_for(10s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(not_ready_while_the_store_cannot_be_opened) {
  ServiceFixture fixture;
  fixture.write_fixture_manifest("hourly", "1h");
  // A regular file where the state directory should be.
  const auto not_a_directory = fixture.root() / "state-file";
  std::ofstream(not_a_directory) << "not a directory\n";
  fixture.start({}, not_a_directory);
  BOOST_TEST(fixture.get("/healthz").status == 200u);
  const auto ready = fixture.get("/readyz");
  BOOST_TEST(ready.status == 503u);
  BOOST_TEST(ready.body == "store not open\n");
  fixture.host().signal(SIGTERM);
  BOOST_TEST(fixture.host().wait_for(10s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(json_logs_name_the_connector_and_sync_and_hide_the_secret) {
  ServiceFixture fixture;
  fixture.write_fixture_manifest("logged", "1h");
  fixture.start({"--once", "--log-format", "json"});
  BOOST_REQUIRE_EQUAL(fixture.host().wait_for(20s).value_or(-1), 0);

  store::Store db(fixture.state());
  const auto run = store::latest_good_run(db.db(), "logged");
  BOOST_REQUIRE(run.has_value());
  const std::string log = fixture.host_stderr();
  BOOST_TEST(log.find(service_tests::fixture_api_key) == std::string::npos);
  std::istringstream lines(log);
  std::size_t about_the_sync = 0;
  std::size_t lines_seen = 0;
  for (std::string line; std::getline(lines, line); ++lines_seen) {
    const auto entry = boost::json::parse(line).as_object();  // every line is JSON
    BOOST_REQUIRE(entry.contains("connector"));
    BOOST_REQUIRE(entry.contains("sync_id"));
    BOOST_REQUIRE(entry.contains("message"));
    if (entry.at("connector").is_string()) {
      BOOST_TEST(entry.at("connector").as_string() == "logged");
      BOOST_TEST(entry.at("sync_id").as_string() == std::to_string(run->id));
      ++about_the_sync;
    }
  }
  BOOST_TEST(lines_seen >= 3u);
  BOOST_TEST(about_the_sync >= 2u);  // started, and its outcome
}

BOOST_AUTO_TEST_SUITE_END()
