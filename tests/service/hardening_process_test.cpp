// The service process keeps its memory to itself (issue 20, item 8): no core file,
// and the secrets it read from the environment are still there for a SIGHUP reload
// after they have left the environment.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/store/store.hpp>
#include <connector/store/sync_runs.hpp>

#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "support/service_fixture.hpp"

namespace store = connector::store;
using namespace std::chrono_literals;
using service_tests::ServiceFixture;

namespace {

std::size_t good_runs(const ServiceFixture& fixture, const std::string& connector) {
  store::Store db(fixture.state());
  return store::list_runs(db.db(), connector, 1000, store::RunStatus::good).size();
}

// A fixture connector whose api_key comes from the environment variable `variable`.
void write_manifest_with_env_key(ServiceFixture& fixture, const std::string& id,
                                 const std::string& variable) {
  const boost::json::object manifest{
      {"id", id},
      {"plugin", "fixture"},
      {"schedule", {{"sync_every", "1h"}}},
      {"config",
       {{"fixture_file", (fixture.root() / "directory.json").string()},
        {"api_key", {{"env", variable}}}}}};
  fixture.write_manifest(id + ".json", boost::json::serialize(manifest));
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hardening)

BOOST_AUTO_TEST_CASE(the_service_runs_with_no_core_file) {
  ServiceFixture fixture;
  fixture.start();
  const std::string limits = read_text("/proc/" + std::to_string(fixture.host().pid()) + "/limits");
  // "Max core file size        0                    0                    bytes"
  BOOST_TEST(std::regex_search(limits, std::regex(R"(Max core file size\s+0\s+0\s)")), limits);
  fixture.host().signal(SIGTERM);
  BOOST_TEST(fixture.host().wait_for(10s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(a_reload_resolves_environment_secrets_taken_out_at_start) {
  ServiceFixture fixture;
  write_manifest_with_env_key(fixture, "first", "SERVICE_TEST_API_KEY");
  fixture.start({}, std::nullopt, {{"SERVICE_TEST_API_KEY", service_tests::fixture_api_key}});
  BOOST_REQUIRE_MESSAGE(fixture.eventually([&] { return good_runs(fixture, "first") == 1; }, 10s),
                        fixture.host_stderr());

  // The variable left the environment at start; a manifest added now names it too,
  // and its sync must still authenticate.
  write_manifest_with_env_key(fixture, "added", "SERVICE_TEST_API_KEY");
  fixture.host().signal(SIGHUP);
  BOOST_REQUIRE_MESSAGE(fixture.eventually([&] { return good_runs(fixture, "added") == 1; }, 10s),
                        fixture.host_stderr());

  fixture.host().signal(SIGTERM);
  BOOST_TEST(fixture.host().wait_for(10s).value_or(-1) == 0);
  const std::string log = fixture.host_stderr();
  BOOST_TEST(log.find("is not set") == std::string::npos, log);
  BOOST_TEST(log.find(service_tests::fixture_api_key) == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
