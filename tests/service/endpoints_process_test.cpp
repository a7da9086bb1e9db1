// The HTTP endpoints and the logs of service mode: readiness that names every enabled
// connector whose manifest did not load (and recovers on the SIGHUP that fixes it),
// and /metrics that describes the host and the process from the first scrape on.
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <connector/store/store.hpp>
#include <connector/store/sync_runs.hpp>

#include <algorithm>
#include <csignal>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include "support/service_fixture.hpp"

namespace store = connector::store;
using namespace std::chrono_literals;
using service_tests::Sample;
using service_tests::ServiceFixture;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The sample `name` with exactly `labels`; fails the test when it is absent.
const Sample& sample(const std::vector<Sample>& samples, const std::string& name,
                     const std::map<std::string, std::string>& labels = {}) {
  for (const Sample& each : samples) {
    if (each.name == name && each.labels == labels) return each;
  }
  BOOST_FAIL("no sample " << name << " with the labels asked for");
  throw std::logic_error("unreachable");
}

std::map<std::string, double> connector_states(const ServiceFixture& fixture) {
  const auto samples = fixture.metrics();
  std::map<std::string, double> states;
  for (const char* state : {"loaded", "failed", "disabled"}) {
    states[state] = sample(samples, "connector_host_connectors", {{"state", state}}).value;
  }
  return states;
}

// "a=1 b=2", so that a failed comparison shows both sides.
std::string text_of(const std::map<std::string, double>& counts) {
  std::ostringstream text;
  for (const auto& [key, value] : counts) text << key << "=" << value << " ";
  return text.str();
}

// What `connector-host ARGS... -o json` prints, one object a line.
std::vector<boost::json::object> host_json_lines(const std::vector<std::string>& args) {
  std::vector<std::string> command{service_tests::required_env("CONNECTOR_HOST"), "-o", "json"};
  command.insert(command.end(), args.begin(), args.end());
  const auto result = test_support::run(command);
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  std::vector<boost::json::object> lines;
  std::istringstream text(result.out);
  for (std::string line; std::getline(text, line);) {
    if (!line.empty()) lines.push_back(boost::json::parse(line).as_object());
  }
  return lines;
}

}  // namespace

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

BOOST_AUTO_TEST_CASE(not_ready_while_an_enabled_connector_failed_and_ready_once_sighup_fixes_it) {
  ServiceFixture fixture;
  fixture.write_fixture_manifest("steady", "1h");
  // Refused: a sync every 0s makes no sense (its jitter of 0s is fine).
  const std::string api_key = service_tests::fixture_api_key;
  const std::string directory = (fixture.root() / "directory.json").string();
  const auto scheduled = [&](const std::string& every) {
    return R"({"id":"every3","plugin":"fixture","schedule":{"sync_every":")" + every +
           R"(","jitter":"0s"},"config":{"fixture_file":")" + directory + R"(","api_key":")" +
           api_key + R"("}})";
  };
  fixture.write_manifest("every3.json", scheduled("0s"));
  // Broken too, but disabled: nothing is expected to run, so it does not make the
  // service unready.
  fixture.write_manifest(
      "parked.json", R"({"id":"parked","plugin":"no-such-plugin","enabled":false,"config":{}})");
  fixture.start();

  BOOST_TEST(fixture.get("/healthz").status == 200u);  // a broken manifest is no reason to restart
  auto ready = fixture.get("/readyz");
  BOOST_TEST(ready.status == 503u);
  BOOST_TEST(
      ready.body ==
      "connector 'every3' failed to load: " + (fixture.manifests() / "every3.json").string() +
          ": schedule.sync_every: '0s' is zero: a sync interval of zero would start a new "
          "sync the moment the last one ends; write how often to sync (eg: 1h), or leave "
          "out \"schedule\" to sync only on demand\n");
  BOOST_TEST(text_of(connector_states(fixture)) == "disabled=1 failed=1 loaded=1 ");

  // Fixed (the manifest of the issue: every 3s, no jitter), then SIGHUP: ready.
  fixture.write_manifest("every3.json", scheduled("3s"));
  fixture.host().signal(SIGHUP);
  BOOST_REQUIRE_MESSAGE(
      fixture.eventually([&] { return fixture.get("/readyz").status == 200u; }, 10s),
      fixture.get("/readyz").body);
  BOOST_TEST(fixture.get("/readyz").body == "ready\n");
  BOOST_TEST(text_of(connector_states(fixture)) == "disabled=1 failed=0 loaded=2 ");

  // A loaded connector whose manifest breaks keeps running its previous version, but
  // what the operator wrote is not in effect: not ready, saying so.
  fixture.write_manifest("steady.json", R"({"id":"steady","plugin":"fixture",)");
  fixture.host().signal(SIGHUP);
  BOOST_REQUIRE(fixture.eventually([&] { return fixture.get("/readyz").status == 503u; }, 10s));
  ready = fixture.get("/readyz");
  BOOST_TEST(ready.body.starts_with("connector 'steady' failed to load: " +
                                    (fixture.manifests() / "steady.json").string() + ":"),
             ready.body);
  BOOST_TEST(ready.body.ends_with(" (the version loaded before stays in use)\n"), ready.body);
  BOOST_TEST(std::count(ready.body.begin(), ready.body.end(), '\n') == 1);
  BOOST_TEST(text_of(connector_states(fixture)) == "disabled=1 failed=1 loaded=1 ");

  fixture.write_fixture_manifest("steady", "1h");
  fixture.host().signal(SIGHUP);
  BOOST_TEST(fixture.eventually([&] { return fixture.get("/readyz").status == 200u; }, 10s));
  BOOST_TEST(text_of(connector_states(fixture)) == "disabled=1 failed=0 loaded=2 ");

  fixture.host().signal(SIGTERM);
  BOOST_TEST(fixture.host().wait_for(10s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(metrics_describe_the_host_and_the_process_even_with_no_connector) {
  ServiceFixture fixture;  // an empty manifest directory
  const auto started_before = std::time(nullptr);
  fixture.start();
  const auto listening_after = std::time(nullptr);
  BOOST_TEST(fixture.get("/readyz").status == 200u);  // nothing enabled failed

  const std::vector<Sample> first = fixture.metrics();
  // The build: the version --version prints.
  const auto version_run =
      test_support::run({service_tests::required_env("CONNECTOR_HOST"), "--version"});
  const std::string version =
      version_run.out.substr(std::string("connector-host ").size(), version_run.out.size() - 16);
  BOOST_TEST(sample(first, "connector_host_build_info", {{"version", version}}).value == 1);
  // Every connector state has its series, at zero.
  BOOST_TEST(text_of(connector_states(fixture)) == "disabled=0 failed=0 loaded=0 ");
  // The plugins, as `connector-host plugins` sees the same directory.
  std::map<std::string, double> plugins{{"loaded", 0}, {"failed", 0}};
  for (const auto& plugin : host_json_lines(
           {"--plugins", service_tests::required_env("CONNECTOR_TEST_PLUGIN_DIR"), "plugins"})) {
    ++plugins[std::string(plugin.at("status").as_string())];
  }
  BOOST_TEST(plugins.at("loaded") > 0);
  BOOST_TEST(plugins.at("failed") > 0);  // the test plugin folder holds broken ones on purpose
  for (const auto& [state, count] : plugins) {
    BOOST_TEST(sample(first, "connector_host_plugins", {{"state", state}}).value == count, state);
  }

  // The process metrics, against what /proc says of the host process.
  const std::string proc = "/proc/" + std::to_string(fixture.host().pid());
  const Sample& resident = sample(first, "process_resident_memory_bytes");
  BOOST_TEST(resident.type == "gauge");
  const std::string status = read_file(proc + "/status");
  const auto vm_rss = status.find("VmRSS:");
  BOOST_REQUIRE(vm_rss != std::string::npos);
  const double rss_bytes = std::stod(status.substr(vm_rss + 6)) * 1024;
  BOOST_TEST(resident.value > rss_bytes / 2);
  BOOST_TEST(resident.value < rss_bytes * 2);
  BOOST_TEST(sample(first, "process_virtual_memory_bytes").value >= resident.value);
  const Sample& cpu = sample(first, "process_cpu_seconds_total");
  BOOST_TEST(cpu.type == "counter");
  BOOST_TEST(cpu.value >= 0);
  // Whole seconds around the start; the kernel's boot time has a second's resolution.
  const double start_time = sample(first, "process_start_time_seconds").value;
  BOOST_TEST(start_time >= static_cast<double>(started_before) - 1);
  BOOST_TEST(start_time <= static_cast<double>(listening_after) + 1);
  const std::string limits = read_file(proc + "/limits");
  const auto open_files = limits.find("Max open files");
  BOOST_REQUIRE(open_files != std::string::npos);
  const double soft_limit = std::stod(limits.substr(open_files + 14));
  BOOST_TEST(sample(first, "process_max_fds").value == soft_limit);
  const double open_fds = sample(first, "process_open_fds").value;
  BOOST_TEST(open_fds >= 3);  // stdin, stdout, stderr, and the listening socket
  BOOST_TEST(open_fds <= soft_limit);

  // Read again, the counter has not gone down and the build is still there.
  const std::vector<Sample> second = fixture.metrics();
  BOOST_TEST(sample(second, "process_cpu_seconds_total").value >= cpu.value);
  BOOST_TEST(sample(second, "connector_host_build_info", {{"version", version}}).value == 1);

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
