// The scheduler against the NinjaOne simulator: the real plugin over HTTPS, synced
// on a short interval by the service, each run complete in the store.
#include <boost/test/unit_test.hpp>

#include <connector/store/store.hpp>
#include <connector/store/sync_runs.hpp>

#include <csignal>
#include <fstream>
#include <sstream>

#include "support/service_fixture.hpp"

namespace store = connector::store;
using namespace std::chrono_literals;
using service_tests::required_env;
using service_tests::ServiceFixture;

namespace {

constexpr const char* sim_secret = "svc-S3cret-sim-4c1e";

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simulator)

BOOST_AUTO_TEST_CASE(syncs_the_simulated_tenant_on_a_short_interval) {
  ServiceFixture fixture;
  const std::filesystem::path tls = required_env("TEST_TLS_DIR");
  const auto sim_port_file = fixture.root() / "sim-port";
  service_tests::ChildProcess sim({required_env("NINJAONE_SIM"),
                                   "--listen",
                                   "127.0.0.1:0",
                                   "--port-file",
                                   sim_port_file.string(),
                                   "--tls-cert",
                                   (tls / "server.pem").string(),
                                   "--tls-key",
                                   (tls / "server.key").string(),
                                   "--client-secret",
                                   sim_secret,
                                   "--seed",
                                   "7",
                                   "--technicians",
                                   "4",
                                   "--end-users",
                                   "9",
                                   "--roles",
                                   "3",
                                   "--organizations",
                                   "3",
                                   "--members-per-role",
                                   "2"},
                                  {}, fixture.root() / "sim.stdout", fixture.root() / "sim.stderr");
  BOOST_REQUIRE(
      ServiceFixture::eventually([&] { return std::filesystem::exists(sim_port_file); }, 30s));
  const std::string port = std::to_string(std::stoi(read_file(sim_port_file)));

  // The demo manifest as shipped, pointed at the simulator and synced every second.
  std::string manifest = read_file(required_env("NINJAONE_MANIFEST_DIR") + "/ninjaone-demo.json");
  replace_all(manifest, "${SIM_URL}", "https://127.0.0.1:" + port);
  replace_all(manifest, "${SIM_CA}", (tls / "ca.pem").string());
  replace_all(manifest, R"("sync_every": "1h", "jitter": "5m")", R"("sync_every": "1s")");
  BOOST_REQUIRE(manifest.find(R"("sync_every": "1s")") != std::string::npos);
  fixture.write_manifest("ninjaone-demo.json", manifest);
  fixture.use_plugins(required_env("NINJAONE_PLUGIN_DIR"));
  fixture.start({}, std::nullopt,
                {{"NINJAONE_CLIENT_ID", "sim-client"}, {"NINJAONE_CLIENT_SECRET", sim_secret}});

  BOOST_REQUIRE_MESSAGE(
      fixture.eventually(
          [&] {
            return fixture.metric("connector_syncs_total",
                                  {{"connector", "ninjaone-demo"}, {"outcome", "good"}}) >= 2;
          },
          30s),
      fixture.host_stderr());
  // The plugin's own HTTP figures reach /metrics through the ABI's counter service: a
  // full sync of this tenant is one walk, which makes a token request and reads users,
  // roles and its one page of organizations once each.
  BOOST_TEST(fixture.metric("connector_plugin_http_requests_total",
                            {{"connector", "ninjaone-demo"}, {"status", "200"}}) >= 8);
  fixture.host().signal(SIGTERM);
  BOOST_REQUIRE_EQUAL(fixture.host().wait_for(15s).value_or(-1), 0);

  store::Store db(fixture.state());
  const auto good = store::list_runs(db.db(), "ninjaone-demo", 100, store::RunStatus::good);
  BOOST_REQUIRE(good.size() >= 2u);
  // The tenant did not change between runs: every run read all of it.
  BOOST_TEST((good[0].counts == good[1].counts));
  BOOST_TEST(good[0].counts.resources >= 13);  // 4 technicians + 9 end users, and more
  BOOST_TEST(good[0].counts.grants > 0);
  BOOST_TEST(fixture.host_stderr().find(sim_secret) == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
